import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

import type { Settings } from '@pkg/config/settingsTypes';
import { BackendError } from '@pkg/utils/errors';
import type { Logger } from '@pkg/utils/logger';
import { ProcessTimeoutError } from '@pkg/utils/node/processRunner';

import type { ProgressTracker } from '../progressTracker';
import type { ExecOptions, ExecResult } from '../types';

import { corednsManifest, localPathManifest, traefikManifest } from './addonManifests';
import { apiGet, type ClusterCredentials, nodeIsReady } from './apiClient';
import { type AddonImages, clusterSpec, type ClusterSpec, GUEST_K8S_DIR } from './clusterSpec';
import { GUEST_ADMIN_KUBECONFIG, installScript } from './guestFiles';
import { fullImageRef, IMAGES_DIR } from './guestScripts';
import { IMAGES_UNIT, LOG_DIR, TARGET } from './guestUnits';
import { PKI_DIR } from './pkiScript';

/** The Kubernetes components every version has; the multicall build links them all to one file. */
export const COMPONENTS = ['kube-apiserver', 'kube-controller-manager', 'kube-scheduler', 'kubelet', 'kube-proxy', 'kubectl'] as const;

/** An add-on image tarball on the host. */
export interface AddonImage {
  name: string;
  ref: string;
  file: string;
}

/** What the cluster manager needs from the VM and the host; tests replace every member. */
export interface ClusterManagerDeps {
  logger: Logger;
  exec(command: string[], options?: ExecOptions): Promise<ExecResult>;
  /** Copies a host file into the guest at a path the VM's user may write (e.g. under /tmp); stopped after `timeoutMs`. */
  copyToGuest(hostPath: string, guestPath: string, timeoutMs: number): Promise<void>;
  /** The host folder holding the component binaries of a version (download or cache). */
  distribution(version: string, onProgress: (description: string) => void): Promise<string>;
  /** The datastore binary (kine) on the host. */
  kine: string;
  images: AddonImage[];
  /** Writes the cluster's entries into the user's kubeconfig (atomic, the user's entries untouched). */
  writeKubeconfig(server: string, credentials: ClusterCredentials): void;
  /**
   * Applies (or with `delete`, removes) manifests through the host's kubectl and the user's
   * kubeconfig; a kubectl still running after `timeoutMs` is stopped (ProcessTimeoutError).
   */
  kubectl(args: string[], input: string, timeoutMs: number): Promise<ExecResult>;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
  /** GETs the cluster's API from the host (tests answer without a cluster). */
  api?: typeof apiGet;
  /** Replaces some of CLUSTER_BUDGETS_MS (tests). */
  budgetMs?: Partial<ClusterBudgets>;
}

export interface ClusterBudgets {
  apiServer: number;
  node: number;
  /** `systemctl start` of the cluster's target. */
  start: number;
  /** The add-on images job (rd-k8s-images). */
  imageImport: number;
  /** One `kubectl apply` or `delete` of the add-ons. */
  kubectl: number;
  /** Stopping the services (each gets systemd's stop timeout, then SIGKILL). */
  stop: number;
  /** Any other command in the guest (the install script, listing files, rm -rf of the data). */
  guestCommand: number;
  /** Reading a log or systemd's counters: on a failure path that must not hang itself. */
  look: number;
}

/**
 * How long each wait of a start may take before it fails with the component's log. Sized
 * for QEMU TCG on 2 cores (stop 10's measurements): generous, as a false failure costs the
 * user a whole new start, but finite, so a stuck step ends in ERROR, not STARTING forever.
 */
export const CLUSTER_BUDGETS_MS: Readonly<ClusterBudgets> = {
  // ~20 s for the API server alone under TCG; after a wipe it also writes its first objects.
  apiServer: 240_000,
  // 43 s from the engine to node Ready in the warm benchmark.
  node: 240_000,
  // traefik's 170 MB take ~60 s to unpack under TCG, ~330 MB of images in all, beside the
  // control plane's own start: ~2 min measured, 5x that.
  imageImport: 600_000,
  // The target wants the images job, a oneshot, so its start returns only when the import
  // is done (2 min 48 s measured on 2 cores): the import's budget, not a service's seconds.
  start: 600_000,
  // An apply of the add-ons takes seconds; kubectl never gives up on its own.
  kubectl: 120_000,
  // systemd's stop timeout is 90 s per unit (they stop in parallel), then it kills.
  stop: 180_000,
  // The install script stops the running services first (the stop budget) and writes files.
  guestCommand: 300_000,
  look: 30_000,
};

// limactl copy goes through scp: 129 MB took 30 s under TCG with CI beside it (~4 MB/s).
// A quarter of that speed plus a minute for the connection is still a bound.
const COPY_BASE_MS = 60_000;
const COPY_MS_PER_MB = 1_000;

const UPLOAD_DIR = '/tmp/rd-k8s-upload';
const FILES_DIR = `${ GUEST_K8S_DIR }/files`;

function imageRefs(images: AddonImage[]): AddonImages {
  const ref = (name: string) => images.find((i) => i.name === name)?.ref;
  const required = (name: string) => ref(name) ?? (() => {
    throw new BackendError(`The Kubernetes add-on image "${ name }" is missing from this install (resources/<os>/k8s/images.json); run scripts/setup.sh to build it.`, true);
  })();

  return { pause: required('pause'), coredns: required('coredns'), localPath: required('local-path-provisioner'), busybox: required('busybox'), traefik: ref('traefik') };
}

/**
 * Runs the cluster inside a running VM: makes the chosen version's binaries and the add-ons
 * present in the guest (each file copied once, by content), writes the units and configs,
 * starts them as supervised services, waits for the API server and the node (each within a
 * budget; a miss quotes the component's log), deploys CoreDNS, local-path and traefik, and
 * points the user's kubeconfig at it. Knows nothing of Lima: exec and copy come in.
 */
export class ClusterManager {
  private readonly digests = new Map<string, string>();
  private credentials?: ClusterCredentials;
  private restarts = new Map<string, number>();
  private spec?: ClusterSpec;

  private readonly budgets: ClusterBudgets;

  constructor(private readonly deps: ClusterManagerDeps) {
    this.budgets = { ...CLUSTER_BUDGETS_MS, ...deps.budgetMs };
  }

  /** The spec of the cluster that runs (or last ran). */
  get current(): ClusterSpec | undefined {
    return this.spec;
  }

  /** The tracker gets one step per phase; `stepsFor` says how many to reserve. */
  static readonly STEPS = 6;

  async start(settings: Settings, version: string, tracker: ProgressTracker): Promise<void> {
    const spec = clusterSpec(settings, version, imageRefs(this.deps.images));

    this.spec = spec;
    const dist = await tracker.step(`Preparing Kubernetes v${ version }`, () => this.deps.distribution(version, (d) => tracker.describe(d)));

    await tracker.step('Installing Kubernetes in the virtual machine', () => this.install(spec, dist));
    // The start waits for the add-on images' import (a oneshot the target wants) and kubelet's pause import.
    await tracker.step('Starting Kubernetes', () => this.root(['systemctl', 'start', TARGET], 'start the Kubernetes services', { timeoutMs: this.budgets.start, logOf: 'kubelet' }));
    await tracker.step('Waiting for the Kubernetes API server', () => this.waitForApiServer(spec));
    await tracker.step('Deploying CoreDNS, local-path storage' + (spec.traefik ? ' and traefik' : ''), () => this.deployAddons(spec));
    if (spec.podNetwork) {
      await tracker.step(`Waiting for node ${ spec.nodeName } to be ready`, () => this.waitForNode(spec));
    } else {
      // As with RD's flannel off: the node is NotReady until the user deploys a CNI of their own.
      this.deps.logger.info('kubernetes.options.flannel is off: no pod network is installed, so the node stays NotReady until you deploy a CNI plugin');
      tracker.describe('No pod network (kubernetes.options.flannel is off)');
    }
    this.restarts = await this.restartCounts();
  }

  /** Stops the services and every pod's containers (kubelet leaves them running when it stops). */
  async stop(timeoutMs = this.budgets.stop): Promise<void> {
    await this.root(['sh', '-c', [
      `systemctl stop ${ TARGET } 'rd-k8s-*.service'`,
      'for t in $(ctr -n k8s.io tasks ls -q 2>/dev/null); do ctr -n k8s.io tasks kill -s KILL "$t" >/dev/null 2>&1 || true; done',
    ].join('\n')], 'stop Kubernetes', { timeoutMs });
  }

  /**
   * What a fast reset deletes: the datastore, the PKI, kubelet's and CNI's state, the pods'
   * containers and the PersistentVolumes' data. Images stay, and so do the binaries.
   */
  async deleteData(): Promise<void> {
    await this.stop();
    await this.root(['sh', '-c', [
      'for t in $(ctr -n k8s.io tasks ls -q 2>/dev/null); do ctr -n k8s.io tasks rm -f "$t" >/dev/null 2>&1 || true; done',
      'ctr -n k8s.io containers ls -q 2>/dev/null | xargs -r ctr -n k8s.io containers rm >/dev/null 2>&1 || true',
      "grep -o ' /var/lib/kubelet[^ ]*' /proc/mounts | sort -r | xargs -r umount -l 2>/dev/null || true",
      `rm -rf ${ GUEST_K8S_DIR }/db ${ PKI_DIR } /var/lib/kubelet /var/lib/cni ${ this.spec?.storageDir ?? '/var/lib/rancher-desktop/storage' } ${ GUEST_ADMIN_KUBECONFIG }`,
      'ip link delete cni0 2>/dev/null || true',
    ].join('\n')], 'delete the cluster\'s data');
    this.credentials = undefined;
  }

  /** Components restarted by systemd since the last look (name → restarts), for the log. */
  async checkRestarts(): Promise<Record<string, number>> {
    const now = await this.restartCounts();
    const changed: Record<string, number> = {};

    for (const [unit, count] of now) {
      if (count > (this.restarts.get(unit) ?? 0)) {
        changed[unit] = count;
      }
    }
    this.restarts = now;

    return changed;
  }

  /** The last lines of a component's log in the guest. */
  async logTail(program: string, lines = 15): Promise<string[]> {
    const result = await this.deps.exec(['tail', '-n', String(lines), `${ LOG_DIR }/${ program }.log`], { root: true, timeoutMs: this.budgets.look }).catch(() => undefined);

    return (result?.stdout ?? '').split('\n').filter(Boolean);
  }

  private async restartCounts(): Promise<Map<string, number>> {
    const result = await this.deps.exec(['systemctl', 'show', '--property=Id,NRestarts', 'rd-k8s-*'], { root: true, timeoutMs: this.budgets.look }).catch(() => undefined);
    const counts = new Map<string, number>();

    // One block per unit, blank-line separated; systemd prints the properties in its own
    // order (NRestarts before Id), not in the order asked for.
    for (const block of (result?.stdout ?? '').split(/\n\s*\n/)) {
      const props = Object.fromEntries(block.split('\n').map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]));

      if (props.Id) {
        counts.set(props.Id.replace(/\.service$/, ''), Number(props.NRestarts) || 0);
      }
    }

    return counts;
  }

  /**
   * Runs a command as root in the guest; a non-zero exit or a run past `timeoutMs` is a
   * BackendError, quoting `logOf`'s log when the command waits on that component.
   */
  private async root(command: string[], what: string, options: { input?: string; timeoutMs?: number; logOf?: string } = {}): Promise<ExecResult> {
    const timeoutMs = options.timeoutMs ?? this.budgets.guestCommand;
    const result = await this.deps.exec(command, { root: true, input: options.input, timeoutMs }).catch(async(error: unknown) => {
      throw error instanceof ProcessTimeoutError ? await this.timedOut(`Could not ${ what } in the virtual machine`, error, options.logOf) : error;
    });

    if (result.exitCode !== 0) {
      throw new BackendError(`Could not ${ what } in the virtual machine: ${ (result.stderr || result.stdout).trim().split('\n').slice(-3).join(' ') || `exit ${ result.exitCode }` }`);
    }

    return result;
  }

  private async digest(file: string): Promise<string> {
    const stat = fs.statSync(file);
    const key = `${ file }:${ stat.size }:${ stat.mtimeMs }:${ stat.ino }`;
    let digest = this.digests.get(key);

    if (!digest) {
      const hash = crypto.createHash('sha256');

      for await (const chunk of fs.createReadStream(file)) {
        hash.update(chunk as Buffer);
      }
      digest = hash.digest('hex');
      this.digests.set(key, digest);
    }

    return digest;
  }

  /** Copies what the guest lacks (by content: the six component names of a multicall build are one copy), then runs the install script. */
  private async install(spec: ClusterSpec, dist: string): Promise<void> {
    const wanted: Record<string, string> = {};

    for (const component of COMPONENTS) {
      wanted[component] = path.join(dist, component);
    }
    wanted.kine = this.deps.kine;
    const digests: Record<string, string> = {};

    for (const file of [...Object.values(wanted), ...this.deps.images.map((image) => image.file)]) {
      digests[file] = await this.digest(file);
    }
    const present = new Set((await this.root(['sh', '-c', `mkdir -p ${ FILES_DIR } && ls ${ FILES_DIR }`], 'list the Kubernetes files')).stdout.split('\n').filter(Boolean));
    const missing = [...new Set(Object.values(digests))].filter((d) => !present.has(d));

    if (missing.length > 0) {
      await this.root(['sh', '-c', `rm -rf ${ UPLOAD_DIR } && mkdir -p ${ UPLOAD_DIR } && chmod 1777 ${ UPLOAD_DIR }`], 'prepare the upload folder');
      for (const digest of missing) {
        const file = Object.keys(digests).find((f) => digests[f] === digest) as string;

        this.deps.logger.info(`copying ${ file } into the VM (${ (fs.statSync(file).size / 1048576).toFixed(0) } MB)`);
        await this.deps.copyToGuest(file, `${ UPLOAD_DIR }/${ digest }`, COPY_BASE_MS + Math.ceil(fs.statSync(file).size / 1048576) * COPY_MS_PER_MB);
      }
      await this.root(['sh', '-c', `chmod 0755 ${ UPLOAD_DIR }/* && mv -f ${ UPLOAD_DIR }/* ${ FILES_DIR }/ && rm -rf ${ UPLOAD_DIR }`], 'store the Kubernetes files');
    }
    const links: Record<string, string> = {};

    for (const [name, file] of Object.entries(wanted)) {
      links[name] = `${ FILES_DIR }/${ digests[file] }`;
    }
    const script = [
      // The services must not run on the old files while they are replaced.
      `systemctl stop ${ TARGET } 'rd-k8s-*.service' 2>/dev/null || true`,
      installScript(spec, links),
      `rm -f ${ IMAGES_DIR }/*.tar ${ IMAGES_DIR }/*.ref`,
      ...this.deps.images.flatMap((image) => [
        `ln -sfn ${ FILES_DIR }/${ digests[image.file] } ${ IMAGES_DIR }/${ image.name }.tar`,
        `echo '${ fullImageRef(image.ref) }' > ${ IMAGES_DIR }/${ image.name }.ref`,
      ]),
    ].join('\n');
    const result = await this.root(['sh', '-s'], 'install Kubernetes', { input: script });

    for (const line of result.stdout.split('\n').filter((l) => l.startsWith('changed '))) {
      this.deps.logger.debug(line);
    }
    this.credentials = await this.readCredentials();
    this.deps.writeKubeconfig(`https://127.0.0.1:${ spec.port }`, this.credentials);
  }

  private async readCredentials(): Promise<ClusterCredentials> {
    const result = await this.root(['sh', '-c', `cd ${ PKI_DIR } && cat ca.crt && echo '--RD--' && cat admin.crt && echo '--RD--' && cat admin.key`], 'read the cluster\'s certificates');
    const [ca, cert, key] = result.stdout.split('--RD--\n');

    if (!ca || !cert || !key) {
      throw new BackendError('The cluster\'s certificates could not be read from the virtual machine.');
    }

    return { ca, cert, key };
  }

  private async waitFor(what: string, budgetMs: number, check: () => Promise<boolean>, logOf: string): Promise<void> {
    const sleep = this.deps.sleep ?? ((ms: number) => new Promise((resolve) => setTimeout(resolve, ms)));
    const now = this.deps.now ?? Date.now;
    const deadline = now() + budgetMs;

    while (now() < deadline) {
      if (await check().catch(() => false)) {
        return;
      }
      await sleep(1_000);
    }

    throw await this.missed(`${ what } was not ready within ${ Math.round(budgetMs / 1000) } s`, `waiting for ${ what }`, logOf);
  }

  /** A budget missed: the error quotes the component's log (and the stopped command's stderr, if one was). */
  private async missed(message: string, comment: string, logOf: string, stderr: string[] = []): Promise<BackendError> {
    const tail = await this.logTail(logOf);

    return new BackendError(`${ message }. The last lines of ${ logOf }'s log:\n${ tail.join('\n') || '(empty)' }`, false, {
      lastCommandComment: comment,
      lastLogLines: [...stderr, ...tail],
    });
  }

  /** A command stopped at its timeout: named, with its stderr, and the log of the component it waited on. */
  private async timedOut(what: string, error: ProcessTimeoutError, logOf?: string): Promise<BackendError> {
    if (!logOf) {
      return new BackendError(`${ what }: ${ error.message }`, false, error.details, { cause: error });
    }
    const missed = await this.missed(`${ what }: ${ error.message }`, `${ error.command } (timed out)`, logOf, error.stderrTail);

    return new BackendError(missed.message, false, { ...missed.details!, lastCommand: error.command }, { cause: error });
  }

  private waitForApiServer(spec: ClusterSpec): Promise<void> {
    const credentials = this.credentials as ClusterCredentials;

    return this.waitFor('The Kubernetes API server', this.deps.budgetMs?.apiServer ?? 240_000, async() => (await (this.deps.api ?? apiGet)(spec.port, '/readyz', credentials)).status === 200, 'kube-apiserver');
  }

  private waitForNode(spec: ClusterSpec): Promise<void> {
    const credentials = this.credentials as ClusterCredentials;

    return this.waitFor(`Node ${ spec.nodeName }`, this.deps.budgetMs?.node ?? 240_000, async() => nodeIsReady(await (this.deps.api ?? apiGet)(spec.port, `/api/v1/nodes/${ spec.nodeName }`, credentials)), 'kubelet');
  }

  private async deployAddons(spec: ClusterSpec): Promise<void> {
    const sleep = this.deps.sleep ?? ((ms: number) => new Promise((resolve) => setTimeout(resolve, ms)));
    // A just-ready API server under emulation still drops the odd request (seen: "unexpected
    // EOF" on the third manifest); apply is idempotent, so a few tries are safe.
    // A kubectl that hangs is not retried: its budget is already many times a normal apply.
    const kubectl = (args: string[], manifest: string, what: string) => this.deps.kubectl(args, manifest, this.budgets.kubectl).catch(async(error: unknown) => {
      throw error instanceof ProcessTimeoutError ? await this.timedOut(`Could not ${ what }`, error, 'kube-apiserver') : error;
    });
    const apply = async(args: string[], manifest: string, what: string) => {
      let result = await kubectl(args, manifest, what);

      for (let attempt = 1; result.exitCode !== 0 && attempt < 5; attempt++) {
        this.deps.logger.warn(`kubectl ${ args[0] } failed (${ result.stderr.trim().split('\n').pop() }); trying again`);
        await sleep(3_000);
        result = await kubectl(args, manifest, what);
      }
      if (result.exitCode !== 0) {
        throw new BackendError(`Could not ${ what }: ${ result.stderr.trim().split('\n').slice(-2).join(' ') }`);
      }
    };

    // Their pods cannot pull: the images must be in containerd first. Starting a oneshot
    // job that the target already started waits for it to finish.
    await this.root(['systemctl', 'start', `${ IMAGES_UNIT }.service`], 'import the add-ons\' images', { timeoutMs: this.budgets.imageImport, logOf: 'rd-k8s-import-images' });
    await apply(['apply', '-f', '-'], corednsManifest(spec) + localPathManifest(spec), 'deploy CoreDNS and local-path-provisioner');
    if (spec.traefik) {
      await apply(['apply', '-f', '-'], traefikManifest(spec), 'deploy traefik');
    } else if (spec.images.traefik) {
      await apply(['delete', '--ignore-not-found', '-f', '-'], traefikManifest({ ...spec, traefik: true }), 'remove traefik');
    }
  }
}
