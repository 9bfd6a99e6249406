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

// Pretty JSON of the settings object is cached per object: settings are replaced, never
// mutated, so GET /v1/settings under load costs no re-serialisation.
const prettyCache = new WeakMap<object, string>();

function pretty(value: unknown): string {
  if (typeof value !== 'object' || value === null) {
    return JSON.stringify(value, undefined, 2);
  }
  let cached = prettyCache.get(value);

  if (cached === undefined) {
    cached = JSON.stringify(value, undefined, 2);
    prettyCache.set(value, cached);
  }

  return cached;
}

function send(res: Response, reply: Reply): void {
  res.status(reply.status);
  if (reply.json !== undefined) {
    res.type(reply.jsonAsText ? 'text/plain' : 'application/json').send(reply.jsonAsText ? pretty(reply.json) : JSON.stringify(reply.json));
  } else {
    res.type('text/plain').send(reply.text ?? '');
  }
  if (reply.after) {
    res.once('finish', reply.after);
  }
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
