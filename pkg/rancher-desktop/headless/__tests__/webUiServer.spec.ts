import fs from 'node:fs';
import http from 'node:http';
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

  it('serves the renderer without a credential and never sets a cookie', async() => {
    for (const p of ['/', '/?token=tok', '/assets/a.js']) {
      const reply = await get(p);

      expect(reply.status).toBe(200);
      expect(reply.headers.get('set-cookie')).toBeNull();
    }
    expect(await (await get('/')).text()).toBe('<html>app</html>');
  });

  it('says so when the URL holds a wrong token', async() => {
    const reply = await get('/?token=nope');

    expect(reply.status).toBe(401);
    expect(await reply.text()).toContain('Wrong token');
  });

  it('serves with a strict content policy and no referrer', async() => {
    const page = await get('/');

    expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
    expect((await get('/assets/a.js')).headers.get('content-type')).toContain('text/javascript');
  });

  it('answers malformed paths without falling over', async() => {
    expect((await get('/%E0%A4%A')).status).toBe(400);
    expect((await get('/')).status).toBe(200);
  });

  /** Sends the path byte for byte: fetch would resolve its `..` segments before sending. */
  const rawGet = (p: string) => new Promise<{ status: number; body: string }>((resolve, reject) => {
    http.get({ host: '127.0.0.1', port: new URL(ui.url).port, path: p }, (res) => {
      let body = '';

      res.on('data', (chunk) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    }).on('error', reject);
  });

  it('never serves a file outside the renderer', async() => {
    // The secret is one folder above the renderer's: each path climbs to it if unchecked.
    for (const p of ['/../webui-secret.txt', '/assets/../../webui-secret.txt', '/..%2fwebui-secret.txt', '/assets/..%2F..%2Fwebui-secret.txt', '/%2e%2e/webui-secret.txt']) {
      const reply = await rawGet(p);

      expect({ p, status: reply.status }).toEqual({ p, status: 404 });
      expect(reply.body).not.toContain('secret');
    }
  });

  it('refuses a foreign Host (DNS rebinding)', async() => {
    const status = await new Promise<number>((resolve) => {
      http.get({ host: '127.0.0.1', port: new URL(ui.url).port, path: '/', headers: { Host: 'evil.example' } }, (res) => resolve(res.statusCode ?? 0));
    });

    expect(status).toBe(421);
  });

  const origin = () => ui.url.replace(/\/$/, '');
  const connect = (protocols: string[], headers: Record<string, string>) => new Promise<WebSocket | number>((resolve) => {
    const ws = new WebSocket(`${ ui.url.replace('http', 'ws') }ws`, protocols, { headers });

    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.once('error', () => resolve(-1));
  });

  it('carries contract messages over the WebSocket for its own origin with the token subprotocol', async() => {
    const ws = await connect(['rd-ui', 'rd-token.tok'], { Origin: origin() });

    expect(ws).toBeInstanceOf(WebSocket);
    const socket = ws as WebSocket;

    // The token is never echoed back in the handshake.
    expect(socket.protocol).toBe('rd-ui');
    const answer = new Promise<UiMessage>((resolve) => socket.once('message', (d) => resolve(JSON.parse(d.toString()))));

    socket.send(JSON.stringify({ type: 'request', id: 7, name: 'app.about', args: [] }));
    expect(await answer).toEqual({ type: 'reply', id: 7, ok: true, result: 'pong' });
    socket.close();
  });

  it('refuses a WebSocket from another origin, or without the right token', async() => {
    expect(await connect(['rd-ui', 'rd-token.tok'], { Origin: 'http://evil.example' })).toBe(403);
    expect(await connect(['rd-ui', 'rd-token.tok'], {})).toBe(403);
    expect(await connect(['rd-ui'], { Origin: origin() })).toBe(403);
    expect(await connect(['rd-ui', 'rd-token.nope'], { Origin: origin() })).toBe(403);
    expect(await connect(['rd-ui', 'rd-token.to'], { Origin: origin() })).toBe(403);
    expect(await connect(['rd-token.tok'], { Origin: origin() })).toBe(403);
    // A cookie, what the old credential was, opens nothing.
    expect(await connect([], { Origin: origin(), Cookie: 'rd_web_ui=tok' })).toBe(403);
  });
});
