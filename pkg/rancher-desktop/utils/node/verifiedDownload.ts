import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/** Hex digest of a file, streamed. */
export async function fileDigest(file: string, algorithm: 'sha256' | 'sha512' = 'sha256'): Promise<string> {
  const hash = crypto.createHash(algorithm);

  await pipeline(fs.createReadStream(file), hash);

  return hash.digest('hex');
}

/**
 * The digest a checksums file (`<hex>  <name>` lines, as sha256sum and sha512sum write them,
 * or a lone digest for a single-file `.sha256`) lists for `fileName`.
 */
export function digestFromChecksums(text: string, fileName: string): string | undefined {
  const lines = text.split('\n').map((l) => l.trim()).filter(Boolean);

  for (const line of lines) {
    const match = /^([0-9a-fA-F]{64,128})\s+\*?(.+)$/.exec(line);

    if (match && path.basename(match[2]) === fileName) {
      return match[1].toLowerCase();
    }
  }
  if (lines.length === 1 && /^[0-9a-fA-F]{64,128}$/.test(lines[0])) {
    return lines[0].toLowerCase();
  }

  return undefined;
}

export interface VerifiedDownload {
  url: string;
  dest: string;
  /** The expected digest, or where the project publishes it. One of the two is required. */
  digest?: string;
  checksumsUrl?: string;
  algorithm?: 'sha256' | 'sha512';
  fetch?: typeof globalThis.fetch;
  /** Bytes received so far, and the total when the server sent a Content-Length. */
  onProgress?: (current: number, max?: number) => void;
}

/** A pass-through that reports how many bytes went by. */
function byteCounter(onProgress: (current: number, max?: number) => void, max: number | undefined): Transform {
  let current = 0;

  onProgress(0, max);

  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      current += chunk.length;
      onProgress(current, max);
      done(null, chunk);
    },
  });
}

/** fetch, with a failure to connect named by its URL and cause (fetch itself says only "fetch failed"). */
async function request(fetchImpl: typeof globalThis.fetch, url: string): Promise<Response> {
  try {
    return await fetchImpl(url);
  } catch (error) {
    const cause = (error as { cause?: { message?: string } }).cause?.message;

    throw new Error(`cannot reach ${ url }: ${ cause ?? (error as Error).message }`);
  }
}

/**
 * Downloads a release file and keeps it only when its digest matches the published one;
 * a mismatch deletes the partial file and says which digests differed. A file already at
 * `dest` with the right digest is not downloaded again.
 */
export async function downloadVerified(options: VerifiedDownload): Promise<string> {
  const fetchImpl = options.fetch ?? globalThis.fetch;
  let expected = options.digest?.toLowerCase();

  if (!expected) {
    if (!options.checksumsUrl) {
      throw new Error(`refusing to download ${ options.url }: no checksum is pinned or published for it`);
    }
    const reply = await request(fetchImpl, options.checksumsUrl);

    if (!reply.ok) {
      throw new Error(`cannot read checksums ${ options.checksumsUrl }: HTTP ${ reply.status }`);
    }
    expected = digestFromChecksums(await reply.text(), path.basename(new URL(options.url).pathname));
    if (!expected) {
      throw new Error(`${ options.checksumsUrl } lists no checksum for ${ path.basename(options.url) }`);
    }
  }
  // A published digest says its algorithm by its length (128 hex digits: sha512).
  const algorithm = options.algorithm ?? (expected.length === 128 ? 'sha512' : 'sha256');

  if (fs.existsSync(options.dest) && await fileDigest(options.dest, algorithm) === expected) {
    return options.dest;
  }
  const reply = await request(fetchImpl, options.url);

  if (!reply.ok || !reply.body) {
    throw new Error(`cannot download ${ options.url }: HTTP ${ reply.status }`);
  }
  const partial = `${ options.dest }.partial`;

  fs.mkdirSync(path.dirname(options.dest), { recursive: true });
  const length = Number(reply.headers.get('content-length'));
  const body = Readable.fromWeb(reply.body as import('node:stream/web').ReadableStream);
  const stages = options.onProgress ? [byteCounter(options.onProgress, length > 0 ? length : undefined)] : [];

  try {
    await pipeline([body, ...stages, fs.createWriteStream(partial)]);
  } catch (error) {
    fs.rmSync(partial, { force: true });
    throw new Error(`cannot download ${ options.url }: ${ (error as Error).message }`);
  }
  const actual = await fileDigest(partial, algorithm);

  if (actual !== expected) {
    fs.rmSync(partial, { force: true });
    throw new Error(`${ options.url }: ${ algorithm } mismatch (expected ${ expected }, got ${ actual }); the file was discarded`);
  }
  fs.renameSync(partial, options.dest);

  return options.dest;
}
