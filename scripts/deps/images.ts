// The container images the bundled Kubernetes needs (pause, CoreDNS, local-path-provisioner
// and its busybox helper, traefik), made from binaries deps built, since no registry is
// reachable. Each is written once into the build cache, keyed by a digest of everything it
// is made of, then linked to resources/<os>/k8s/images/<name>.tar; images.json beside that
// dir lists them ([{name, ref, file, id}]) so the app reads refs (the CoreDNS one…) instead of
// hard-coding versions.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

import { writeImageTar } from './imageTar';
import type { ImageSpec, LayerEntry } from './imageTar';

import { fileDigest } from '@pkg/utils/node/verifiedDownload';

/** Bumped when the way images are written changes, so cached tarballs are rebuilt. */
const FORMAT = 1;
const PATH_ENV = 'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

export interface BusyboxInfo {
  /** The host's static busybox (Debian's busybox-static). */
  path: string;
  /** Upstream version, like `1.35.0`. */
  version: string;
  applets: string[];
}

export interface ImageInputs {
  /** The manifest version of a tool, undefined when the manifest has no such tool. */
  version: (tool: string) => string | undefined;
  /** Where a tool's built file is. */
  output: (tool: string, file: string) => string;
  busybox: () => BusyboxInfo;
}

export interface AddonImage {
  /** The tarball's base name, and the name deps.js takes to build just it. */
  name: string;
  /** The tools it is made from; building any of them (by name) builds it too. */
  tools: string[];
  spec: ImageSpec;
}

export interface ImageRecord {
  name: string;
  ref: string;
  /** Relative to resources/<os>/k8s/. */
  file: string;
  /** The image ID (`sha256:` of its config). */
  id: string;
}

const bare = (version: string) => version.replace(/^v/, '');

/** `BusyBox v1.35.0 (Debian 1:1.35.0-4) multi-call binary.` → `1.35.0`. */
export function busyboxVersion(banner: string): string {
  const match = /BusyBox v(\d+\.\d+\.\d+)/.exec(banner);

  if (!match) {
    throw new Error(`cannot tell the busybox version from "${ banner.split('\n')[0] }"`);
  }

  return match[1];
}

function busyboxImage(busybox: BusyboxInfo): AddonImage {
  const links: LayerEntry[] = busybox.applets
    .filter((applet) => applet !== 'busybox' && /^[\w.[-]+$/.test(applet))
    .map((applet) => ({ type: 'symlink', path: `/bin/${ applet }`, target: 'busybox' }));

  return {
    name:  'busybox',
    tools: ['local-path-provisioner'],
    spec:  {
      repoTags: [`rancher/mirrored-library-busybox:${ busybox.version }`],
      entries:  [
        { type: 'file', path: '/bin/busybox', from: busybox.path, mode: 0o755 },
        ...links,
        { type: 'file', path: '/etc/passwd', content: 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/home:/bin/false\n' },
        { type: 'file', path: '/etc/group', content: 'root:x:0:\nnogroup:x:65534:\n' },
        { type: 'directory', path: '/root', mode: 0o700 },
        { type: 'directory', path: '/tmp', mode: 0o1777 },
        { type: 'directory', path: '/var' },
      ],
      config: { Env: [PATH_ENV], Cmd: ['sh'] },
    },
  };
}

/** The images, for the tools the manifest has (traefik may be absent). */
export function addonImages(inputs: ImageInputs): AddonImage[] {
  const images: AddonImage[] = [];
  const single = (name: string, tool: string, ref: (version: string) => string, to: string, config: ImageSpec['config'], file = tool) => {
    const version = inputs.version(tool);

    if (version) {
      images.push({
        name,
        tools: [tool],
        spec:  { repoTags: [ref(version)], entries: [{ type: 'file', path: to, from: inputs.output(tool, file), mode: 0o755 }], config },
      });
    }
  };

  single('pause', 'pause', () => 'registry.k8s.io/pause:3.10', '/pause', { Entrypoint: ['/pause'] });
  single('coredns', 'coredns', (v) => `rancher/mirrored-coredns-coredns:${ bare(v) }`, '/coredns', { Entrypoint: ['/coredns'], ExposedPorts: ['53/udp', '53/tcp', '9153/tcp'] });
  single('local-path-provisioner', 'local-path-provisioner', (v) => `rancher/local-path-provisioner:${ v }`, '/usr/bin/local-path-provisioner', { Env: [PATH_ENV], Entrypoint: ['local-path-provisioner'] });
  if (inputs.version('local-path-provisioner')) {
    images.push(busyboxImage(inputs.busybox()));
  }
  single('traefik', 'traefik', (v) => `rancher/mirrored-library-traefik:${ bare(v) }`, '/traefik', { Entrypoint: ['/traefik'], ExposedPorts: ['80/tcp', '443/tcp'] });

  return images;
}

/** A digest of everything an image is made of: its spec with each host file replaced by that file's digest. */
export async function imageKey(spec: ImageSpec): Promise<string> {
  const entries = await Promise.all(spec.entries.map(async(entry) => ('from' in entry ? { ...entry, from: await fileDigest(entry.from) } : entry)));
  const content = JSON.stringify({ FORMAT, ...spec, entries }, (_key, value: unknown) => (Buffer.isBuffer(value) ? value.toString('base64') : value));

  return crypto.createHash('sha256').update(content).digest('hex').slice(0, 16);
}

export interface BuildImagesOptions {
  /** Cached tarballs go in `<cache>/images`. */
  cache: string;
  /** resources/<os>/k8s. */
  dest: string;
  /** Puts a cached file at its place in resources (a hard link where it can). */
  install: (from: string, to: string) => void;
  log?: (line: string) => void;
}

async function cachedImage(image: AddonImage, dir: string, log: (line: string) => void): Promise<{ file: string; id: string }> {
  const key = await imageKey(image.spec);
  const file = path.join(dir, `${ image.name }-${ key }.tar`);
  const meta = `${ file }.json`;

  if (fs.existsSync(file) && fs.existsSync(meta)) {
    return { file, id: (JSON.parse(fs.readFileSync(meta, 'utf8')) as { id: string }).id };
  }
  const started = Date.now();
  const written = await writeImageTar(image.spec, file);

  fs.writeFileSync(meta, `${ JSON.stringify(written) }\n`);
  // Older tarballs of the same image are not needed again.
  const older = new RegExp(`^${ image.name }-[0-9a-f]{16}\\.tar(\\.json)?$`);

  for (const entry of fs.readdirSync(dir)) {
    if (older.test(entry) && !entry.startsWith(path.basename(file))) {
      fs.rmSync(path.join(dir, entry), { force: true });
    }
  }
  log(`deps: image ${ image.spec.repoTags[0] } written in ${ ((Date.now() - started) / 1000).toFixed(1) }s (${ (fs.statSync(file).size / 1e6).toFixed(1) } MB)`);

  return { file, id: written.id };
}

/** Reads the existing images.json, or nothing when there is none (or it is unreadable). */
function readRecords(file: string): ImageRecord[] {
  try {
    const records = JSON.parse(fs.readFileSync(file, 'utf8')) as unknown;

    return Array.isArray(records) ? records as ImageRecord[] : [];
  } catch {
    return [];
  }
}

/**
 * Writes (or takes from the cache) each image and installs it as `<dest>/images/<name>.tar`,
 * then rewrites `<dest>/images.json`: the entries of these images, plus earlier entries
 * of other known images whose tarball is still there.
 */
export async function buildImages(images: AddonImage[], known: string[], options: BuildImagesOptions): Promise<ImageRecord[]> {
  const log = options.log ?? console.log;
  const dir = path.join(options.cache, 'images');
  const listFile = path.join(options.dest, 'images.json');
  const records = new Map(readRecords(listFile).map((record) => [record.name, record]));

  fs.mkdirSync(dir, { recursive: true });
  for (const image of images) {
    const { file, id } = await cachedImage(image, dir, log);
    const relative = path.posix.join('images', `${ image.name }.tar`);

    options.install(file, path.join(options.dest, relative));
    records.set(image.name, { name: image.name, ref: image.spec.repoTags[0], file: relative, id });
  }
  const list = [...records.values()]
    .filter((record) => known.includes(record.name) && fs.existsSync(path.join(options.dest, record.file)))
    .sort((a, b) => known.indexOf(a.name) - known.indexOf(b.name));
  const tmp = `${ listFile }.tmp`;

  fs.mkdirSync(options.dest, { recursive: true });
  fs.writeFileSync(tmp, `${ JSON.stringify(list, null, 2) }\n`);
  fs.renameSync(tmp, listFile);

  return list;
}
