import crypto from 'node:crypto';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** A fresh password of 16 characters from [A-Za-z0-9], as RD writes to rd-engine.json. */
export function randomPassword(length = 16): string {
  // Rejection sampling keeps every character equally likely.
  let result = '';

  while (result.length < length) {
    for (const byte of crypto.randomBytes(length)) {
      if (byte < 248 && result.length < length) {
        result += ALPHABET[byte % ALPHABET.length];
      }
    }
  }

  return result;
}

/** The user name of the credentials rd-engine.json carries. */
export const CLI_USER = 'user';
/** The user name the GUI uses; its password never touches the disk. */
export const INTERACTIVE_USER = 'interactive-user';

/** Who a request is, or undefined when its Authorization header is missing, foreign or wrong. */
export function authenticate(header: string | undefined, passwords: Record<string, string>): string | undefined {
  const match = /^basic\s+(\S+)\s*$/i.exec(header ?? '');

  if (!match) {
    return undefined;
  }
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');

  if (colon < 0) {
    return undefined;
  }
  const user = decoded.slice(0, colon);
  const expected = passwords[user];
  const given = Buffer.from(decoded.slice(colon + 1));

  if (expected === undefined || given.length !== Buffer.byteLength(expected)) {
    return undefined;
  }

  return crypto.timingSafeEqual(given, Buffer.from(expected)) ? user : undefined;
}
