// Where the app gets a Kubernetes version's server binaries at run time: the cache
// (<paths.cache>/kubernetes/v<ver>/), else the copy setup bundled under resources/ when it
// is that version, else the official release tarball, sha512 verified. Rancher Desktop
// does the same for k3s under <paths.cache>/k3s/<ver>/.
import fs from 'node:fs';
import path from 'node:path';

import semver from 'semver';

import { cacheProblem, commitDir, writeMarker } from './distributionCache';
import { extractServerBinaries } from './serverTarball';

import type { Logger } from '@pkg/utils/logger';
import { downloadVerified } from '@pkg/utils/node/verifiedDownload';

/** The files a Kubernetes distribution dir holds, as the official server tarball names them. */
export const KUBERNETES_COMPONENTS = ['kube-apiserver', 'kube-controller-manager', 'kube-scheduler', 'kubelet', 'kube-proxy', 'kubectl'] as const;
export type KubernetesComponent = typeof KUBERNETES_COMPONENTS[number];

export const DEFAULT_RELEASE_URL = 'https://dl.k8s.io';

/** The Kubernetes setup installed with the app. */
export interface BundledKubernetes {
  /** Canonical, e.g. `1.34.4`. */
  version: string;
  /** Where the components are (`<resources>/<platform>/guest-bin/kubernetes`). */
  dir: string;
  /** Components kept elsewhere than `dir` (kubectl is in `<platform>/bin/`). */
  files?: Partial<Record<KubernetesComponent, string>>;
}

export interface KubernetesDistribution {
  version: string;
  /** Holds the six components, executable. */
  dir: string;
  source: 'bundled' | 'cache' | 'download';
}

export type ProgressCallback = (description: string, current?: number, max?: number) => void;

export interface EnsureKubernetesOptions {
  /** Canonical (`1.34.4`; a leading `v` is accepted). */
  version: string;
  /** `<paths.cache>/kubernetes`. */
  cacheDir: string;
  bundled?: BundledKubernetes;
  /** Default: RD_K8S_RELEASE_URL, else https://dl.k8s.io. */
  releaseBaseUrl?: string;
  /** The guest's architecture in release names; default amd64. */
  arch?: string;
  env?: Record<string, string | undefined>;
  fetch?: typeof globalThis.fetch;
  /** How long the release server may send nothing before the download fails; default STALL_TIMEOUT_MS. */
  stallTimeoutMs?: number;
  onProgress?: ProgressCallback;
  logger?: Logger;
}

const canonical = (version: string) => version.replace(/^v/, '');

/** The official server tarball of a version; its published sha512 is at the same URL + `.sha512`. */
export function releaseTarballUrl(version: string, baseUrl = DEFAULT_RELEASE_URL, arch = 'amd64'): string {
  return `${ baseUrl.replace(/\/+$/, '') }/v${ canonical(version) }/kubernetes-server-linux-${ arch }.tar.gz`;
}

/**
 * The Kubernetes setup bundled, from `<resources>/dependencies.json` (the `kubernetes`
 * tool's version and install map); undefined when the manifest has none. The files
 * themselves may be missing (setup not run yet): ensure and list check them.
 */
export function findBundledKubernetes(resources: string, platform: string = process.platform, readFile = (file: string) => fs.readFileSync(file, 'utf8')): BundledKubernetes | undefined {
  let tool: { name?: unknown; version?: unknown; install?: Record<string, string> } | undefined;

  try {
    const manifest = JSON.parse(readFile(path.join(resources, 'dependencies.json'))) as { tools?: NonNullable<typeof tool>[] };

    tool = manifest.tools?.find((t) => t.name === 'kubernetes');
  } catch {
    return undefined;
  }
  if (typeof tool?.version !== 'string' || !semver.valid(canonical(tool.version))) {
    return undefined;
  }
  const install = tool.install ?? {};
  const at = (name: string) => path.join(resources, platform, install[name] ?? path.join('guest-bin', 'kubernetes', name));
  const dir = path.dirname(at('kube-apiserver'));
  const files: Partial<Record<KubernetesComponent, string>> = {};

  for (const name of KUBERNETES_COMPONENTS) {
    if (path.dirname(at(name)) !== dir || path.basename(at(name)) !== name) {
      files[name] = at(name);
    }
  }

  return { version: canonical(tool.version), dir, files };
}

/** Each component's bundled file when all are there (executable), else undefined. */
function bundledFiles(bundled: BundledKubernetes): string[] | undefined {
  const files = KUBERNETES_COMPONENTS.map((name) => bundled.files?.[name] ?? path.join(bundled.dir, name));

  return files.every((file) => {
    try {
      fs.accessSync(file, fs.constants.X_OK);

      return fs.statSync(file).isFile();
    } catch {
      return false;
    }
  }) ? files : undefined;
}

/** A fresh work dir in the cache for one acquisition; earlier interrupted ones of the version go. */
function workDir(cacheDir: string, version: string): string {
  fs.mkdirSync(cacheDir, { recursive: true });
  for (const entry of fs.readdirSync(cacheDir)) {
    if (entry.startsWith(`.v${ version }-`)) {
      fs.rmSync(path.join(cacheDir, entry), { recursive: true, force: true });
    }
  }

  return fs.mkdtempSync(path.join(cacheDir, `.v${ version }-`));
}

/** Copies the bundled files into `dest`; files that are one inode (the multicall binary) are copied once and hard-linked. */
async function copyBundled(sources: string[], dest: string, onProgress: ProgressCallback, version: string): Promise<void> {
  const copied = new Map<string, string>();

  for (const [index, name] of KUBERNETES_COMPONENTS.entries()) {
    const stat = fs.statSync(sources[index]);
    const inode = `${ stat.dev }:${ stat.ino }`;
    const target = path.join(dest, name);
    const first = copied.get(inode);

    onProgress(`Copying bundled Kubernetes v${ version }`, index, KUBERNETES_COMPONENTS.length);
    if (first && linked(first, target)) {
      continue;
    }
    await fs.promises.copyFile(sources[index], target, fs.constants.COPYFILE_FICLONE);
    await fs.promises.chmod(target, 0o755);
    copied.set(inode, target);
  }
}

function linked(existing: string, link: string): boolean {
  try {
    fs.linkSync(existing, link);

    return true;
  } catch {
    return false; // a file system without hard links: copy instead
  }
}

async function download(options: EnsureKubernetesOptions, version: string, dest: string, work: string): Promise<void> {
  const base = options.releaseBaseUrl ?? ((options.env ?? process.env).RD_K8S_RELEASE_URL || DEFAULT_RELEASE_URL);
  const url = releaseTarballUrl(version, base, options.arch);
  const archive = path.join(work, path.basename(new URL(url).pathname));
  const onProgress = options.onProgress ?? (() => {});

  onProgress(`Downloading Kubernetes v${ version }`);
  try {
    await downloadVerified({
      url, checksumsUrl: `${ url }.sha512`, algorithm: 'sha512', dest: archive, fetch: options.fetch, stallTimeoutMs: options.stallTimeoutMs, onProgress: (current, max) => onProgress(`Downloading Kubernetes v${ version }`, current, max),
    });
  } catch (error) {
    throw new Error(`Cannot download Kubernetes v${ version }: ${ (error as Error).message }. Check the network connection and the release server (${ base }; RD_K8S_RELEASE_URL sets another).`);
  }
  onProgress(`Extracting Kubernetes v${ version }`);
  await extractServerBinaries(archive, dest, KUBERNETES_COMPONENTS);
  fs.rmSync(archive, { force: true });
}

/** The download, saying so when it stands in for an incomplete bundled copy (setup not finished). */
async function downloadInstead(options: EnsureKubernetesOptions, version: string, dest: string, work: string, incompleteBundle?: string): Promise<void> {
  if (!incompleteBundle) {
    return download(options, version, dest, work);
  }
  options.logger?.warn(`the bundled Kubernetes v${ version } in ${ incompleteBundle } is incomplete; downloading it`);
  try {
    await download(options, version, dest, work);
  } catch (error) {
    throw new Error(`The bundled Kubernetes v${ version } in ${ incompleteBundle } is incomplete (run "bash scripts/setup.sh" to build it). ${ (error as Error).message }`);
  }
}

/** Fills the cache dir of `version` from the bundled copy or the release, atomically. */
async function acquire(options: EnsureKubernetesOptions, version: string, final: string): Promise<KubernetesDistribution> {
  const onProgress = options.onProgress ?? (() => {});
  const sameVersion = options.bundled && canonical(options.bundled.version) === version;
  const sources = sameVersion ? bundledFiles(options.bundled!) : undefined;
  const work = workDir(options.cacheDir, version);
  const staged = path.join(work, `v${ version }`);

  try {
    fs.mkdirSync(staged);
    if (sources) {
      await copyBundled(sources, staged, onProgress, version);
    } else {
      await downloadInstead(options, version, staged, work, sameVersion ? options.bundled!.dir : undefined);
    }
    onProgress(`Recording Kubernetes v${ version } in the cache`);
    await writeMarker(staged, version, sources ? 'bundled' : 'download', KUBERNETES_COMPONENTS);
    await commitDir(staged, final, version, KUBERNETES_COMPONENTS);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
  options.logger?.info(`Kubernetes v${ version } ${ sources ? 'copied from the bundled files' : 'downloaded' } into ${ final }`);

  return { version, dir: final, source: sources ? 'bundled' : 'download' };
}

const inFlight = new Map<string, Promise<KubernetesDistribution>>();

/**
 * A dir holding the server binaries of `version`: the complete cache dir when there is
 * one (every file's sha256 checked against its marker), else filled from the bundled copy
 * when it is that version, else from the official release (sha512 verified). Concurrent
 * calls for one version share the work.
 */
export async function ensureKubernetesDistribution(options: EnsureKubernetesOptions): Promise<KubernetesDistribution> {
  const version = canonical(options.version);

  if (!semver.valid(version)) {
    throw new Error(`"${ options.version }" is not a Kubernetes version (expected one like 1.34.4).`);
  }
  const final = path.join(options.cacheDir, `v${ version }`);
  const key = path.resolve(final);
  const running = inFlight.get(key);

  if (running) {
    return running;
  }
  const work = (async() => {
    options.onProgress?.(`Checking cached Kubernetes v${ version }`);
    const problem = await cacheProblem(final, version, KUBERNETES_COMPONENTS);

    if (!problem) {
      return { version, dir: final, source: 'cache' as const };
    }
    if (fs.existsSync(final)) {
      options.logger?.warn(`${ final } is not a usable Kubernetes v${ version } (${ problem }); acquiring it again`);
    }

    return acquire(options, version, final);
  })();

  inFlight.set(key, work);
  try {
    return await work;
  } finally {
    inFlight.delete(key);
  }
}

/**
 * Which of `versions` (the catalogue's) can be had without the network right now: the
 * bundled one when its files are there, and complete caches (checked by size, not hashed).
 */
export async function listOfflineKubernetesVersions(options: { versions: readonly string[]; cacheDir: string; bundled?: BundledKubernetes }): Promise<string[]> {
  const offline: string[] = [];

  for (const version of options.versions.map(canonical)) {
    const bundled = options.bundled && canonical(options.bundled.version) === version && bundledFiles(options.bundled);

    if (bundled || !await cacheProblem(path.join(options.cacheDir, `v${ version }`), version, KUBERNETES_COMPONENTS, true)) {
      offline.push(version);
    }
  }

  return offline;
}
