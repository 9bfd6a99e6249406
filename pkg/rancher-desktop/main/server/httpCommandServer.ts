import http from 'node:http';

import express, { type NextFunction, type Request, type Response } from 'express';

import { listAllEndpoints, listV1Endpoints, routes } from '@pkg/ipc/routes';
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

// Replies are written directly rather than through res.send: it recomputes content type,
// freshness and length on every call, which showed up under load (GET /v1/settings is polled).
function send(res: Response, reply: Reply): void {
  const isJson = reply.json !== undefined;
  const body = isJson ? encode(reply.json, !!reply.jsonAsText) : Buffer.from(reply.text ?? '');
  const type = isJson && !reply.jsonAsText ? 'application/json; charset=utf-8' : 'text/plain; charset=utf-8';

  if (reply.after) {
    res.once('finish', reply.after);
  }
  res.writeHead(reply.status, { 'Content-Type': type, 'Content-Length': body.length });
  res.end(body);
}

/**
 * The HTTP adaptor of the command API (rd-api.md §1.1–1.3): CORS, OPTIONS, Basic auth, the
 * route table, /v0 hints, endpoint listings, 404/413/500 texts. It holds no business logic:
 * it finds the route, hands the handler the query and raw body, and sends the reply.
 */
export function createCommandApp(options: CommandServerOptions): express.Express {
  const app = express();

  app.disable('etag');
  app.disable('x-powered-by');
  app.use((req, res, next) => {
    res.set({
      'Access-Control-Allow-Headers': 'Authorization',
      'Access-Control-Allow-Methods': 'GET, PUT, DELETE',
      'Access-Control-Allow-Origin': '*',
    });
    if (req.method === 'OPTIONS') {
      res.status(204).end();
    } else if (!authenticate(req.headers.authorization, options.passwords)) {
      res.status(401).type('text/plain').send('Unauthorized');
    } else {
      next();
    }
  });
  app.use(express.text({ type: () => true, limit: MAX_BODY_BYTES }));
  app.get('/', (_req, res) => res.json(listAllEndpoints()));
  app.get('/v0', (_req, res) => res.json(['GET /v0']));
  app.get('/v1', (_req, res) => res.json(listV1Endpoints()));
  for (const route of routes) {
    const method = route.method.toLowerCase() as 'get' | 'put' | 'post' | 'delete';

    app[method](`/v1/${ route.path }`, async(req: Request, res: Response, next: NextFunction) => {
      try {
        const body = typeof req.body === 'string' ? req.body : '';
        const query = Object.fromEntries(Object.entries(req.query).map(([k, v]) => [k, typeof v === 'string' ? v : undefined]));

        send(res, await handlers[route.request]({ services: options.services, diagnostics: options.diagnostics, query, body }));
      } catch (error) {
        next(error);
      }
    });
    if (route.since === 0) {
      app[method](`/v0/${ route.path }`, (req, res) => {
        res.status(400).type('text/plain').send(`Invalid version "/v0" for endpoint "${ req.method } /v0/${ route.path }" - use "/v1/${ route.path }"`);
      });
    }
  }
  app.use((req, res) => {
    res.status(404).type('text/plain').send(`Unknown command: ${ req.method } ${ req.path }`);
  });
  app.use((error: Error & { type?: string }, _req: Request, res: Response, _next: NextFunction) => {
    if (error.type === 'entity.too.large') {
      res.status(413).type('text/plain').send(`request body is too long, request body size exceeds ${ MAX_BODY_BYTES }`);
    } else {
      options.logger.error('command server: unhandled error', error);
      res.status(500).type('text/plain').send('Internal Server Error');
    }
  });

  return app;
}

/** Listens on 127.0.0.1 only; resolves with the server and the port it got. */
export function listen(app: express.Express, port: number): Promise<{ server: http.Server; port: number }> {
  return new Promise((resolve, reject) => {
    const server = http.createServer(app);

    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve({ server, port: (server.address() as { port: number }).port });
    });
  });
}
