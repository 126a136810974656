// Shared by the browser tests: a built site served from a free loopback port, and Debian's Chromium
// (never a downloaded browser) with every request that would leave 127.0.0.1 refused and recorded.
'use strict';
const fs = require('fs');
const http = require('http');
const os = require('os');
const path = require('path');
const { chromium } = require('playwright-core');

const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css',
  '.json': 'application/json', '.jsonld': 'application/ld+json', '.svg': 'image/svg+xml', '.png': 'image/png',
  '.jpg': 'image/jpeg', '.xml': 'application/xml', '.pdf': 'application/pdf', '.csv': 'text/csv; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8' };

// Serves publicDir like a web server (folder → index.html). `special(pathname, res)` may answer a request
// itself (returns true); `requests` collects every path asked for.
function staticServer(publicDir, special = () => false) {
  const requests = [];
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://127.0.0.1');
    requests.push(url.pathname);
    if (special(url.pathname, res)) return;
    let file = path.join(publicDir, decodeURIComponent(url.pathname));
    if (!file.startsWith(publicDir)) { res.writeHead(403); res.end(); return; }
    if (fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, 'index.html');
    fs.readFile(file, (err, data) => {
      if (err) { res.writeHead(404, { 'Content-Type': 'text/plain' }); res.end('not found'); return; }
      res.writeHead(200, { 'Content-Type': TYPES[path.extname(file)] || 'application/octet-stream' });
      res.end(data);
    });
  });
  return { server, requests };
}

// Starts the server and Chromium (Thai locale, 1280×900). Returns what a test uses and close().
async function openSite(publicDir, special) {
  const { server, requests } = staticServer(publicDir, special);
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${server.address().port}`;
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'oit-chromium-'));
  let context;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
             '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      locale: 'th-TH',
      viewport: { width: 1280, height: 900 },
    });
  } catch (e) {
    server.close();
    fs.rmSync(profile, { recursive: true, force: true });
    throw e;
  }
  // Nothing may leave the loopback server (no CDN, no fonts, no analytics).
  const offsite = [];
  await context.route('**/*', (route) => {
    const u = new URL(route.request().url());
    if (u.hostname !== '127.0.0.1') { offsite.push(u.href); return route.abort(); }
    return route.continue();
  });
  const page = context.pages()[0] || await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  const close = async () => {
    await context.close();
    server.close();
    fs.rmSync(profile, { recursive: true, force: true });
  };
  return { origin, context, page, requests, offsite, errors, close };
}

module.exports = { TYPES, openSite };
