import { BackendError, UserError } from '@pkg/utils/errors';

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

/**
 * Runs a handler's call into main/operations: a UserError is bad input or a refusal, so a
 * 400 with the message after the route's RD prefix; a BackendError is the VM or a tool
 * failing (a reset whose cluster did not come back), so a 500 that says what failed, as the
 * GUI shows it; anything else is a bug and stays a bare 500.
 */
export async function answerFailures(prefix: string, run: () => Reply | Promise<Reply>): Promise<Reply> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof UserError) {
      return text(400, `${ prefix }${ error.message }`);
    }
    if (error instanceof BackendError) {
      return text(500, `${ prefix }${ error.message }`);
    }
    throw error;
  }
}

/** A JSON body that must be an object; RD words every other body as one JSON error. */
export function parseJsonObject(body: string): Record<string, unknown> | undefined {
  const parsed = parseJson(body);

  return parsed.ok && typeof parsed.value === 'object' && parsed.value !== null ? parsed.value as Record<string, unknown> : undefined;
}

export const JSON_ERROR = 'error processing JSON request block';
