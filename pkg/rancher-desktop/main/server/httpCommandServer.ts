import http from 'node:http';

import { listAllEndpoints, listV1Endpoints, type Route, routes } from '@pkg/ipc/routes';
import type { Logger } from '@pkg/utils/logger';

import type { CoreServices } from '../coreServices';
import type { DiagnosticsRunner } from '../diagnostics/diagnosticsRunner';
import { handlers } from '../handlers/handlerTable';
import type { Reply } from '../handlers/reply';
import { authenticate } from './basicAuth';

/** RD's body limit: 4 MiB. */
export const MAX_BODY_BYTES = 4 * 1024 * 1024;

export interface CommandServerOptions {
  services: CoreServices;
  diagnostics: DiagnosticsRunner;
  /** user name → password; `user` and `interactive-user`. */
  passwords: Record<string, string>;
  logger: Logger;
}

const CORS_HEADERS = {
  'Access-Control-Allow-Headers': 'Authorization',
  'Access-Control-Allow-Methods': 'GET, PUT, DELETE',
  'Access-Control-Allow-Origin': '*',
};

// The encoded body of a JSON reply is cached per object: settings are replaced, never
// mutated, so GET /v1/settings under load costs no re-serialisation.
const encodedCache = new WeakMap<object, { pretty?: Buffer; compact?: Buffer }>();

function encode(value: unknown, pretty: boolean): Buffer {
  if (typeof value !== 'object' || value === null) {
    return Buffer.from(JSON.stringify(value, undefined, pretty ? 2 : undefined));
  }
  let entry = encodedCache.get(value);

  if (!entry) {
    entry = {};
    encodedCache.set(value, entry);
  }
  const key = pretty ? 'pretty' : 'compact';

  return (entry[key] ??= Buffer.from(JSON.stringify(value, undefined, pretty ? 2 : undefined)));
}

function send(res: http.ServerResponse, reply: Reply): void {
  const isJson = reply.json !== undefined;
  const body = isJson ? encode(reply.json, !!reply.jsonAsText) : Buffer.from(reply.text ?? '');
  const type = isJson && !reply.jsonAsText ? 'application/json; charset=utf-8' : 'text/plain; charset=utf-8';

  if (reply.after) {
    res.once('finish', reply.after);
  }
  res.writeHead(reply.status, { ...CORS_HEADERS, 'Content-Type': type, 'Content-Length': body.length });
  res.end(body);
}

const text = (status: number, body: string): Reply => ({ status, text: body });

/** Reads the request body as text, or undefined once it passes the limit. */
function readBody(req: http.IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;

    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) {
        chunks.push(chunk);
      }
    });
    req.on('end', () => resolve(size > MAX_BODY_BYTES ? undefined : Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** Routes by `METHOD /path` (paths match case-insensitively, a trailing slash ignored, as express did for RD). */
function routeTable(): Map<string, Route | Reply> {
  const table = new Map<string, Route | Reply>([
    ['GET /', { status: 200, json: listAllEndpoints() }],
    ['GET /v0', { status: 200, json: ['GET /v0'] }],
    ['GET /v1', { status: 200, json: listV1Endpoints() }],
  ]);

  for (const route of routes) {
    table.set(`${ route.method } /v1/${ route.path }`, route);
    if (route.since === 0) {
      table.set(`${ route.method } /v0/${ route.path }`, text(400, `Invalid version "/v0" for endpoint "${ route.method } /v0/${ route.path }" - use "/v1/${ route.path }"`));
    }
  }

  return table;
}

/**
 * The HTTP adaptor of the command API (rd-api.md §1.1–1.3): CORS, OPTIONS, Basic auth, the
 * route table, /v0 hints, endpoint listings, 404/413/500 texts. It holds no business logic:
 * it finds the route, hands the handler the query and raw body, and sends the reply.
 * Plain node:http rather than a framework: routes are exact paths, and under 50 clients
 * the framework's per-request work was most of the cost.
 */
export function createCommandHandler(options: CommandServerOptions): http.RequestListener {
  const table = routeTable();

  return (req, res) => {
    const method = req.method ?? 'GET';

    if (method === 'OPTIONS') {
      res.writeHead(204, CORS_HEADERS).end();

      return;
    }
    if (!authenticate(req.headers.authorization, options.passwords)) {
      req.resume();
      send(res, text(401, 'Unauthorized'));

      return;
    }
    const raw = req.url ?? '/';
    const q = raw.indexOf('?');
    const pathname = q < 0 ? raw : raw.slice(0, q);
    const key = `${ method } ${ pathname.length > 1 ? pathname.replace(/\/$/, '').toLowerCase() : pathname }`;
    const entry = table.get(key);

    if (!entry || !('request' in entry)) {
      req.resume();
      send(res, entry ?? text(404, `Unknown command: ${ method } ${ pathname }`));

      return;
    }
    handle(entry, req, res, q < 0 ? '' : raw.slice(q + 1), options).catch((error: unknown) => {
      options.logger.error('command server: unhandled error', error);
      if (!res.headersSent) {
        send(res, text(500, 'Internal Server Error'));
      }
    });
  };
}

async function handle(route: Route, req: http.IncomingMessage, res: http.ServerResponse, search: string, options: CommandServerOptions): Promise<void> {
  const body = await readBody(req);

  if (body === undefined) {
    send(res, text(413, `request body is too long, request body size exceeds ${ MAX_BODY_BYTES }`));

    return;
  }
  const query = search ? Object.fromEntries(new URLSearchParams(search)) : {};

  send(res, await handlers[route.request]({ services: options.services, diagnostics: options.diagnostics, query, body }));
}

/** Listens on 127.0.0.1 only; resolves with the server and the port it got. */
export function listen(handler: http.RequestListener, port: number): Promise<{ server: http.Server; port: number }> {
  return new Promise((resolve, reject) => {
    const server = http.createServer({ keepAliveTimeout: 5000 }, handler);

    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve({ server, port: (server.address() as { port: number }).port });
    });
  });
}
