import fs from 'node:fs';
import path from 'node:path';

import yaml from 'js-yaml';

import type { Settings } from '@pkg/config/settingsTypes';
import { type Progress, type RestartReasons, State } from '@pkg/ipc/backendState';
import { BackendError, type FailureDetails, UserError } from '@pkg/utils/errors';
import type { Logger } from '@pkg/utils/logger';
import { tailFile } from '@pkg/utils/node/fileTail';
import { ensureOwnedDir } from '@pkg/utils/node/ownedDir';
import { SHARED_SCRATCH_DIR } from '@pkg/utils/node/paths';
import type { ProcessRunner } from '@pkg/utils/node/processRunner';

import { BackendStateMachine } from '../backendStateMachine';
import { ClusterManager } from '../kube/clusterManager';
import { computeRestartReasons } from '../restartReasons';
import type { ExecOptions, ExecResult, VMBackend, VMExecutor } from '../types';
import type { AccelChoice } from './kvmProbe';
import { buildLimaConfig } from './limaConfig';
import { INSTANCE, type Limactl, limaLogMessage } from './limactl';
import { limaInvalidReason, type LimaTools } from './limaTools';
import { QemuWatcher, type QemuWatcherDeps } from './qemuWatcher';

/** What the Lima backend needs from the outside world; tests replace every member. */
export interface LimaBackendDeps {
  logger: Logger;
  limactl: Limactl;
  tools: LimaTools;
  uid: number;
  home: string;
  /** `~/.rd`: the docker socket is forwarded to `<altAppHome>/docker.sock`. */
  altAppHome: string;
  /** Directories outside home the guest should see (cache, logs). */
  extraMounts: string[];
  run: ProcessRunner;
  probeAccel(): Promise<AccelChoice>;
  /** Resolves once the engine answers from the host (moby: the forwarded socket). */
  waitForEngine(settings: Settings): Promise<void>;
  invalidReason?: () => string | undefined;
  watcherDeps?: QemuWatcherDeps;
  /** Runs Kubernetes in the VM; absent in an install without it. */
  cluster?: ClusterManager;
  /** The version to run when kubernetes.version is empty (the catalogue's newest stable). */
  defaultK8sVersion?: () => string | undefined;
  /** How often to look for components their supervisor restarted. */
  restartWatchMs?: number;
  /** Makes or checks the shared scratch folder (ownedDir.ts); tests keep out of /tmp. */
  ensureSharedDir?: (dir: string) => void;
}

// Under TCG a first boot takes minutes; Lima's own default (10m) is kept as the ceiling.
const START_TIMEOUT = '10m';
const STOP_TIMEOUT_MS = 90_000;
const CLUSTER_STOP_TIMEOUT_MS = 60_000;

/**
 * The VM through Lima and QEMU (macOS, Linux): instance `0` under LIMA_HOME in the app's
 * data, lima.yaml written from the settings before each start, the engine picked by a
 * provision script, and a watch on QEMU so a VM killed from outside turns the state to ERROR.
 */
export class LimaBackend implements VMBackend {
  readonly name = 'lima';
  private running?: Settings;
  private accel?: AccelChoice;
  private k8sVersion?: string;
  private restartWatch?: ReturnType<typeof setInterval>;
  private readonly machine: BackendStateMachine;
  private readonly watcher: QemuWatcher;

  constructor(private readonly deps: LimaBackendDeps) {
    this.machine = new BackendStateMachine({ logger: deps.logger, logPrefix: 'state ', reportFailure: (error, what) => this.reportFailure(error, what) }, {
      start: (settings) => this.doStart(settings),
      stop: (from) => this.doStop(from),
      delete: async() => {
        await this.deps.limactl.run(['delete', '--force', INSTANCE]);
        this.running = undefined;
      },
    });
    this.watcher = new QemuWatcher(path.join(deps.limactl.instanceDir, 'qemu.pid'), (pid) => this.onVmDied(pid), deps.watcherDeps);
  }

  private get tracker() {
    return this.machine.tracker;
  }

  get onDidChangeState() {
    return this.machine.onDidChangeState;
  }

  get onDidChangeProgress() {
    return this.tracker.onDidChange;
  }

  get state(): State {
    return this.machine.state;
  }

  get progress(): Progress {
    return this.tracker.progress;
  }

  /** The error that put the backend in ERROR, if it is there. */
  get lastError(): BackendError | undefined {
    return this.machine.lastError;
  }

  get kubernetesVersion(): string | undefined {
    return this.k8sVersion;
  }

  /** KVM or TCG, once the first start has probed it (shown by the diagnostics). */
  get acceleration(): AccelChoice | undefined {
    return this.accel;
  }

  readonly executor: VMExecutor = {
    exec: (command, options) => this.exec(command, options),
    shellCommand: (command) => (this.isRunning ? {
      file: this.deps.tools.limactl,
      args: this.deps.limactl.shellArgs(command, { workdir: '.' }),
      env: this.deps.limactl.environment,
    } : undefined),
  };

  getBackendInvalidReason(): Promise<string | undefined> {
    return Promise.resolve((this.deps.invalidReason ?? (() => limaInvalidReason(this.deps.tools, this.deps.uid)))());
  }

  start(settings: Settings): Promise<void> {
    return this.machine.start(settings);
  }

  stop(): Promise<void> {
    return this.machine.stop();
  }

  del(): Promise<void> {
    return this.machine.del();
  }

  requiresRestartReasons(desired: Settings): Promise<RestartReasons> {
    return Promise.resolve(this.running && this.isRunning ? computeRestartReasons('lima', this.running, desired) : {});
  }

  resetKubernetes(settings: Settings): Promise<void> {
    return this.changeKubernetes(settings, true);
  }

  restartKubernetes(settings: Settings): Promise<void> {
    return this.changeKubernetes(settings, false);
  }

  handleSettingsUpdate(): Promise<void> {
    return Promise.resolve();
  }

  getFailureDetails(error: unknown): Promise<FailureDetails> {
    if (error instanceof BackendError && error.details) {
      return Promise.resolve(error.details);
    }
    const dir = this.deps.limactl.instanceDir;

    return Promise.resolve({
      lastCommand: this.deps.limactl.lastCommand,
      lastLogLines: [...tailFile(path.join(dir, 'ha.stderr.log'), 10), ...tailFile(path.join(dir, 'serial.log'), 10)],
    });
  }

  private get isRunning(): boolean {
    return this.machine.isRunning;
  }

  /** Runs while STARTING (backendStateMachine.ts); a throw is ERROR. */
  private async doStart(settings: Settings): Promise<State> {
    this.running = structuredClone(settings);
    this.tracker.begin(5 + (settings.kubernetes.enabled && this.deps.cluster ? ClusterManager.STEPS : 0));
    const invalid = await this.getBackendInvalidReason();

    if (invalid) {
      throw new BackendError(invalid, true);
    }
    await this.tracker.step('Checking virtualization', () => this.chooseAccelerator());
    await this.tracker.step('Cleaning up after the previous run', () => this.cleanUpStale());
    const firstStart = await this.tracker.step('Writing Lima configuration', () => Promise.resolve(this.writeConfig(settings)));

    await this.tracker.step('Starting virtual machine', () => this.limaStart(firstStart));
    await this.tracker.step(`Waiting for ${ settings.containerEngine.name === 'moby' ? 'dockerd' : 'containerd' }`, () => this.deps.waitForEngine(settings));
    this.watcher.start();

    return this.startKubernetes(settings);
  }

  /** Starts the cluster when enabled; the state the backend is in then. */
  private async startKubernetes(settings: Settings): Promise<State> {
    if (!settings.kubernetes.enabled) {
      return State.DISABLED;
    }
    if (!this.deps.cluster) {
      this.deps.logger.warn('Kubernetes is enabled in the settings, but this install has no Kubernetes: only the container engine runs.');

      return State.DISABLED;
    }
    const version = settings.kubernetes.version || this.deps.defaultK8sVersion?.();

    if (!version) {
      throw new BackendError('No Kubernetes version is available in this install (resources/k8s-versions.json is empty).', true);
    }
    this.k8sVersion = version;
    await this.deps.cluster.start(settings, version, this.tracker);
    this.watchRestarts();

    return State.STARTED;
  }

  /** In the running VM: stop the cluster, optionally delete its data, and start it as the settings say. */
  private changeKubernetes(settings: Settings, wipeData: boolean): Promise<void> {
    const cluster = this.deps.cluster;

    if (!cluster) {
      return Promise.reject(new UserError('unsupported', 'This install has no Kubernetes.'));
    }

    return this.machine.changeKubernetes(wipeData ? 'Kubernetes reset' : 'Kubernetes restart', async() => {
      this.running = structuredClone(settings);
      this.stopWatchingRestarts();
      this.tracker.begin(1 + (settings.kubernetes.enabled ? ClusterManager.STEPS : 0));
      await this.tracker.step(wipeData ? 'Deleting the cluster\'s data' : 'Stopping Kubernetes', () => (wipeData ? cluster.deleteData() : cluster.stop()));

      return this.startKubernetes(settings);
    });
  }

  /** A component its supervisor restarted is worth a line in the log: it may be crash-looping. */
  private watchRestarts(): void {
    const cluster = this.deps.cluster;

    this.stopWatchingRestarts();
    if (!cluster) {
      return;
    }
    this.restartWatch = setInterval(() => {
      if (this.machine.state !== State.STARTED || this.machine.busy) {
        return;
      }
      cluster.checkRestarts().then((restarted) => {
        for (const [unit, count] of Object.entries(restarted)) {
          this.deps.logger.warn(`Kubernetes: ${ unit } exited and was restarted by systemd (${ count } restart${ count === 1 ? '' : 's' } since it was first started)`);
        }
      }).catch(() => undefined);
    }, this.deps.restartWatchMs ?? 15_000);
    this.restartWatch.unref?.();
  }

  private stopWatchingRestarts(): void {
    clearInterval(this.restartWatch);
    this.restartWatch = undefined;
  }

  private async reportFailure(error: BackendError, what: string): Promise<void> {
    const details = await this.getFailureDetails(error);

    this.deps.logger.error(`${ what } failed: ${ error.message }\n${ details.lastLogLines.join('\n') }`);
  }

  private async chooseAccelerator(): Promise<void> {
    this.accel ??= await this.deps.probeAccel();
    this.deps.logger.info(`accelerator: ${ this.accel.accel } (${ this.accel.reason })`);
    if (this.accel.accel === 'tcg' && this.deps.tools.qemu) {
      this.deps.limactl.useTcg(this.deps.tools.qemu);
    }
  }

  /** A VM that died leaves Lima's host agent or pid files behind; a forced stop clears both. */
  private async cleanUpStale(): Promise<void> {
    const dir = this.deps.limactl.instanceDir;

    if (['qemu.pid', 'ha.pid'].some((f) => fs.existsSync(path.join(dir, f)))) {
      this.deps.logger.info('a previous VM did not stop cleanly: forcing it down');
      await this.deps.limactl.run(['stop', '--force', INSTANCE]).catch((e) => this.deps.logger.warn('forced stop failed', e));
    }
  }

  /** Writes lima.yaml where limactl will read it; true when the instance does not exist yet. */
  private writeConfig(settings: Settings): boolean {
    const config = buildLimaConfig(settings, {
      image: this.deps.tools.image,
      home: this.deps.home,
      altAppHome: this.deps.altAppHome,
      useTcg: this.accel?.accel === 'tcg',
      extraMounts: this.deps.extraMounts,
    });
    const text = `# Written by Rancher Desktop at each start; edits are replaced.\n${ yaml.dump(config, { lineWidth: -1 }) }`;
    const instanceYaml = path.join(this.deps.limactl.instanceDir, 'lima.yaml');
    const firstStart = !fs.existsSync(instanceYaml);
    const target = firstStart ? path.join(this.deps.limactl.limaHome, '_config', `${ INSTANCE }.yaml`) : instanceYaml;

    // The scratch mount sits in /tmp, where any user could have made it first.
    (this.deps.ensureSharedDir ?? ensureOwnedDir)(SHARED_SCRATCH_DIR);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(`${ target }.tmp`, text);
    fs.renameSync(`${ target }.tmp`, target);

    return firstStart;
  }

  private async limaStart(firstStart: boolean): Promise<void> {
    const configFile = path.join(this.deps.limactl.limaHome, '_config', `${ INSTANCE }.yaml`);
    const target = firstStart ? ['--name', INSTANCE, configFile] : [INSTANCE];

    await this.deps.limactl.run(['start', '--tty=false', `--timeout=${ START_TIMEOUT }`, ...target], {
      onLine: (line) => {
        const message = limaLogMessage(line);

        if (message) {
          this.deps.logger.info(`limactl: ${ message }`);
          this.tracker.describe(`Starting virtual machine: ${ message.replace(/^\[hostagent\] /, '') }`);
        }
      },
    });
    if (firstStart) {
      fs.rmSync(configFile, { force: true });
    }
  }

  /** Runs while STOPPING (backendStateMachine.ts); a throw is ERROR. */
  private async doStop(from: State): Promise<void> {
    this.watcher.stop();
    this.stopWatchingRestarts();
    const clusterRuns = from === State.STARTED && !!this.deps.cluster;

    this.tracker.begin(clusterRuns ? 2 : 1);
    if (clusterRuns) {
      // The pods' containers and the datastore stop in order here; left to the guest's
      // shutdown they outlast limactl's wait and the VM is powered off hard, mid-write.
      await this.tracker.step('Stopping Kubernetes', () => (this.deps.cluster as ClusterManager).stop(CLUSTER_STOP_TIMEOUT_MS).catch((error) => {
        this.deps.logger.warn(`stopping Kubernetes before the VM failed (${ error.message }); the VM's shutdown stops it`);
      }));
    }
    await this.tracker.step('Stopping virtual machine', async() => {
      if (!fs.existsSync(path.join(this.deps.limactl.instanceDir, 'lima.yaml'))) {
        return;
      }
      await this.deps.limactl.run(['stop', INSTANCE], { timeoutMs: STOP_TIMEOUT_MS }).catch(async(error) => {
        this.deps.logger.warn(`graceful stop failed (${ error.message }): forcing`);
        await this.deps.limactl.run(['stop', '--force', INSTANCE]);
      });
    });
  }

  private onVmDied(pid: number | undefined): void {
    if (!this.isRunning) {
      return;
    }
    const serial = tailFile(path.join(this.deps.limactl.instanceDir, 'serial.log'), 5);

    this.machine.crash(new BackendError(`The virtual machine stopped unexpectedly (QEMU process ${ pid ?? '?' } is gone). Start it again to recover.`, false, {
      lastCommandComment: 'QEMU exited without limactl stop',
      lastLogLines: [...tailFile(path.join(this.deps.limactl.instanceDir, 'ha.stderr.log'), 5), ...serial],
    }));
    // Lima's host agent may outlive QEMU; take it down now so the next start is clean.
    this.deps.limactl.run(['stop', '--force', INSTANCE]).catch((e) => this.deps.logger.warn('forced stop after VM death failed', e));
  }

  private async exec(command: string[], options: ExecOptions = {}): Promise<ExecResult> {
    if (!this.isRunning) {
      throw new BackendError('The virtual machine is not running.');
    }

    return this.guestExec(command, options);
  }

  /** Runs a command in the VM whatever the state says: for the backend's own steps while it is STARTING. */
  async guestExec(command: string[], options: ExecOptions = {}): Promise<ExecResult> {
    const args = this.deps.limactl.shellArgs(command, { root: options.root, workdir: options.cwd });
    const outcome = await this.deps.run(this.deps.tools.limactl, args, { env: this.deps.limactl.environment, input: options.input, timeoutMs: options.timeoutMs });

    return { stdout: outcome.stdout, stderr: outcome.stderr, exitCode: outcome.code ?? 1 };
  }
}
