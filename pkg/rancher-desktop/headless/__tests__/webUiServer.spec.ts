import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import WebSocket from 'ws';

import type { UiMessage } from '@pkg/ipc/uiContract';
import { nullLogger } from '@pkg/utils/logger';

import { startWebUi, type WebUi } from '../webUiServer';

describe('headless web UI server', () => {
  let dir: string;
  let ui: WebUi;
  const received: unknown[] = [];

  beforeAll(async() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'webui-'));
    fs.mkdirSync(path.join(dir, 'assets'));
    fs.writeFileSync(path.join(dir, 'index.html'), '<html>app</html>');
    fs.writeFileSync(path.join(dir, 'assets', 'a.js'), 'x');
    fs.writeFileSync(path.join(os.tmpdir(), 'webui-secret.txt'), 'secret');
    ui = await startWebUi({
      staticDir: dir, token: 'tok', logger: nullLogger,
      openSession: (send) => ({
        handle: async(data) => {
          received.push(data);
          send({ type: 'reply', id: (data as { id: number }).id, ok: true, result: 'pong' });
        },
        dispose: () => {},
      }),
    });
  });
  afterAll(async() => {
    await ui.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const get = (p: string, headers: Record<string, string> = {}) => fetch(`${ ui.url }${ p.replace(/^\//, '') }`, { headers, redirect: 'manual' });
  const cookie = { Cookie: 'rd_web_ui=tok' };

  it('refuses requests without the token', async() => {
    expect((await get('/')).status).toBe(401);
    expect((await get('/', { Cookie: 'rd_web_ui=nope' })).status).toBe(401);
    expect((await get('/?token=nope')).status).toBe(401);
  });

  it('trades the token in the URL for an HttpOnly, SameSite cookie', async() => {
    const reply = await get('/?token=tok');

    expect(reply.status).toBe(302);
    expect(reply.headers.get('location')).toBe('/');
    expect(reply.headers.get('set-cookie')).toBe('rd_web_ui=tok; HttpOnly; SameSite=Strict; Path=/');
  });

  it('serves the renderer with the cookie or a bearer token, with a strict content policy', async() => {
    const page = await get('/', cookie);

    expect(page.status).toBe(200);
    expect(await page.text()).toBe('<html>app</html>');
    expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect((await get('/assets/a.js', { Authorization: 'Bearer tok' })).headers.get('content-type')).toContain('text/javascript');
  });

  it('answers malformed paths and cookies without falling over', async() => {
    expect((await get('/%E0%A4%A', cookie)).status).toBe(400);
    expect((await get('/', { Cookie: 'rd_web_ui=%E0%A4%A' })).status).toBe(401);
    expect((await get('/', cookie)).status).toBe(200);
  });

  it('never serves a file outside the renderer', async() => {
    expect((await get('/..%2fwebui-secret.txt', cookie)).status).toBe(404);
    expect((await get('/assets/../../webui-secret.txt', cookie)).status).toBe(404);
  });

  it('refuses a foreign Host (DNS rebinding)', async() => {
    const http = await import('node:http');
    const status = await new Promise<number>((resolve) => {
      http.get({ host: '127.0.0.1', port: new URL(ui.url).port, path: '/', headers: { Host: 'evil.example', ...cookie } }, (res) => resolve(res.statusCode ?? 0));
    });

    expect(status).toBe(421);
  });

  const connect = (headers: Record<string, string>) => new Promise<WebSocket | number>((resolve) => {
    const ws = new WebSocket(`${ ui.url.replace('http', 'ws') }ws`, { headers });

    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.once('error', () => resolve(-1));
  });

  it('carries contract messages over the WebSocket for its own origin with the cookie', async() => {
    const ws = await connect({ Origin: ui.url.replace(/\/$/, ''), ...cookie });

    expect(ws).toBeInstanceOf(WebSocket);
    const socket = ws as WebSocket;
    const answer = new Promise<UiMessage>((resolve) => socket.once('message', (d) => resolve(JSON.parse(d.toString()))));

    socket.send(JSON.stringify({ type: 'request', id: 7, name: 'app.about', args: [] }));
    expect(await answer).toEqual({ type: 'reply', id: 7, ok: true, result: 'pong' });
    socket.close();
  });

  it('refuses a WebSocket from another origin or without the cookie', async() => {
    const origin = ui.url.replace(/\/$/, '');

    expect(await connect({ Origin: 'http://evil.example', ...cookie })).not.toBeInstanceOf(WebSocket);
    expect(await connect({ Origin: origin })).not.toBeInstanceOf(WebSocket);
  });
});
