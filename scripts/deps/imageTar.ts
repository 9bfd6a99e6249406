// Writes a container image as a docker-archive tarball (what `docker save` writes and both
// `docker load` and `ctr images import` read): manifest.json naming the config and the
// layers, the config JSON, and one uncompressed layer tar. No registry is reachable here,
// so the Kubernetes add-on images are made this way from binaries built by deps.
//
// Deterministic: every entry has mtime 0, owner 0:0 and no user names, entries are in byte
// order of their paths, and the JSON is written with a fixed key order, so the same inputs
// give the same bytes and therefore the same image ID.
import crypto from 'node:crypto';
import { once } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';

import tar from 'tar-stream';
import type { Header } from 'tar-stream';

type TarHeader = Partial<Header> & Pick<Header, 'name'>;

/** One thing in the image's file system; `path` is absolute in the image (`/usr/bin/x`). */
export type LayerEntry =
  | { type: 'file'; path: string; from: string; mode?: number } // a host file; mode defaults to the host file's
  | { type: 'file'; path: string; content: string | Buffer; mode?: number } // mode defaults to 0644
  | { type: 'symlink'; path: string; target: string }
  | { type: 'directory'; path: string; mode?: number }; // mode defaults to 0755

/** The part of the image config that says how to run it (OCI/docker `config`). */
export interface RunConfig {
  Entrypoint?: string[];
  Cmd?: string[];
  Env?: string[];
  User?: string;
  /** Like `53/udp`, `9153/tcp`. */
  ExposedPorts?: string[];
  WorkingDir?: string;
  Labels?: Record<string, string>;
}

export interface ImageSpec {
  /** Like `registry.k8s.io/pause:3.10`. */
  repoTags: string[];
  entries: LayerEntry[];
  config: RunConfig;
  /** Default amd64. */
  architecture?: string;
  /** What the history entry says made the layer. */
  createdBy?: string;
}

export interface WrittenImage {
  /** `sha256:<hex>` of the config JSON: the image ID docker and containerd show. */
  id: string;
  /** `sha256:<hex>` of the layer tar, as the config's rootfs.diff_ids lists it. */
  diffId: string;
}

const EPOCH = new Date(0);

/** `/usr/bin/x/` → `usr/bin/x`; refuses paths that leave the root or are empty. */
export function imagePath(p: string): string {
  const parts = p.split('/').filter((part) => part !== '' && part !== '.');

  if (parts.length === 0 || parts.includes('..')) {
    throw new Error(`"${ p }" is not a path inside an image`);
  }

  return parts.join('/');
}

/**
 * The entries as they go into the layer: relative paths, each parent directory present
 * (0755 unless the spec names it), in byte order of their paths, so parents come first.
 */
export function layerEntries(entries: LayerEntry[]): LayerEntry[] {
  const byPath = new Map<string, LayerEntry>();

  for (const entry of entries) {
    const name = imagePath(entry.path);

    if (byPath.has(name)) {
      throw new Error(`the image lists /${ name } twice`);
    }
    byPath.set(name, { ...entry, path: name });
  }
  for (const name of [...byPath.keys()]) {
    const parts = name.split('/');

    for (let i = 1; i < parts.length; i++) {
      const parent = parts.slice(0, i).join('/');
      const existing = byPath.get(parent);

      if (!existing) {
        byPath.set(parent, { type: 'directory', path: parent });
      } else if (existing.type !== 'directory') {
        throw new Error(`/${ parent } is a ${ existing.type } in the image, but /${ name } is under it`);
      }
    }
  }

  return [...byPath.values()].sort((a, b) => Buffer.compare(Buffer.from(a.path), Buffer.from(b.path)));
}

function header(name: string, fields: Partial<Header>): TarHeader {
  return { name, mtime: EPOCH, uid: 0, gid: 0, uname: '', gname: '', ...fields };
}

/** Adds one entry and resolves when the pack has taken all of it. */
async function addEntry(pack: tar.Pack, entry: LayerEntry): Promise<void> {
  if (entry.type === 'directory') {
    await addBuffer(pack, header(`${ entry.path }/`, { type: 'directory', mode: entry.mode ?? 0o755 }));
  } else if (entry.type === 'symlink') {
    await addBuffer(pack, header(entry.path, { type: 'symlink', linkname: entry.target, mode: 0o777 }));
  } else if ('content' in entry) {
    await addBuffer(pack, header(entry.path, { type: 'file', mode: entry.mode ?? 0o644 }), Buffer.from(entry.content));
  } else {
    const stat = fs.statSync(entry.from);

    await addFile(pack, header(entry.path, { type: 'file', mode: entry.mode ?? (stat.mode & 0o7777), size: stat.size }), entry.from);
  }
}

function addBuffer(pack: tar.Pack, fields: TarHeader, body?: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    const done = (error?: Error | null) => (error ? reject(error) : resolve());

    if (body) {
      pack.entry(fields, body, done);
    } else {
      pack.entry(fields, done);
    }
  });
}

async function addFile(pack: tar.Pack, fields: TarHeader, file: string): Promise<void> {
  let finished: () => void = () => {};
  let failed: (error: Error) => void = () => {};
  const taken = new Promise<void>((resolve, reject) => {
    finished = resolve;
    failed = reject;
  });
  const sink = pack.entry(fields, (error) => (error ? failed(error) : finished()));

  for await (const chunk of fs.createReadStream(file)) {
    if (!sink.write(chunk)) {
      await once(sink, 'drain');
    }
  }
  sink.end(null);
  await taken;
}

/** A pass-through that hashes what goes by. */
function hashing(hash: crypto.Hash): Transform {
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash.update(chunk);
      done(null, chunk);
    },
  });
}

/** Writes the tar that `fill` adds entries to (one after another) at `dest`; returns its sha256 (hex). */
async function writeTar(dest: string, fill: (pack: tar.Pack) => Promise<void>): Promise<string> {
  const pack = tar.pack();
  const hash = crypto.createHash('sha256');
  const out = fs.createWriteStream(dest);
  const written = pipeline(pack, hashing(hash), out);

  try {
    await fill(pack);
    pack.finalize();
  } catch (error) {
    pack.destroy(error as Error);
    await written.catch(() => {});
    // The file may still be opening; once closed, the caller can remove it.
    if (!out.closed) {
      await once(out, 'close');
    }
    throw error;
  }
  await written;

  return hash.digest('hex');
}

/** The layer tar of `entries` at `dest`; returns its sha256 (hex). */
export async function writeLayer(entries: LayerEntry[], dest: string): Promise<string> {
  const sorted = layerEntries(entries);

  for (const entry of sorted) {
    if ('from' in entry && !fs.statSync(entry.from, { throwIfNoEntry: false })?.isFile()) {
      throw new Error(`${ entry.from } (for /${ entry.path }) is not a file`);
    }
  }

  return writeTar(dest, async(pack) => {
    for (const entry of sorted) {
      await addEntry(pack, entry);
    }
  });
}

/** The image config JSON, keys in a fixed order. */
export function imageConfig(spec: ImageSpec, layerDigest: string): string {
  const run = spec.config;
  const config: Record<string, unknown> = {};

  if (run.User !== undefined) {
    config.User = run.User;
  }
  if (run.ExposedPorts?.length) {
    config.ExposedPorts = Object.fromEntries([...run.ExposedPorts].sort().map((port) => [port, {}]));
  }
  if (run.Env?.length) {
    config.Env = run.Env;
  }
  if (run.Entrypoint) {
    config.Entrypoint = run.Entrypoint;
  }
  if (run.Cmd) {
    config.Cmd = run.Cmd;
  }
  if (run.WorkingDir !== undefined) {
    config.WorkingDir = run.WorkingDir;
  }
  if (run.Labels && Object.keys(run.Labels).length) {
    config.Labels = Object.fromEntries(Object.entries(run.Labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  }

  return JSON.stringify({
    architecture: spec.architecture ?? 'amd64',
    os:           'linux',
    created:      EPOCH.toISOString(),
    config,
    rootfs:       { type: 'layers', diff_ids: [`sha256:${ layerDigest }`] },
    history:      [{ created: EPOCH.toISOString(), created_by: spec.createdBy ?? 'rancher-desktop scripts/deps/imageTar.ts' }],
  });
}

/**
 * Writes `spec` as a docker-archive tarball at `dest` (through `dest.tmp`, renamed at the
 * end, so a reader never sees half an image). The layer is staged next to `dest`.
 */
export async function writeImageTar(spec: ImageSpec, dest: string): Promise<WrittenImage> {
  if (spec.repoTags.length === 0) {
    throw new Error('an image needs at least one tag');
  }
  const layerFile = `${ dest }.layer.tmp`;
  const tmp = `${ dest }.tmp`;

  fs.mkdirSync(path.dirname(dest), { recursive: true });
  try {
    const layerDigest = await writeLayer(spec.entries, layerFile);
    const config = imageConfig(spec, layerDigest);
    const configDigest = crypto.createHash('sha256').update(config).digest('hex');
    const configName = `${ configDigest }.json`;
    const layerName = `${ layerDigest }/layer.tar`;
    const manifest = JSON.stringify([{ Config: configName, RepoTags: spec.repoTags, Layers: [layerName] }]);
    const names = [configName, `${ layerDigest }/`, layerName, 'manifest.json'].sort();

    await writeTar(tmp, async(pack) => {
      for (const name of names) {
        if (name === layerName) {
          await addFile(pack, header(name, { type: 'file', mode: 0o644, size: fs.statSync(layerFile).size }), layerFile);
        } else if (name.endsWith('/')) {
          await addBuffer(pack, header(name, { type: 'directory', mode: 0o755 }));
        } else {
          await addBuffer(pack, header(name, { type: 'file', mode: 0o644 }), Buffer.from(name === configName ? config : manifest));
        }
      }
    });
    fs.renameSync(tmp, dest);

    return { id: `sha256:${ configDigest }`, diffId: `sha256:${ layerDigest }` };
  } finally {
    fs.rmSync(layerFile, { force: true });
    fs.rmSync(tmp, { force: true });
  }
}
