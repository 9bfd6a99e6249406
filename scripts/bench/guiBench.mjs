/* global document, performance -- the two callbacks below run in the page, not in Node. */
// Prints the GUI's figures: the production renderer's initial JavaScript (what index.html
// loads before the first page shows) gzipped, and the time from navigation to the General
// page showing the backend state, in Debian's Chromium against the headless app (median of
// 15 loads, cold cache each). Targets: initial JS <= 400 KB gzip, first render <= 500 ms.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

import { chromium } from 'playwright';

import { median, root, startMockApp } from './benchApp.mjs';

const RUNS = 15;
const dist = path.join(root, 'dist', 'renderer');
const html = fs.readFileSync(path.join(dist, 'index.html'), 'utf8');
const initial = [...html.matchAll(/(?:src|href)="\.\/(assets\/[^"]+\.js)"/g)].map((m) => m[1]);
const gzip = (file) => zlib.gzipSync(fs.readFileSync(path.join(dist, file)), { level: 9 }).length;
const allJs = fs.readdirSync(path.join(dist, 'assets')).filter((f) => f.endsWith('.js')).map((f) => `assets/${ f }`);
const kb = (bytes) => `${ (bytes / 1024).toFixed(1) } KB`;

console.log(`initial JS: ${ initial.length } file(s), ${ kb(initial.reduce((s, f) => s + gzip(f), 0)) } gzip (target <= 400 KB); all pages' JS: ${ kb(allJs.reduce((s, f) => s + gzip(f), 0)) } gzip`);

const { app, output } = await startMockApp().then((s) => ({ app: s.app, output: () => s.output }));

try {
  let loginUrl;

  for (let i = 0; i < 100 && !loginUrl; i++) {
    loginUrl = /web UI: {3}(\S+)/.exec(output())?.[1];
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  if (!loginUrl) {
    throw new Error('the app printed no web UI URL (is dist/renderer built?)');
  }
  const browser = await chromium.launch({ executablePath: process.env.RD_CHROMIUM ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-background-networking'] });
  const context = await browser.newContext();
  const page = await context.newPage();

  await page.goto(loginUrl);
  const cdp = await context.newCDPSession(page);
  const times = [];

  for (let i = 0; i < RUNS + 1; i++) {
    await cdp.send('Network.clearBrowserCache');
    await page.goto('about:blank');
    await page.goto(`${ new URL(loginUrl).origin }/#/general`, { waitUntil: 'commit' });
    await page.waitForFunction(() => /Running|Stopped|Starting/.test(document.querySelector('[data-test="backend-state"]')?.textContent ?? ''), undefined, { polling: 'raf' });
    // performance.now() counts from this navigation's start.
    const ms = await page.evaluate(() => performance.now());

    if (i > 0) {
      times.push(ms); // the first load warms Chromium itself, not the app
    }
  }
  await browser.close();
  console.log(`navigation to the General page showing the backend state: median ${ median(times).toFixed(0) } ms, min ${ Math.min(...times).toFixed(0) } ms, max ${ Math.max(...times).toFixed(0) } ms over ${ RUNS } cold-cache loads (target <= 500 ms)`);
} finally {
  app.kill('SIGTERM');
}
