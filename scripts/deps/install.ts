// Acquires everything in resources/dependencies.json and installs it under
// resources/<os>/, writes the Kubernetes add-on images from the built binaries (images.ts),
// then builds the guest image. Bundled by scripts/build.mjs to
// dist/tools/deps.js and run by scripts/setup.sh. Each tool is built once into a cache
// outside the repo (RD_BUILD_CACHE, default ~/.cache/rd-build); a rerun with nothing
// changed only re-checks digests and links. RD_DEPS_SOURCE=release takes the path a real
// install takes: download the official release and verify it against published checksums.
// Every Go module a build fetches is checked against resources/go-sums/<tool>.sum;
// RD_GO_SUM_UPDATE=1 rewrites those (after a version bump: review the diff, then commit).
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { addonImages, buildImages, busyboxVersion } from './images';

import { digestFromChecksums, downloadVerified, fileDigest } from '@pkg/utils/node/verifiedDownload';

interface Tool {
  name: string;
  version: string;
  /** A Go module (go.sum's hash checked after the build), or files of this repo (C sources). */
  source: { module?: string; sum?: string; files?: string[] };
  build: {
    /** `pkg=binary[:cgo]` for buildGoTool.sh. */
    targets?: string[];
    ldflags?: string;
    /** Go build tags, comma-separated. */
    tags?: string;
    /** Copy the module's replace/exclude lines into the wrapper module (traefik needs them). */
    copyReplaces?: boolean;
    script?: string;
    /** What a script build makes, when not all of it is installed. */
    outputs?: string[];
  };
  /** Output → path under resources/<os>/; outputs not listed stay in the cache (images use them). */
  install: Record<string, string>;
  /** The official release a real install downloads; absent for what is published only as an image. */
  release?: { url: string; checksums: string; sha256?: string | null; files: Record<string, string> };
}

const root = path.resolve(__dirname, '..', '..');
const platform = process.platform;
const cache = process.env.RD_BUILD_CACHE || path.join(os.homedir(), '.cache', 'rd-build');
const resources = path.join(root, 'resources', platform);

function sh(command: string, args: string[], env: Record<string, string> = {}): string {
  const result = spawnSync(command, args, { stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8', env: { ...process.env, ...env } });

  process.stdout.write(result.stdout ?? '');
  if (result.status !== 0) {
    throw new Error(`${ command } ${ args.join(' ') } failed (exit ${ result.status ?? result.signal })`);
  }

  return result.stdout ?? '';
}

/** Every file a tool's build leaves in its cache dir. */
function outputs(tool: Tool): string[] {
  const built = (tool.build.targets ?? []).map((target) => target.slice(target.indexOf('=') + 1).split(':')[0]);

  return [...new Set([...Object.keys(tool.install), ...(tool.build.outputs ?? []), ...built])];
}

const useRelease = (tool: Tool) => process.env.RD_DEPS_SOURCE === 'release' && tool.release !== undefined;

/** The tool's cache dir: by name and version, plus a digest of its sources when they are files of this repo. */
function outDir(tool: Tool): string {
  let key = `${ tool.name }-${ tool.version }`;

  if (tool.source.files?.length) {
    const hash = crypto.createHash('sha256');

    for (const file of [...tool.source.files, ...(tool.build.script ? [path.join('scripts', 'deps', tool.build.script)] : [])]) {
      hash.update(`${ file }\0`).update(fs.readFileSync(path.join(root, file))).update('\0');
    }
    key += `-${ hash.digest('hex').slice(0, 12) }`;
  }

  return path.join(cache, useRelease(tool) ? 'releases' : 'go-tools', key);
}

/**
 * The committed go.sum (resources/go-sums, which buildGoTool.sh checks every module against)
 * must hold the tool's own hash from the manifest, so neither can change without the other.
 */
const goSumFile = (tool: Tool) => path.join(root, 'resources', 'go-sums', `${ tool.name }.sum`);

function checkCommittedSum(tool: Tool): void {
  const file = goSumFile(tool);

  if (tool.build.script || !tool.source.module || !tool.source.sum) {
    return;
  }
  const line = `${ tool.source.module } ${ tool.version } ${ tool.source.sum }`;

  if (!fs.existsSync(file) || !fs.readFileSync(file, 'utf8').split('\n').includes(line)) {
    throw new Error(`${ tool.name } ${ tool.version }: ${ path.relative(root, file) } lacks the manifest's "${ line }": regenerate it with RD_GO_SUM_UPDATE=1 node dist/tools/deps.js ${ tool.name } and commit it with the manifest`);
  }
}

function buildFromSource(tool: Tool, out: string): void {
  if (tool.build.script) {
    sh('bash', [path.join(root, 'scripts', 'deps', tool.build.script), tool.version, out]);
  } else {
    const env = { GO_BUILD_TAGS: tool.build.tags ?? '', GO_COPY_REPLACES: tool.build.copyReplaces ? '1' : '', GO_SUM_FILE: goSumFile(tool), GO_SUM_UPDATE: process.env.RD_GO_SUM_UPDATE === '1' ? '1' : '' };

    sh('bash', [path.join(root, 'scripts', 'deps', 'buildGoTool.sh'), tool.name, tool.source.module ?? '', tool.version, out, ...(tool.build.targets ?? []), '--', tool.build.ldflags ?? ''], env);
  }
  const sums = fs.existsSync(path.join(out, 'module.sum')) ? fs.readFileSync(path.join(out, 'module.sum'), 'utf8') : '';

  if (tool.source.sum && !sums.includes(tool.source.sum)) {
    throw new Error(`${ tool.name } ${ tool.version }: the module's go.sum hash is not ${ tool.source.sum } (got: ${ sums.trim() || 'none recorded' }); delete ${ out } to rebuild`);
  }
  checkCommittedSum(tool);
}

async function fromRelease(tool: Tool & { release: NonNullable<Tool['release']> }, out: string): Promise<void> {
  const archive = path.join(cache, 'downloads', path.basename(new URL(tool.release.url).pathname));

  await downloadVerified({ url: tool.release.url, dest: archive, digest: tool.release.sha256 ?? undefined, checksumsUrl: tool.release.checksums || undefined });
  const work = fs.mkdtempSync(path.join(os.tmpdir(), `rd-${ tool.name }-`));

  try {
    // Most releases are tarballs; some (compose, buildx) are the bare binary.
    if (/\.(tar\.gz|tgz)$/.test(archive)) {
      sh('tar', ['-xzf', archive, '-C', work]);
    } else {
      fs.copyFileSync(archive, path.join(work, path.basename(archive)));
    }
    fs.mkdirSync(out, { recursive: true });
    for (const [name, inArchive] of Object.entries(tool.release.files)) {
      fs.copyFileSync(path.join(work, inArchive), path.join(out, name));
      fs.chmodSync(path.join(out, name), 0o755);
    }
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

/** Records the outputs' digests once, and refuses a cache whose files changed since. */
async function checkDigests(tool: Tool, out: string): Promise<void> {
  const sumsFile = path.join(out, 'SHA256SUMS');
  const recorded = fs.existsSync(sumsFile) ? fs.readFileSync(sumsFile, 'utf8') : undefined;
  const lines: string[] = [];

  for (const name of outputs(tool)) {
    const digest = await fileDigest(path.join(out, name));
    const expected = recorded === undefined ? undefined : digestFromChecksums(recorded, name);

    if (recorded !== undefined && expected !== digest) {
      throw new Error(`${ path.join(out, name) } does not match its recorded sha256 (${ expected ?? 'none' }); delete ${ out } to rebuild`);
    }
    lines.push(`${ digest }  ${ name }`);
  }
  if (recorded === undefined) {
    fs.writeFileSync(sumsFile, `${ lines.join('\n') }\n`);
  }
}

/** Hard link when cache and repo share a file system (no copy of 50 MB binaries), else copy. */
function installFile(from: string, to: string): void {
  fs.mkdirSync(path.dirname(to), { recursive: true });
  const tmp = `${ to }.tmp`;

  fs.rmSync(tmp, { force: true });
  // rename() between two links of one file does nothing and leaves the temporary name.
  if (fs.existsSync(to) && fs.statSync(to).ino === fs.statSync(from).ino) {
    return;
  }
  try {
    fs.linkSync(from, tmp);
  } catch {
    fs.copyFileSync(from, tmp);
  }
  fs.renameSync(tmp, to);
}

async function acquire(tool: Tool): Promise<void> {
  const out = outDir(tool);
  const started = Date.now();

  if (useRelease(tool)) {
    await fromRelease(tool as Tool & { release: NonNullable<Tool['release']> }, out);
  } else {
    if (process.env.RD_DEPS_SOURCE === 'release') {
      console.log(`deps: ${ tool.name } has no binary release (it is published as an image); building it from source`);
    }
    buildFromSource(tool, out);
  }
  await checkDigests(tool, out);
  for (const [name, dest] of Object.entries(tool.install)) {
    installFile(path.join(out, name), path.join(resources, dest));
  }
  console.log(`deps: ${ tool.name } ${ tool.version } ready (${ ((Date.now() - started) / 1000).toFixed(1) }s)`);
}

/** The guest image needs root (mmdebstrap); as another user it goes through sudo. */
function buildGuestImage(): void {
  const script = path.join(root, 'scripts', 'guest-image', 'build.sh');
  const args = [script, path.join(resources, 'guest-bin'), path.join(resources, 'lima', 'share', 'lima', 'lima-guestagent.Linux-x86_64')];
  const env = { RD_GUEST_CACHE: path.join(cache, 'guest') };
  const output = process.getuid?.() === 0 ? sh('bash', args, env) : sh('sudo', ['env', `RD_GUEST_CACHE=${ env.RD_GUEST_CACHE }`, 'bash', ...args]);
  const dir = output.trim().split('\n').pop() ?? '';

  for (const file of ['vmlinuz', 'initrd.img', 'disk.qcow2']) {
    installFile(path.join(dir, file), path.join(resources, 'guest', file));
  }
}

/** The host's static busybox, for the local-path helper image (Debian's busybox-static). */
function hostBusybox(): { path: string; version: string; applets: string[] } {
  const binary = '/bin/busybox';
  const run = (args: string[]) => spawnSync(binary, args, { encoding: 'utf8' });

  if (!fs.existsSync(binary) || run(['--list']).status !== 0) {
    throw new Error(`the busybox image needs a static ${ binary } (Debian: apt-get install busybox-static; scripts/setup.sh installs it)`);
  }

  return { path: binary, version: busyboxVersion(`${ run([]).stdout }`), applets: run(['--list']).stdout.split('\n').filter(Boolean) };
}

async function main(): Promise<void> {
  const manifest = JSON.parse(fs.readFileSync(path.join(root, 'resources', 'dependencies.json'), 'utf8')) as { tools: Tool[] };
  const only = process.argv.slice(2);
  const tools = new Map(manifest.tools.map((tool) => [tool.name, tool]));
  const images = addonImages({
    version: (name) => tools.get(name)?.version,
    output:  (name, file) => path.join(outDir(tools.get(name)!), file),
    busybox: hostBusybox,
  });
  // Images come with their tools: naming either (or `images`) builds both.
  const wantedImages = images.filter((image) => only.length === 0 || only.includes('images') || only.includes(image.name) || image.tools.some((t) => only.includes(t)));
  const wantedTools = new Set([...only, ...wantedImages.flatMap((image) => image.tools)]);

  for (const tool of manifest.tools.filter((t) => only.length === 0 || wantedTools.has(t.name))) {
    await acquire(tool);
  }
  if (wantedImages.length > 0) {
    await buildImages(wantedImages, images.map((image) => image.name), { cache, dest: path.join(resources, 'k8s'), install: installFile });
  }
  if (only.length === 0 || only.includes('guest')) {
    buildGuestImage();
  }
}

main().catch((error: Error) => {
  console.error(`deps: ${ error.message }`);
  process.exit(1);
});
