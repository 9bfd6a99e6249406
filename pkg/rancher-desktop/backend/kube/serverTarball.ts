import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';

import tar from 'tar-stream';

/** Where the official `kubernetes-server-linux-<arch>.tar.gz` keeps the server binaries. */
export const SERVER_BIN_PREFIX = 'kubernetes/server/bin/';

async function writeEntry(entry: AsyncIterable<unknown>, file: string): Promise<void> {
  const handle = await fs.promises.open(file, 'wx', 0o755);

  try {
    for await (const chunk of entry) {
      await handle.write(chunk as Buffer);
    }
    await handle.chmod(0o755);
  } finally {
    await handle.close();
  }
}

/**
 * Extracts `kubernetes/server/bin/<name>` for each of `names` from a server tarball into
 * `dest` (which must exist), executable; the rest of the archive is skipped, and reading
 * stops once every name is out. Hard-link entries between wanted names become hard links.
 * Throws naming what the archive lacks.
 */
export async function extractServerBinaries(archive: string, dest: string, names: readonly string[]): Promise<void> {
  const wanted = new Set(names);
  const done = new Set<string>();
  const extract = tar.extract();
  const feeding = pipeline(fs.createReadStream(archive), zlib.createGunzip(), extract);
  const nameOf = (entryPath: string | null | undefined) => {
    const normal = path.posix.normalize(entryPath ?? '').replace(/^\.\//, '');

    return normal.startsWith(SERVER_BIN_PREFIX) ? normal.slice(SERVER_BIN_PREFIX.length) : undefined;
  };

  feeding.catch(() => {}); // its error also ends the loop below, which reports it
  try {
    for await (const entry of extract) {
      const name = nameOf(entry.header.name);
      const source = nameOf(entry.header.linkname);

      if (name && wanted.has(name) && !done.has(name) && ['file', 'contiguous-file'].includes(entry.header.type ?? 'file')) {
        await writeEntry(entry, path.join(dest, name));
        done.add(name);
      } else if (name && wanted.has(name) && !done.has(name) && entry.header.type === 'link' && source && done.has(source)) {
        entry.resume();
        fs.linkSync(path.join(dest, source), path.join(dest, name));
        done.add(name);
      } else {
        entry.resume();
      }
      if (done.size === wanted.size) {
        break;
      }
    }
    if (done.size < wanted.size) {
      await feeding;
    }
  } catch (error) {
    throw new Error(`cannot read ${ archive }: ${ (error as Error).message }`);
  } finally {
    extract.destroy();
  }
  const missing = names.filter((name) => !done.has(name));

  if (missing.length > 0) {
    throw new Error(`${ archive } has no ${ missing.map((name) => SERVER_BIN_PREFIX + name).join(', ') }`);
  }
}
