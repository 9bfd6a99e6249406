import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
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
}

/**
 * Downloads a release file and keeps it only when its digest matches the published one;
 * a mismatch deletes the partial file and says which digests differed. A file already at
 * `dest` with the right digest is not downloaded again.
 */
export async function downloadVerified(options: VerifiedDownload): Promise<string> {
  const fetchImpl = options.fetch ?? globalThis.fetch;
  const algorithm = options.algorithm ?? (options.digest && options.digest.length === 128 ? 'sha512' : 'sha256');
  let expected = options.digest?.toLowerCase();

  if (!expected) {
    if (!options.checksumsUrl) {
      throw new Error(`refusing to download ${ options.url }: no checksum is pinned or published for it`);
    }
    const reply = await fetchImpl(options.checksumsUrl);

    if (!reply.ok) {
      throw new Error(`cannot read checksums ${ options.checksumsUrl }: HTTP ${ reply.status }`);
    }
    expected = digestFromChecksums(await reply.text(), path.basename(new URL(options.url).pathname));
    if (!expected) {
      throw new Error(`${ options.checksumsUrl } lists no checksum for ${ path.basename(options.url) }`);
    }
  }
  if (fs.existsSync(options.dest) && await fileDigest(options.dest, algorithm) === expected) {
    return options.dest;
  }
  const reply = await fetchImpl(options.url);

  if (!reply.ok || !reply.body) {
    throw new Error(`cannot download ${ options.url }: HTTP ${ reply.status }`);
  }
  const partial = `${ options.dest }.partial`;

  fs.mkdirSync(path.dirname(options.dest), { recursive: true });
  await pipeline(Readable.fromWeb(reply.body as import('node:stream/web').ReadableStream), fs.createWriteStream(partial));
  const actual = await fileDigest(partial, algorithm);

  if (actual !== expected) {
    fs.rmSync(partial, { force: true });
    throw new Error(`${ options.url }: ${ algorithm } mismatch (expected ${ expected }, got ${ actual }); the file was discarded`);
  }
  fs.renameSync(partial, options.dest);

  return options.dest;
}
