// The headless web UI answers only with the token, and its WebSocket only to its own origin.
import { expect, test } from '@playwright/test';

import { type HeadlessApp, startHeadlessApp } from '../helpers/headlessApp';

let app: HeadlessApp;

test.beforeAll(async() => {
  app = await startHeadlessApp();
});
test.afterAll(async() => app?.stop());

test('without the token the page is refused', async({ request }) => {
  const reply = await request.get(`${ app.origin }/`);

  expect(reply.status()).toBe(401);
  expect(await reply.text()).toContain('token');
  expect((await request.get(`${ app.origin }/?token=wrong`)).status()).toBe(401);
});

test('the token is traded for a cookie and leaves the address bar', async({ page }) => {
  await page.goto(app.loginUrl);
  await expect(page).toHaveURL(/^http:\/\/127\.0\.0\.1:\d+\/(#\/general)?$/);
  const cookies = await page.context().cookies();

  expect(cookies.find((c) => c.name === 'rd_web_ui')).toMatchObject({ httpOnly: true, sameSite: 'Strict' });
});

test('a WebSocket from another origin is refused', async({ page }) => {
  await page.goto(app.loginUrl);
  // A page of another origin (about:blank here) holding no cookie cannot connect.
  const other = await page.context().newPage();
  const outcome = await other.evaluate((url) => new Promise<string>((resolve) => {
    const ws = new WebSocket(url);

    ws.onopen = () => resolve('open');
    ws.onerror = () => resolve('refused');
  }), `${ app.origin.replace('http', 'ws') }/ws`);

  expect(outcome).toBe('refused');
});

test('the token file is readable by its owner only', async() => {
  const fs = await import('node:fs');
  const stat = fs.statSync(`${ app.home }/.local/share/rancher-desktop/web-ui-url`);

  expect(stat.mode & 0o077).toBe(0);
  expect(fs.readFileSync(`${ app.home }/.local/share/rancher-desktop/web-ui-url`, 'utf8').trim()).toBe(app.loginUrl);
});
