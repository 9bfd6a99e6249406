import { UserError } from '@pkg/utils/errors';

// Arguments arrive over a WebSocket as JSON: handlers check them before acting.

export function text(value: unknown, what: string): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new UserError('bad-request', `${ what } is required`);
  }

  return value;
}

export function optionalText(value: unknown, what: string): string | undefined {
  return value === undefined || value === null ? undefined : text(value, what);
}

export function object(value: unknown, what: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new UserError('bad-request', `${ what } must be an object`);
  }

  return value as Record<string, unknown>;
}
