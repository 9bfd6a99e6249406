import fs from 'node:fs';
import path from 'node:path';

import { fileDigest } from '@pkg/utils/node/verifiedDownload';

/**
 * The file a cache dir gets last: which version it holds, where it came from, and each
 * component's size and sha256. A dir without it (an interrupted copy) or whose files no
 * longer match it (an altered one) is not used.
 */
export const COMPLETE_MARKER = '.rd-complete.json';

export interface CacheMarker {
  version: string;
  source: 'bundled' | 'download';
  files: Record<string, { size: number; sha256: string }>;
}

/** Size and sha256 of each named file in `dir`; hard links of one file (the multicall binary) are hashed once. */
async function describeFiles(dir: string, names: readonly string[]): Promise<CacheMarker['files']> {
  const byInode = new Map<string, Promise<string>>();
  const files: CacheMarker['files'] = {};

  for (const name of names) {
    const file = path.join(dir, name);
    const stat = fs.statSync(file);
    const inode = `${ stat.dev }:${ stat.ino }`;

    if (!byInode.has(inode)) {
      byInode.set(inode, fileDigest(file));
    }
    files[name] = { size: stat.size, sha256: await byInode.get(inode)! };
  }

  return files;
}

/** Records `dir` as a complete copy of `version` (call it once every file is in place). */
export async function writeMarker(dir: string, version: string, source: CacheMarker['source'], names: readonly string[]): Promise<void> {
  const marker: CacheMarker = { version, source, files: await describeFiles(dir, names) };
  const fd = fs.openSync(path.join(dir, COMPLETE_MARKER), 'w', 0o644);

  try {
    fs.writeFileSync(fd, `${ JSON.stringify(marker, null, 2) }\n`);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

function readMarker(dir: string): CacheMarker | undefined {
  try {
    const marker = JSON.parse(fs.readFileSync(path.join(dir, COMPLETE_MARKER), 'utf8')) as CacheMarker;

    return marker && typeof marker.files === 'object' && marker.files ? marker : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Why `dir` is not a complete, unaltered copy of `version`, or undefined when it is.
 * `quick` checks presence, mode and size only (for listing); otherwise every file's
 * sha256 is compared with the marker's too.
 */
export async function cacheProblem(dir: string, version: string, names: readonly string[], quick = false): Promise<string | undefined> {
  if (!fs.existsSync(dir)) {
    return 'not cached';
  }
  const marker = readMarker(dir);

  if (!marker) {
    return `${ COMPLETE_MARKER } is missing or unreadable (an interrupted copy?)`;
  }
  if (marker.version !== version) {
    return `it records version ${ marker.version }`;
  }
  for (const name of names) {
    const recorded = marker.files[name];
    const stat = fs.statSync(path.join(dir, name), { throwIfNoEntry: false });

    if (!recorded || !stat?.isFile() || (stat.mode & 0o111) === 0 || stat.size !== recorded.size) {
      return `${ name } is missing, not executable or of another size`;
    }
  }
  if (!quick) {
    const actual = await describeFiles(dir, names);
    const altered = names.find((name) => actual[name].sha256 !== marker.files[name].sha256);

    if (altered) {
      return `${ altered } no longer has its recorded sha256 ${ marker.files[altered].sha256 }`;
    }
  }

  return undefined;
}

/**
 * Moves a finished dir (marker written) into place at `final`, replacing what was there.
 * When another acquisition got there first with a complete copy, ours is dropped.
 */
export async function commitDir(finished: string, final: string, version: string, names: readonly string[]): Promise<void> {
  fs.rmSync(final, { recursive: true, force: true });
  try {
    fs.renameSync(finished, final);
  } catch (error) {
    if (await cacheProblem(final, version, names, true)) {
      throw error;
    }
    fs.rmSync(finished, { recursive: true, force: true });
  }
}
