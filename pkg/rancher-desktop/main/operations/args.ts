import { UserError } from '@pkg/utils/errors';

// Checks shared by the operations: each names the argument in the words the user sees,
// over HTTP and in the GUI alike.

const PORT_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/i;

const show = (value: unknown) => (value === undefined ? 'nothing' : JSON.stringify(value));

export function requiredText(value: unknown, what: string): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new UserError('bad-request', `${ what } is required`);
  }

  return value;
}

/** A payload that must be a plain object (settings, transient settings). */
export function payloadObject(value: unknown, what: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new UserError('bad-request', `${ what } payload is not an object`);
  }

  return value as Record<string, unknown>;
}

/** Digits in a string count as a number: query strings and RD's clients carry ports as text. */
function asNumber(value: unknown): unknown {
  return typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : value;
}

const isPort = (value: unknown, min: number): value is number => typeof value === 'number' && Number.isInteger(value) && value >= min && value <= 65535;

/** A Service port: its number, or its name in the Service. */
export function servicePort(value: unknown): number | string {
  const port = asNumber(value);

  if (isPort(port, 1) || (typeof port === 'string' && PORT_NAME.test(port))) {
    return port;
  }
  throw new UserError('bad-request', `Service port must be a port number (1-65535) or a port name, not ${ show(value) }`);
}

/** A host port on 127.0.0.1; none given, or 0, means any free one. */
export function hostPort(value: unknown): number {
  const port = value === undefined || value === null ? 0 : asNumber(value);

  if (isPort(port, 0)) {
    return port;
  }
  throw new UserError('bad-request', `host port must be a whole number from 0 to 65535 (0 for any free port), not ${ show(value) }`);
}

/** A true/false argument; without a fallback it is required. */
export function flag(value: unknown, what: string, fallback?: boolean): boolean {
  if (value === undefined && fallback !== undefined) {
    return fallback;
  }
  if (typeof value !== 'boolean') {
    throw new UserError('bad-request', `${ what } must be true or false, not ${ show(value) }`);
  }

  return value;
}
