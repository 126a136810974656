#!/usr/bin/env node
// Accessibility of a built site in a real browser (headless Chromium, no browser download):
//  1. axe-core (npm, injected into each page) at WCAG 2.0/2.1 A and AA on EVERY HTML page:
//     no violation may remain.
//  2. Keyboard: the first Tab focuses the skip link, which moves focus to <main>; every focused
//     element shows a visible focus indicator; the main menu (and its narrow-screen toggle) is
//     reachable and usable with Tab and Enter alone.
//  3. Layout: representative pages do not scroll sideways at 360 px; screenshots at 360 px and
//     1280 px; in print the header menu and the search box are hidden.
//
//   usage: node tests/browser/a11y_test.js PUBLIC_DIR [SCREENSHOT_DIR]
//   env:   CHROMIUM (default /usr/bin/chromium)
// Exit status 0 when every check passes, 1 with a list of failures otherwise.
'use strict';
const fs = require('fs');
const path = require('path');
const { TYPES, openSite } = require('./loopback');

const publicDir = path.resolve(process.argv[2] || '');
const shotDir = process.argv[3] ? path.resolve(process.argv[3]) : null;
if (!process.argv[2] || !fs.existsSync(path.join(publicDir, 'index.html'))) {
  console.error('usage: a11y_test.js PUBLIC_DIR [SCREENSHOT_DIR]  (PUBLIC_DIR must hold a built site)');
  process.exit(2);
}
const AXE = require.resolve('axe-core/axe.min.js');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
// Representative pages for the layout checks (the item page with a table is found below).
const LAYOUT_PAGES = ['/', '/en/', '/en/contact/', '/en/hr/', '/oit/', '/news/', '/opendata/', '/search/?q=' + encodeURIComponent('จัดซื้อจัดจ้าง'), '/sitemap/'];

// axe is served from the same origin (cached, so Chromium compiles it once, not on every page), and
// so is a page with known faults that proves axe runs and reports at all.
const AXE_URL = '/__axe.min.js', PROBE_URL = '/__axe_probe.html';
const PROBE = '<!DOCTYPE html><html lang="th"><head><meta charset="utf-8"><title>probe</title></head><body>' +
  '<main><h1>probe</h1><img src="/icons/favicon.svg"><p style="color:#bbb;background:#fff">จาง</p></main></body></html>';
// Answers the two paths above; the rest is the site.
function special(pathname, res) {
  if (pathname === AXE_URL) {
    res.writeHead(200, { 'Content-Type': 'text/javascript; charset=utf-8', 'Cache-Control': 'max-age=3600' });
    res.end(fs.readFileSync(AXE));
    return true;
  }
  if (pathname === PROBE_URL) { res.writeHead(200, { 'Content-Type': TYPES['.html'] }); res.end(PROBE); return true; }
  return false;
}

const failures = [];
function check(ok, message) {
  if (!ok) failures.push(message);
  return ok;
}

// Every HTML page of the site, as URL paths (…/index.html → …/).
function htmlPages(dir, rel = '') {
  const out = [];
  for (const e of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
    const r = rel ? rel + '/' + e.name : e.name;
    if (e.isDirectory()) out.push(...htmlPages(dir, r));
    else if (e.name.endsWith('.html')) out.push('/' + (e.name === 'index.html' ? rel + (rel ? '/' : '') : r));
  }
  return out.sort();
}

async function axeRun(page) {
  await page.addScriptTag({ url: AXE_URL });
  return page.evaluate(async (tags) => {
    const r = await window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, help: v.help, impact: v.impact,
      targets: v.nodes.map((n) => n.target.join(' ')) }));
  }, TAGS);
}

// What the focused element looks like: an indicator counts when it has a visible outline or
// box-shadow, and the outline colour differs from the background it is drawn on.
function focusInfo() {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const cs = getComputedStyle(el);
  const desc = el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
    (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\s+/).join('.') : '') +
    (el.getAttribute('href') ? `[href="${el.getAttribute('href')}"]` : '');
  const outline = cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) >= 2;
  const shadow = cs.boxShadow && cs.boxShadow !== 'none';
  // The colour behind the element (first non-transparent background up the tree).
  let bg = 'rgb(255, 255, 255)';
  for (let n = el; n && n.nodeType === 1; n = n.parentElement) {
    const b = getComputedStyle(n).backgroundColor;
    if (b && b !== 'transparent' && !/rgba\(.*,\s*0\)$/.test(b)) { bg = b; break; }
  }
  return { desc, outline, shadow, outlineColor: cs.outlineColor, bg, inMain: !!el.closest('main'),
    inNav: !!el.closest('.main-nav'), tag: el.tagName, visible: el.getClientRects().length > 0 };
}

async function keyboardChecks(page, origin) {
  // --- the skip link, wide screen ---
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(origin + '/procurement/');
  await page.keyboard.press('Tab');
  let f = await page.evaluate(focusInfo);
  if (check(f && /skip-link/.test(f.desc), `the first Tab does not focus the skip link (focus on ${f && f.desc})`)) {
    const shown = await page.evaluate(() => {
      const r = document.activeElement.getBoundingClientRect();
      return r.top >= 0 && r.bottom <= innerHeight && r.width > 0;
    });
    check(shown, 'the focused skip link is not visible on screen');
    check(f.outline || f.shadow, 'the focused skip link has no visible focus outline');
    await page.keyboard.press('Enter');
    const active = await page.evaluate(() => document.activeElement && document.activeElement.id);
    check(active === 'main', `Enter on the skip link does not move focus to <main> (focus on #${active})`);
    await page.keyboard.press('Tab');
    f = await page.evaluate(focusInfo);
    check(f && f.inMain, `Tab after the skip link does not go into <main> (focus on ${f && f.desc})`);
  }

  // --- every focus stop of a page shows an indicator; the menu links are reachable by Tab ---
  for (const [width, url] of [[1280, '/'], [1280, '/oit/'], [360, '/']]) {
    await page.setViewportSize({ width, height: 900 });
    await page.goto(origin + url);
    const menuHrefs = await page.$$eval(width >= 768 ? '.nav-wide .menu a' : '.nav-narrow .menu a', (as) => as.map((a) => a.getAttribute('href')));
    check(menuHrefs.length > 0, `${url} at ${width} px: no main menu links`);
    const reached = new Set();
    let toggled = false;
    const seen = [];
    for (let i = 0; i < 200; i++) {
      await page.keyboard.press('Tab');
      f = await page.evaluate(focusInfo);
      if (!f) break;
      if (seen.length && seen[0] === f.desc && i > 2) break;  // wrapped around
      seen.push(f.desc);
      check(f.visible, `${url} at ${width} px: Tab focuses an invisible element ${f.desc}`);
      const visible = (f.outline && f.outlineColor !== f.bg && !/rgba\(.*,\s*0\)$/.test(f.outlineColor)) || f.shadow;
      check(visible, `${url} at ${width} px: no visible focus indicator on ${f.desc} (outline ${f.outlineColor} on ${f.bg})`);
      if (f.inNav && f.tag === 'SUMMARY' && !toggled) {
        // The narrow-screen menu toggle: Enter opens it, and Tab then walks its links.
        await page.keyboard.press('Enter');
        toggled = await page.$eval('.nav-narrow', (d) => d.open);
        check(toggled, `${url} at ${width} px: Enter on the menu toggle does not open the menu`);
      }
      const href = await page.evaluate(() => document.activeElement.closest('.main-nav') && document.activeElement.getAttribute('href'));
      if (href) reached.add(href);
      if (f.inMain) break;  // past the header: the menu is behind us
    }
    const missed = menuHrefs.filter((h) => !reached.has(h));
    check(missed.length === 0, `${url} at ${width} px: menu links not reached by Tab: ${missed.join(', ')}`);
    if (width < 768) check(toggled, `${url} at ${width} px: the menu toggle was not reached by Tab`);
  }
  // Enter on a menu link follows it.
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(origin + '/');
  const target = await page.$eval('.nav-wide .menu li:nth-child(2) a', (a) => a.getAttribute('href'));
  await page.focus('.nav-wide .menu li:nth-child(2) a');
  await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
  check(new URL(page.url()).pathname === new URL(target, origin + '/').pathname,
        `Enter on the menu link ${target} went to ${page.url()}`);
}

async function layoutChecks(page, origin, pages) {
  // An item page with a data table (an OIT item with a table in its body).
  let tablePage = null;
  for (const p of pages) {
    if (p.startsWith('/oit/') || p === '/' || !p.endsWith('/')) continue;
    const html = fs.readFileSync(path.join(publicDir, p, 'index.html'), 'utf8');
    if (/<table/.test(html) && /oit-badge/.test(html)) { tablePage = p; break; }
  }
  const list = [...LAYOUT_PAGES];
  if (check(tablePage, 'no item page with a table found for the layout checks')) list.splice(2, 0, tablePage);
  // A single news article too.
  const article = pages.find((p) => /^\/news\/.+\/$/.test(p));
  if (article) list.splice(4, 0, article);
  if (shotDir) fs.mkdirSync(shotDir, { recursive: true });
  for (const url of list) {
    const name = url === '/' ? 'home' : url.replace(/\?.*/, '').replace(/^\/|\/$/g, '').replace(/\//g, '_');
    for (const width of [360, 1280]) {
      await page.setViewportSize({ width, height: width === 360 ? 800 : 900 });
      await page.goto(origin + url);
      if (url.startsWith('/search/')) await page.waitForFunction(() => /^(พบ|ไม่พบ)/.test(document.getElementById('search-status').textContent));
      if (width === 360) {
        const sw = await page.evaluate(() => document.documentElement.scrollWidth);
        check(sw <= 360, `${url} at 360 px scrolls sideways (scrollWidth ${sw})`);
        // No element of the page sticks out to the right of the viewport (clipped overflow hides it too).
        const wide = await page.evaluate(() => [...document.querySelectorAll('body *')].filter((e) => {
          const r = e.getBoundingClientRect();
          if (!r.width || e.closest('.table-wrap, .visually-hidden, .skip-link')) return false;
          return r.right > 361 || r.left < -1;
        }).slice(0, 5).map((e) => e.tagName.toLowerCase() + (e.className ? '.' + String(e.className).split(' ')[0] : '')));
        check(wide.length === 0, `${url} at 360 px: elements stick out of the viewport: ${wide.join(', ')}`);
      }
      if (shotDir) await page.screenshot({ path: path.join(shotDir, `${name}-${width}.png`), fullPage: true });
    }
    // Print: no header menu, no search box, no skip link; the main content is there.
    await page.emulateMedia({ media: 'print' });
    const hidden = await page.evaluate(() => {
      const shown = (sel) => [...document.querySelectorAll(sel)].some((e) => getComputedStyle(e).display !== 'none' && e.getClientRects().length > 0);
      return { nav: shown('.main-nav'), search: shown('.site-search, .search-form'), main: shown('main h1') };
    });
    check(!hidden.nav, `${url} in print shows the main menu`);
    check(!hidden.search, `${url} in print shows the search box`);
    check(hidden.main, `${url} in print hides the page heading`);
    if (shotDir && url === tablePage) {
      await page.setViewportSize({ width: 794, height: 1123 });
      await page.screenshot({ path: path.join(shotDir, `${name}-print.png`), fullPage: true });
    }
    await page.emulateMedia({ media: 'screen' });
  }
  return list.length;
}

async function main() {
  const t0 = Date.now();
  const pages = htmlPages(publicDir);
  const { origin, page, offsite, errors, close } = await openSite(publicDir, special);
  let violations = 0, nodes = 0, layoutPages = 0;
  try {
    // 0. axe finds the faults of the probe page (else a silent axe would pass every page).
    await page.goto(origin + PROBE_URL);
    const probe = (await axeRun(page)).map((v) => v.id).sort().join(' ');
    if (!check(probe === 'color-contrast image-alt', `axe does not report the probe page's faults (got: ${probe || 'nothing'})`))
      throw new Error('axe-core does not work in this browser');
    // 1. axe on every page.
    for (const url of pages) {
      await page.goto(origin + url);
      const vs = await axeRun(page);
      for (const v of vs) {
        violations++;
        nodes += v.targets.length;
        const t = v.targets.slice(0, 4).join(' | ') + (v.targets.length > 4 ? ` (+${v.targets.length - 4} more)` : '');
        failures.push(`${url}: ${v.id}: ${t}: ${v.help}`);
      }
    }
    console.log(`axe (${TAGS.join(' ')}): ${pages.length} pages, ${violations} violation(s) on ${nodes} element(s)  [${((Date.now() - t0) / 1000).toFixed(1)} s]`);
    // 2. Keyboard.
    await keyboardChecks(page, origin);
    // 3. Narrow/wide layout, screenshots, print.
    layoutPages = await layoutChecks(page, origin, pages);
  } finally {
    await close();
  }
  check(errors.length === 0, 'script errors: ' + errors.join('; '));
  check(offsite.length === 0, 'requests to other hosts: ' + offsite.join(', '));
  if (shotDir) console.log('screenshots: ' + shotDir);
  const secs = ((Date.now() - t0) / 1000).toFixed(1);
  if (failures.length) {
    console.log(`\nFAIL accessibility in the browser: ${failures.length} problem(s):\n  - ` + failures.join('\n  - '));
    process.exit(1);
  }
  console.log(`accessibility in the browser: ${pages.length} pages without axe violations; keyboard checks and ` +
              `${layoutPages} pages at 360/1280 px and in print ok (${secs} s)`);
}

main().catch((e) => {
  console.error('FAIL accessibility in the browser: ' + (e && e.stack || e));
  process.exit(1);
});
