// The headless web UI's credential is the token, kept by the page in sessionStorage and sent
// only to its own WebSocket, never a cookie (which the browser would send to every server on
// 127.0.0.1, containers' published ports included); the WebSocket answers only its origin.
import { expect, type Page, test } from '@playwright/test';

import { type HeadlessApp, startHeadlessApp } from '../helpers/headlessApp';

let app: HeadlessApp;

test.beforeAll(async() => {
  app = await startHeadlessApp();
});
test.afterAll(async() => app?.stop());

/** Opens a WebSocket to the app from the page's own context; says whether it opened. */
function tryWebSocket(page: Page, protocols: string[]): Promise<string> {
  return page.evaluate(([url, offered]) => new Promise<string>((resolve) => {
    const ws = new WebSocket(url, offered);

    ws.onopen = () => {
      resolve(`open:${ ws.protocol }`);
      ws.close();
    };
    ws.onerror = () => resolve('refused');
  }), [`${ app.origin.replace('http', 'ws') }/ws`, protocols] as const);
}

test('a wrong token in the URL is refused with a message', async({ request }) => {
  const reply = await request.get(`${ app.origin }/?token=wrong`);

  expect(reply.status()).toBe(401);
  expect(await reply.text()).toContain('token');
});

test('the token leaves the address bar, stays in sessionStorage, and the page connects', async({ page }) => {
  await page.goto(app.loginUrl);
  await expect(page).toHaveURL(/^http:\/\/127\.0\.0\.1:\d+\/(#\/general)?$/);
  expect(await page.evaluate('sessionStorage.getItem("rd-web-ui-token")')).toBe(new URL(app.loginUrl).searchParams.get('token'));
  // The backend's state comes over the WebSocket: it shows only once the token was accepted.
  await expect(page.getByTestId('backend-state').first()).toHaveText(/Running/);
  // A reload keeps the session: the token is read back from sessionStorage.
  await page.reload();
  await expect(page.getByTestId('backend-state').first()).toHaveText(/Running/);
  await expect(page.getByText('Not connected to the app')).toHaveCount(0);
});

test('no response ever sets a cookie', async({ page }) => {
  const setCookies: string[] = [];

  page.on('response', async(response) => {
    const header = await response.headerValue('set-cookie');

    if (header !== null) {
      setCookies.push(`${ response.url() }: ${ header }`);
    }
  });
  await page.goto(app.loginUrl);
  await expect(page.getByTestId('backend-state').first()).toHaveText(/Running/);
  await page.goto(`${ app.origin }/`);
  await page.goto(`${ app.origin }/?token=wrong`);
  expect(setCookies).toEqual([]);
  expect(await page.context().cookies()).toEqual([]);
});

test('a WebSocket without the token is refused, even from the page\'s own origin', async({ page }) => {
  // A page served by the app that never saw the token (the static files are public).
  await page.goto(`${ app.origin }/`);
  expect(await tryWebSocket(page, [])).toBe('refused');
  expect(await tryWebSocket(page, ['rd-ui'])).toBe('refused');
  expect(await tryWebSocket(page, ['rd-ui', 'rd-token.wrong'])).toBe('refused');
  const token = new URL(app.loginUrl).searchParams.get('token');

  // The token is never echoed back: the server selects the plain protocol.
  expect(await tryWebSocket(page, ['rd-ui', `rd-token.${ token }`])).toBe('open:rd-ui');
});

test('a WebSocket from another origin is refused, even with the token', async({ page }) => {
  await page.goto(app.loginUrl);
  // A page of another origin (about:blank here).
  const other = await page.context().newPage();
  const token = new URL(app.loginUrl).searchParams.get('token');

  expect(await tryWebSocket(other, ['rd-ui', `rd-token.${ token }`])).toBe('refused');
});

test('the token file is readable by its owner only', async() => {
  const fs = await import('node:fs');
  const stat = fs.statSync(`${ app.home }/.local/share/rancher-desktop/web-ui-url`);

  expect(stat.mode & 0o077).toBe(0);
  expect(fs.readFileSync(`${ app.home }/.local/share/rancher-desktop/web-ui-url`, 'utf8').trim()).toBe(app.loginUrl);
});
