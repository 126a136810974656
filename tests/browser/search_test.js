#!/usr/bin/env node
// Site search in a real browser: serves a built example site on 127.0.0.1, types Thai (and English)
// queries into the search box of a page in headless Chromium, submits, and checks that the expected page
// comes first. Also: keyboard use, the live region, escaping, no-result and no-script behaviour, and
// screenshots of a results page at 360 px and 1280 px.
//
//   usage: node tests/browser/search_test.js PUBLIC_DIR [SCREENSHOT_DIR]
//   env:   CHROMIUM (default /usr/bin/chromium)
// Exit status 0 when every check passes, 1 with a list of failures otherwise.
'use strict';
const fs = require('fs');
const path = require('path');
const { openSite } = require('./loopback');

const publicDir = path.resolve(process.argv[2] || '');
const shotDir = process.argv[3] ? path.resolve(process.argv[3]) : null;
if (!process.argv[2] || !fs.existsSync(path.join(publicDir, 'search', 'index.json'))) {
  console.error('usage: search_test.js PUBLIC_DIR [SCREENSHOT_DIR]  (PUBLIC_DIR must hold a built site with search/index.json)');
  process.exit(2);
}

// query → the page that must come first. Chosen from the example content/ (titles, summaries, bodies).
const CASES = [
  // compound words (cut differently, or not at all, by the segmenters)
  { q: 'ปีงบประมาณ ๒๕๖๘ จัดซื้อจัดจ้าง', first: '/procurement/monthly-2568/' },
  { q: 'รายงานผลการจัดซื้อจัดจ้าง', first: '/procurement/annual-report-2567/' },
  { q: 'การจัดซื้อจัดจ้าง 2567', first: '/procurement/annual-report-2567/' },
  { q: 'สถิติเรื่องร้องเรียนการทุจริต', first: '/integrity/complaint-statistics-2568/' },
  { q: 'ช่องทางแจ้งเรื่องร้องเรียนการทุจริต', first: '/integrity/complaint-channel/' },
  { q: 'แนวปฏิบัติการจัดการเรื่องร้องเรียนการทุจริต', first: '/integrity/complaint-guideline/' },
  { q: 'แผนปฏิบัติราชการ ปีงบประมาณ 2568', first: '/plans/action-plan-2568/' },
  { q: 'ทรัพยากรบุคคล ปีงบประมาณ 2567', first: '/hr/hr-report-2567/' },
  { q: 'การประเมินความเสี่ยงสินบน', first: '/integrity/bribery-risk-2568/' },
  // Thai-digit years
  { q: 'รายงานผลการดำเนินงาน ๒๕๖๗', first: '/reports/annual-report-2567/' },
  { q: 'สถิติการให้บริการ ๒๕๖๘', first: '/services/statistics-2568/' },
  { q: 'แผนปฏิบัติการป้องกันการทุจริต ๒๕๖๘', first: '/integrity/anti-corruption-plan-2568/' },
  // English words, item codes
  { q: 'E-Service', first: '/services/e-service/' },
  { q: 'No Gift วัฒนธรรม', first: '/integrity/no-gift-2568/' },
  { q: 'O12', first: '/procurement/monthly-2568/' },
  { q: 'OIT ITA', first: '/oit/' },
  // partial words
  { q: 'เกษียณ', first: '/news/2025-09-26-retirement/' },
  { q: 'สงกราน', first: '/news/2025-04-11-songkran/' },
  { q: 'คอร์รัปชัน', first: '/news/2024-12-09-anti-corruption-day/' },
  { q: 'คุกกี้', first: '/policies/cookie-policy/' },
  // multi-word queries (every word must match)
  { q: 'วิสัยทัศน์ พันธกิจ', first: '/about/vision-mission/' },
  { q: 'ข้อมูลผู้บริหาร', first: '/about/executives/' },
  { q: 'นโยบาย ข้อมูลส่วนบุคคล', first: '/policies/privacy-policy/' },
  { q: 'โครงสร้าง อำนาจหน้าที่', first: '/about/structure/' },
  { q: 'สัมมนาเครือข่าย ข้อมูลเปิด', first: '/news/2025-05-20-network-seminar/' },
];

const failures = [];
function check(ok, message) {
  if (!ok) failures.push(message);
  return ok;
}

async function firstResults(page) {
  await page.waitForFunction(() => /^(พบ|ไม่พบ|โหลด)/.test(document.getElementById('search-status').textContent));
  return page.$$eval('#search-results > li', (lis) => lis.map((li) => ({
    href: new URL(li.querySelector('a').href).pathname,
    title: li.querySelector('a').textContent,
    marks: li.querySelectorAll('mark').length,
  })));
}

async function main() {
  const { origin, context, page, requests, offsite, errors, close } = await openSite(publicDir);
  try {
    // 1. Each query typed into the header search box of a content page, submitted with Enter.
    for (const [i, c] of CASES.entries()) {
      await page.goto(origin + (i % 2 ? '/contact/' : '/'));
      await page.click('#site-search-q');
      await page.keyboard.type(c.q);
      await Promise.all([page.waitForURL(/\/search\/\?q=/), page.keyboard.press('Enter')]);
      const results = await firstResults(page);
      const got = results.length ? results[0].href : '(no result)';
      if (check(got === c.first, `"${c.q}": expected ${c.first} first, got ${got}` +
                `${results.length ? ' — then ' + results.slice(1, 4).map((r) => r.href).join(', ') : ''}`))
        console.log(`ok   ${c.q}  →  ${got}  (${results.length} results)`);
      else console.log(`FAIL ${c.q}  →  ${got}`);
      check(results.length === 0 || results[0].marks > 0, `"${c.q}": the first result has no highlighted match`);
    }

    // 2. The search page itself: the query in the box, a live region with the count, keyboard to the results.
    await page.goto(origin + '/search/?q=' + encodeURIComponent('ร้องเรียนการทุจริต'));
    let results = await firstResults(page);
    check(await page.inputValue('#search-q') === 'ร้องเรียนการทุจริต', 'the search page does not show ?q= in its box');
    const status = await page.$eval('#search-status', (el) => ({ role: el.getAttribute('role'), live: el.getAttribute('aria-live'), text: el.textContent }));
    check(status.role === 'status' && status.live === 'polite', 'the result count is not in a polite live region');
    const count = Number((status.text.match(/พบ (\d+) รายการ/) || [])[1]);
    const moreShown = await page.isVisible('#search-more');
    check(moreShown ? count > results.length : count === results.length,
          `the status "${status.text}" does not match the ${results.length} results shown (more button: ${moreShown})`);
    check(results.length >= 3 && results.slice(0, 3).every((r) => r.href.startsWith('/integrity/complaint')),
          'ร้องเรียนการทุจริต: the three complaint pages are not the top three: ' + results.slice(0, 3).map((r) => r.href).join(', '));
    const excerpt = await page.$eval('#search-results .search-result-excerpt', (p) => p.innerHTML);
    check(/<mark>[^<]*ร้องเรียน/.test(excerpt), 'the excerpt does not mark the Thai match: ' + excerpt);

    await page.fill('#search-q', 'เผย\u200bแพร่ ข้อมูล');  // a zero-width space pasted in the middle
    await page.focus('#search-q');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => location.search.includes('%E0%B9%81%E0%B8%9E%E0%B8%A3'));
    results = await firstResults(page);
    check(results.length > 0, 'เผยแพร่ with a zero-width space finds nothing');
    await page.keyboard.press('Tab');  // the submit button
    await page.keyboard.press('Tab');  // the first result
    const focused = await page.evaluate(() => document.activeElement && document.activeElement.closest('#search-results') ? new URL(document.activeElement.href).pathname : null);
    check(focused === (results[0] && results[0].href), `Tab from the search box does not reach the first result (focus on ${focused})`);

    // 3. No match, and markup in the query stays text.
    await page.goto(origin + '/search/?q=' + encodeURIComponent('<img src=x onerror=window.hacked=1> ไม่มีคำนี้แน่นอนxyz'));
    results = await firstResults(page);
    check(results.length === 0, 'a nonsense query has results');
    check(!(await page.evaluate(() => window.hacked || document.querySelector('main img'))), 'markup in the query was parsed as HTML');
    check((await page.textContent('#search-status')).startsWith('ไม่พบ'), 'no "not found" message');

    // 4. More than one page of results: the button adds the next ten and moves focus to the first new one.
    await page.goto(origin + '/search/?q=' + encodeURIComponent('ปีงบประมาณ'));
    results = await firstResults(page);
    if (check(results.length === 10 && await page.isVisible('#search-more'), `ปีงบประมาณ: expected a first page of 10 and a "more" button, got ${results.length}`)) {
      await page.click('#search-more');
      await page.waitForFunction(() => document.querySelectorAll('#search-results > li').length > 10);
      const inNew = await page.evaluate(() => [...document.querySelectorAll('#search-results > li')].indexOf(document.activeElement.closest('li')));
      check(inNew === 10, `after "more", focus is on result ${inNew}, not the first new one (10)`);
    }

    // 5. Without scripts the header form still leads to /search/?q=…, which says what to do.
    const noJs = await context.newPage();
    await noJs.route('**/*.js', (route) => route.abort());  // the page's own script never runs
    await noJs.goto(origin + '/');
    await noJs.fill('#site-search-q', 'ปีงบประมาณ');
    await Promise.all([noJs.waitForURL(/\/search\/\?q=/), noJs.press('#site-search-q', 'Enter')]);
    check(decodeURIComponent(new URL(noJs.url()).search) === '?q=ปีงบประมาณ', 'the header form does not go to /search/?q=…: ' + noJs.url());
    check(/แผนผังเว็บไซต์/.test(await noJs.$eval('noscript', (n) => n.textContent)), 'the search page has no <noscript> way on');
    await noJs.close();

    // 6. Screenshots of a results page, narrow and wide.
    if (shotDir) {
      fs.mkdirSync(shotDir, { recursive: true });
      for (const width of [360, 1280]) {
        await page.setViewportSize({ width, height: width === 360 ? 800 : 900 });
        await page.goto(origin + '/search/?q=' + encodeURIComponent('การจัดซื้อจัดจ้าง'));
        await firstResults(page);
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        check(overflow <= 0, `at ${width} px the results page scrolls sideways by ${overflow} px`);
        await page.screenshot({ path: path.join(shotDir, `search-${width}.png`), fullPage: false });
        await page.goto(origin + '/procurement/');
        await page.screenshot({ path: path.join(shotDir, `header-${width}.png`), clip: { x: 0, y: 0, width, height: 400 } });
      }
      console.log('screenshots: ' + shotDir);
    }
  } finally {
    await close();
  }
  check(errors.length === 0, 'script errors: ' + errors.join('; '));
  check(offsite.length === 0, 'requests to other hosts: ' + offsite.join(', '));
  const shards = new Set(requests.filter((r) => r.startsWith('/search/t/')));
  console.log(`index files fetched: ${new Set(requests.filter((r) => r.startsWith('/search/'))).size} distinct (${shards.size} term shards)`);
  if (failures.length) {
    console.log(`\nFAIL search in the browser: ${failures.length} problem(s):\n  - ` + failures.join('\n  - '));
    process.exit(1);
  }
  console.log(`search in the browser: ${CASES.length} queries and the page checks ok`);
}

main().catch((e) => {
  console.error('FAIL search in the browser: ' + (e && e.stack || e));
  process.exit(1);
});
