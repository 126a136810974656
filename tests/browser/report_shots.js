#!/usr/bin/env node
// The HTML report of `oit check` as the working group sees it: opened from a file in headless Chromium
// with JavaScript off (it must read without scripts) and every network request refused (it must be
// self-contained). At 360 px wide the page may not scroll sideways and the chart's labels must stay
// inside the chart; printed to PDF on A4 it must give whole pages. Writes report-360.png,
// report-360-part1..4.png and report-360-end.png (its first and last screens), report-a4.png (print styles at A4 width) and
// report.pdf to OUT_DIR.
//
//   usage: node tests/browser/report_shots.js REPORT_HTML OUT_DIR
//   env:   CHROMIUM (default /usr/bin/chromium)
// Exit status 0 when every check passes, 1 with a list of failures otherwise.
'use strict';
const fs = require('fs');
const path = require('path');
const { pathToFileURL } = require('url');
const { chromium } = require('playwright-core');

const report = process.argv[2] ? path.resolve(process.argv[2]) : '';
const outDir = process.argv[3] ? path.resolve(process.argv[3]) : '';
if (!report || !outDir || !fs.existsSync(report)) {
  console.error('usage: report_shots.js REPORT_HTML OUT_DIR');
  process.exit(2);
}
fs.mkdirSync(outDir, { recursive: true });

const A4_WIDTH_PX = 794;  // 210 mm at 96 px per inch

async function main() {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
           '--disable-component-update', '--disable-sync'],
  });
  const failures = [];
  try {
    const context = await browser.newContext({ javaScriptEnabled: false, locale: 'th-TH' });
    const requests = [];
    await context.route('**/*', (route) => {
      const u = route.request().url();
      if (u.startsWith('file:')) return route.continue();
      requests.push(u);
      return route.abort();
    });
    const page = await context.newPage();
    const url = pathToFileURL(report).href;

    // Narrow phone: no sideways scrolling, chart labels inside the chart.
    await page.setViewportSize({ width: 360, height: 740 });
    await page.goto(url);
    const narrow = await page.evaluate(() => {
      const svg = document.querySelector('svg.chart');
      const vb = svg ? svg.viewBox.baseVal : null;
      const clipped = [];
      if (svg)
        for (const t of svg.querySelectorAll('text')) {
          const b = t.getBBox();
          if (b.x < 0 || b.x + b.width > vb.width + 0.5) clipped.push(`${t.textContent} (${Math.round(b.x + b.width)} > ${vb.width})`);
        }
      const wide = [];
      for (const el of document.body.querySelectorAll('*')) {
        const r = el.getBoundingClientRect();
        if (r.right > 360.5 && !el.closest('svg')) wide.push(`${el.tagName.toLowerCase()}.${el.className} right=${Math.round(r.right)}`);
      }
      return { scrollWidth: document.documentElement.scrollWidth, hasChart: !!svg, clipped, wide: wide.slice(0, 5),
               scripts: document.querySelectorAll('script').length };
    });
    if (!narrow.hasChart) failures.push('no svg.chart in the report');
    if (narrow.scripts) failures.push(`${narrow.scripts} <script> elements`);
    if (narrow.scrollWidth > 360)
      failures.push(`at 360 px the page is ${narrow.scrollWidth} px wide (sideways scrolling): ${narrow.wide.join(', ')}`);
    for (const c of narrow.clipped) failures.push(`chart label runs out of the chart: ${c}`);
    await page.screenshot({ path: path.join(outDir, 'report-360.png'), fullPage: true });
    // The same page cut in screen-sized parts: a whole report is too tall to look at in one picture.
    const height = await page.evaluate(() => document.documentElement.scrollHeight);
    for (let y = 0, i = 1; y < height && i <= 4; y += 1200, ++i)
      await page.screenshot({ path: path.join(outDir, `report-360-part${i}.png`), fullPage: true,
                              clip: { x: 0, y, width: 360, height: Math.min(1200, height - y) } });
    if (height > 4 * 1200)
      await page.screenshot({ path: path.join(outDir, 'report-360-end.png'), fullPage: true,
                              clip: { x: 0, y: height - 1200, width: 360, height: 1200 } });

    // Print: the print styles at A4 width as a picture, then the real PDF.
    await page.emulateMedia({ media: 'print' });
    await page.setViewportSize({ width: A4_WIDTH_PX, height: 1123 });
    await page.screenshot({ path: path.join(outDir, 'report-a4.png'), fullPage: true });
    const pdfPath = path.join(outDir, 'report.pdf');
    await page.pdf({ path: pdfPath, format: 'A4', printBackground: true, preferCSSPageSize: true });
    const pdf = fs.readFileSync(pdfPath);
    const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page(?!s)/g) || []).length;
    if (pdf.length < 20000) failures.push(`report.pdf is only ${pdf.length} bytes`);
    if (pages < 2) failures.push(`report.pdf has ${pages} A4 pages; a full report needs more than one`);
    if (requests.length) failures.push(`the report asked the network for: ${requests.join(', ')}`);
    console.log(`report_shots: 360 px scrollWidth ${narrow.scrollWidth}, PDF ${pages} pages, ${pdf.length} bytes → ${outDir}`);
  } finally {
    await browser.close();
  }
  if (failures.length) {
    for (const f of failures) console.log('FAIL report_shots: ' + f);
    process.exit(1);
  }
}

main().catch((e) => {
  console.log('FAIL report_shots: ' + (e && e.stack || e));
  process.exit(1);
});
