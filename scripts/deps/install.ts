// Acquires everything in resources/dependencies.json and installs it under
// resources/<os>/, then builds the guest image. Bundled by scripts/build.mjs to
// dist/tools/deps.js and run by scripts/setup.sh. Each tool is built once into a cache
// outside the repo (RD_BUILD_CACHE, default ~/.cache/rd-build); a rerun with nothing
// changed only re-checks digests and links. RD_DEPS_SOURCE=release takes the path a real
// install takes: download the official release and verify it against published checksums.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { digestFromChecksums, downloadVerified, fileDigest } from '@pkg/utils/node/verifiedDownload';

interface Tool {
  name: string;
  version: string;
  source: { module: string; sum: string };
  build: { targets?: string[]; ldflags?: string; script?: string };
  install: Record<string, string>;
  release: { url: string; checksums: string; sha256?: string | null; files: Record<string, string> };
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

function buildFromSource(tool: Tool, out: string): void {
  if (tool.build.script) {
    sh('bash', [path.join(root, 'scripts', 'deps', tool.build.script), tool.version, out]);
  } else {
    sh('bash', [path.join(root, 'scripts', 'deps', 'buildGoTool.sh'), tool.name, tool.source.module, tool.version, out, ...(tool.build.targets ?? []), '--', tool.build.ldflags ?? '']);
  }
  const sums = fs.existsSync(path.join(out, 'module.sum')) ? fs.readFileSync(path.join(out, 'module.sum'), 'utf8') : '';

  if (tool.source.sum && !sums.includes(tool.source.sum)) {
    throw new Error(`${ tool.name } ${ tool.version }: the module's go.sum hash is not ${ tool.source.sum } (got: ${ sums.trim() || 'none recorded' }); delete ${ out } to rebuild`);
  }
}

async function fromRelease(tool: Tool, out: string): Promise<void> {
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

  for (const name of Object.keys(tool.install)) {
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
  try {
    fs.linkSync(from, tmp);
  } catch {
    fs.copyFileSync(from, tmp);
  }
  fs.renameSync(tmp, to);
}

async function acquire(tool: Tool): Promise<void> {
  const useRelease = process.env.RD_DEPS_SOURCE === 'release';
  const out = path.join(cache, useRelease ? 'releases' : 'go-tools', `${ tool.name }-${ tool.version }`);
  const started = Date.now();

  if (useRelease) {
    await fromRelease(tool, out);
  } else {
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

async function main(): Promise<void> {
  const manifest = JSON.parse(fs.readFileSync(path.join(root, 'resources', 'dependencies.json'), 'utf8')) as { tools: Tool[] };
  const only = process.argv.slice(2);

  for (const tool of manifest.tools.filter((t) => only.length === 0 || only.includes(t.name))) {
    await acquire(tool);
  }
  if (only.length === 0 || only.includes('guest')) {
    buildGuestImage();
  }
}

main().catch((error: Error) => {
  console.error(`deps: ${ error.message }`);
  process.exit(1);
});
