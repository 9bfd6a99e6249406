import type { CoreServices } from '../coreServices';
import type { DiagnosticsRunner } from '../diagnostics/diagnosticsRunner';

/** A handler's answer: status and a text or JSON body (RD answers most requests in text). */
export interface Reply {
  status: number;
  text?: string;
  json?: unknown;
  /** RD serves some JSON with Content-Type text/plain; keep that for compatibility. */
  jsonAsText?: boolean;
  /** Runs once the reply has been sent (shutdown, factory reset). */
  after?: () => void;
}

/** What a handler gets: the services, the query string, and the raw body (already size-checked). */
export interface HandlerContext {
  services: CoreServices;
  diagnostics: DiagnosticsRunner;
  query: Record<string, string | undefined>;
  body: string;
}

export type Handler = (ctx: HandlerContext) => Reply | Promise<Reply>;

export const text = (status: number, body: string): Reply => ({ status, text: body });

/** Parses a JSON body; undefined when it is not JSON (each route words that error itself). */
export function parseJson(body: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(body) };
  } catch {
    return { ok: false };
  }
}
