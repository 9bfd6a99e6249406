// Serves the renderer to a browser on 127.0.0.1 (headless mode) and carries the UI contract
// over a WebSocket. The static files hold no data and are served to anyone on this host;
// everything with data goes over the WebSocket, which needs the token printed at start (the
// page keeps it in sessionStorage and sends it as a subprotocol) and this origin. No cookie:
// a browser would send a cookie for 127.0.0.1 to every other server there, and containers
// publish their ports there.
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

import { type WebSocket, WebSocketServer } from 'ws';

import type { UiMessage } from '@pkg/ipc/uiContract';
import type { Logger } from '@pkg/utils/logger';

/** The subprotocol the server selects; the token rides in a second one, never echoed back. */
export const WEB_UI_PROTOCOL = 'rd-ui';
export const TOKEN_PROTOCOL_PREFIX = 'rd-token.';
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

export interface UiSessionLike {
  handle(data: unknown): Promise<void>;
  dispose(): void;
}

export interface WebUiOptions {
  /** The built renderer (index.html and assets/). */
  staticDir: string;
  openSession(send: (message: UiMessage) => void): UiSessionLike;
  logger: Logger;
  /** 0 (default) picks a free port. */
  port?: number;
  /** Tests pass a known token; otherwise a random one. */
  token?: string;
}

export interface WebUi {
  url: string;
  /** The URL with the token, what the user opens. */
  loginUrl: string;
  token: string;
  close(): Promise<void>;
}

function sameToken(given: string | undefined, token: string): boolean {
  if (!given) {
    return false;
  }
  const a = Buffer.from(given);
  const b = Buffer.from(token);

  return a.length === b.length && crypto.timingSafeEqual(a, b);
}

/** Who may talk to the server: this host name and port, and for data the token too. */
class Gate {
  port = 0;

  constructor(readonly token: string) {}

  get origins(): string[] {
    return [`http://127.0.0.1:${ this.port }`, `http://localhost:${ this.port }`];
  }

  /** A foreign Host header means DNS rebinding or a proxy. */
  hostAllowed(host: string | undefined): boolean {
    return this.origins.some((o) => o.endsWith(`//${ host }`));
  }

  /** The token comes as the subprotocol `rd-token.<token>`: a browser can set nothing else on a WebSocket. */
  socketAuthorized(protocols: Set<string>): boolean {
    const offered = [...protocols].find((p) => p.startsWith(TOKEN_PROTOCOL_PREFIX));

    return protocols.has(WEB_UI_PROTOCOL) && sameToken(offered?.slice(TOKEN_PROTOCOL_PREFIX.length), this.token);
  }
}

/** The Sec-WebSocket-Protocol list, as ws parses it. */
function offeredProtocols(header: string | undefined): Set<string> {
  return new Set((header ?? '').split(',').map((p) => p.trim()).filter(Boolean));
}

function handleHttp(gate: Gate, root: string, req: http.IncomingMessage, res: http.ServerResponse): void {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const plain = (status: number, body: string) => res.writeHead(status, { 'Content-Type': 'text/plain' }).end(body);

  if (!gate.hostAllowed(req.headers.host)) {
    plain(421, 'This server answers only on 127.0.0.1.\n');
  } else if (url.searchParams.has('token') && !sameToken(url.searchParams.get('token') ?? '', gate.token)) {
    // Said here, where the user can read it: a refused WebSocket tells the page nothing.
    plain(401, 'Wrong token: open the URL Rancher Desktop printed when it started (it is also in web-ui-url in its data folder).\n');
  } else {
    serveStatic(root, url.pathname, res, gate.origins[0]);
  }
}

function acceptSocket(ws: WebSocket, options: WebUiOptions): void {
  const session = options.openSession((message) => {
    if (ws.readyState === ws.OPEN) {
      ws.send(JSON.stringify(message));
    }
  });

  ws.on('message', (data) => {
    let parsed: unknown;

    try {
      parsed = JSON.parse(data.toString());
    } catch {
      return;
    }
    session.handle(parsed).catch((e) => options.logger.error('web UI: request failed', e));
  });
  ws.on('close', () => session.dispose());
}

export async function startWebUi(options: WebUiOptions): Promise<WebUi> {
  const gate = new Gate(options.token ?? crypto.randomBytes(24).toString('base64url'));
  const root = path.resolve(options.staticDir);
  const server = http.createServer((req, res) => handleHttp(gate, root, req, res));
  const wss = new WebSocketServer({ noServer: true, maxPayload: 1024 * 1024, handleProtocols: () => WEB_UI_PROTOCOL });

  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');

    if (url.pathname !== '/ws' || !gate.hostAllowed(req.headers.host) || !gate.origins.includes(req.headers.origin ?? '') ||
      !gate.socketAuthorized(offeredProtocols(req.headers['sec-websocket-protocol']))) {
      options.logger.warn(`web UI: refused a WebSocket from origin ${ req.headers.origin ?? '(none)' } (wrong origin or token)`);
      socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');

      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => acceptSocket(ws, options));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  gate.port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${ gate.port }/`;

  return {
    url,
    loginUrl: `${ url }?token=${ gate.token }`,
    token: gate.token,
    close: () => new Promise<void>((resolve) => {
      for (const client of wss.clients) {
        client.terminate();
      }
      wss.close();
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}

function serveStatic(root: string, pathname: string, res: http.ServerResponse, origin: string): void {
  let decoded: string;

  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    res.writeHead(400, { 'Content-Type': 'text/plain' }).end('Malformed path\n');

    return;
  }
  const rel = decoded === '/' ? 'index.html' : decoded.replace(/^\/+/, '');
  const file = path.resolve(root, rel);

  if (!file.startsWith(root + path.sep)) {
    res.writeHead(404).end();

    return;
  }
  fs.readFile(file, (error, data) => {
    if (error) {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('Not found\n');

      return;
    }
    res.writeHead(200, {
      'Content-Type': TYPES[path.extname(file)] ?? 'application/octet-stream',
      'Content-Security-Policy': `default-src 'self'; connect-src 'self' ${ origin.replace('http', 'ws') }; style-src 'self' 'unsafe-inline'; img-src 'self' data:`,
      'X-Content-Type-Options': 'nosniff',
      // The address bar may still hold ?token= until the page has stored it.
      'Referrer-Policy': 'no-referrer',
      'Cache-Control': rel.startsWith('assets/') ? 'max-age=31536000, immutable' : 'no-cache',
    }).end(data);
  });
}
