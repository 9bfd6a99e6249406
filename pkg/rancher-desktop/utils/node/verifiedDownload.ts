import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';

import { formatDuration } from './processRunner';

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
  /** Default STALL_TIMEOUT_MS. */
  stallTimeoutMs?: number;
}

/**
 * How long a server may send nothing (no answer, no byte of the body) before the download
 * is abandoned. A stall, not a total: a slow link still delivers every few seconds, and a
 * 350 MB release on it takes as long as it takes; a server that accepted and went silent
 * for a minute is not coming back.
 */
export const STALL_TIMEOUT_MS = 60_000;

/** An abort signal that fires once `ms` pass without a call to `alive()`. */
function stallWatch(ms: number) {
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const watch = {
    signal: controller.signal,
    stalled: false,
    alive() {
      clearTimeout(timer);
      timer = setTimeout(() => {
        watch.stalled = true;
        controller.abort(new Error(`the server sent nothing for ${ formatDuration(ms) }`));
      }, ms);
    },
    done() {
      clearTimeout(timer);
    },
  };

  return watch;
}

type StallWatch = ReturnType<typeof stallWatch>;

/** A pass-through that reports how many bytes went by, and that bytes still come. */
function byteCounter(watch: StallWatch, onProgress: (current: number, max?: number) => void, max: number | undefined): Transform {
  let current = 0;

  onProgress(0, max);

  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      watch.alive();
      current += chunk.length;
      onProgress(current, max);
      done(null, chunk);
    },
  });
}

/** Why a request failed, in words: the stall, else fetch's cause (fetch itself says only "fetch failed"). */
function reason(error: unknown, watch: StallWatch): string {
  if (watch.stalled) {
    return `${ (watch.signal.reason as Error).message } (it stalled); try again later`;
  }

  return (error as { cause?: { message?: string } }).cause?.message ?? (error as Error).message;
}

/** fetch, with a failure to connect named by its URL and cause. */
async function request(fetchImpl: typeof globalThis.fetch, url: string, watch: StallWatch): Promise<Response> {
  watch.alive();
  try {
    return await fetchImpl(url, { signal: watch.signal });
  } catch (error) {
    throw new Error(`cannot reach ${ url }: ${ reason(error, watch) }`);
  }
}

/** The digest published at `checksumsUrl` for `url`'s file. */
async function publishedDigest(fetchImpl: typeof globalThis.fetch, url: string, checksumsUrl: string, stallMs: number): Promise<string> {
  const watch = stallWatch(stallMs);

  try {
    const reply = await request(fetchImpl, checksumsUrl, watch);

    if (!reply.ok) {
      throw new Error(`cannot read checksums ${ checksumsUrl }: HTTP ${ reply.status }`);
    }
    const text = await reply.text().catch((error: unknown) => {
      throw new Error(`cannot read checksums ${ checksumsUrl }: ${ reason(error, watch) }`);
    });
    const digest = digestFromChecksums(text, path.basename(new URL(url).pathname));

    if (!digest) {
      throw new Error(`${ checksumsUrl } lists no checksum for ${ path.basename(url) }`);
    }

    return digest;
  } finally {
    watch.done();
  }
}

/** Streams `url` into `partial`; a failure or a stall removes what arrived. */
async function fetchTo(options: VerifiedDownload, partial: string, stallMs: number): Promise<void> {
  const watch = stallWatch(stallMs);

  try {
    const reply = await request(options.fetch ?? globalThis.fetch, options.url, watch);

    if (!reply.ok || !reply.body) {
      throw new Error(`cannot download ${ options.url }: HTTP ${ reply.status }`);
    }
    fs.mkdirSync(path.dirname(partial), { recursive: true });
    const length = Number(reply.headers.get('content-length'));
    const body = Readable.fromWeb(reply.body as import('node:stream/web').ReadableStream);
    const counter = byteCounter(watch, options.onProgress ?? (() => {}), length > 0 ? length : undefined);

    try {
      await pipeline([body, counter, fs.createWriteStream(partial)]);
    } catch (error) {
      fs.rmSync(partial, { force: true });
      throw new Error(`cannot download ${ options.url }: ${ reason(error, watch) }`);
    }
  } finally {
    watch.done();
  }
}

/**
 * Downloads a release file and keeps it only when its digest matches the published one;
 * a mismatch deletes the partial file and says which digests differed. A file already at
 * `dest` with the right digest is not downloaded again. A server that goes silent for
 * `stallTimeoutMs` fails the download, naming the URL.
 */
export async function downloadVerified(options: VerifiedDownload): Promise<string> {
  const stallMs = options.stallTimeoutMs ?? STALL_TIMEOUT_MS;
  let expected = options.digest?.toLowerCase();

  if (!expected) {
    if (!options.checksumsUrl) {
      throw new Error(`refusing to download ${ options.url }: no checksum is pinned or published for it`);
    }
    expected = await publishedDigest(options.fetch ?? globalThis.fetch, options.url, options.checksumsUrl, stallMs);
  }
  // A published digest says its algorithm by its length (128 hex digits: sha512).
  const algorithm = options.algorithm ?? (expected.length === 128 ? 'sha512' : 'sha256');

  if (fs.existsSync(options.dest) && await fileDigest(options.dest, algorithm) === expected) {
    return options.dest;
  }
  const partial = `${ options.dest }.partial`;

  await fetchTo(options, partial, stallMs);
  const actual = await fileDigest(partial, algorithm);

  if (actual !== expected) {
    fs.rmSync(partial, { force: true });
    throw new Error(`${ options.url }: ${ algorithm } mismatch (expected ${ expected }, got ${ actual }); the file was discarded`);
  }
  fs.renameSync(partial, options.dest);

  return options.dest;
}
