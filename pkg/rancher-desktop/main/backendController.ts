import fs from 'node:fs';
import path from 'node:path';

import type { Acceleration, VMBackend } from '@pkg/backend/types';
import type { Settings } from '@pkg/config/settingsTypes';
import { type BackendStatus, type Progress, type RestartReasons, State } from '@pkg/ipc/backendState';
import type { Event } from '@pkg/utils/emitter';
import type { K8sResetMode } from '@pkg/ipc/kubernetes';
import { type BackendError, UserError } from '@pkg/utils/errors';
import type { Logger } from '@pkg/utils/logger';

import type { ApplyOutcome, BackendController, SettingsService } from './coreServices';

const BUSY: readonly State[] = [State.STARTING, State.STOPPING];
const RUNNING: readonly State[] = [State.STARTED, State.DISABLED];

/**
 * App-level rules on top of a VM backend (rd-api.md §4.2): start only from STOPPED/ERROR,
 * defer restarts requested while STARTING/STOPPING until the backend settles, never start
 * while a snapshot holds `<appHome>/backend.lock`.
 */
export class AppBackendController implements BackendController {
  private restartPending = false;
  readonly onDidChangeState: Event<State>;
  readonly onDidChangeProgress: Event<Progress>;

  constructor(
    private readonly backend: VMBackend,
    private readonly settings: SettingsService,
    private readonly appHome: string,
    private readonly logger: Logger,
  ) {
    this.onDidChangeState = backend.onDidChangeState;
    this.onDidChangeProgress = backend.onDidChangeProgress;
  }

  get state(): State {
    return this.backend.state;
  }

  get progress(): Progress {
    return this.backend.progress;
  }

  get lastError(): BackendError | undefined {
    return this.backend.lastError;
  }

  get acceleration(): Acceleration | undefined {
    return this.backend.acceleration;
  }

  get simulated(): boolean {
    return !!this.backend.simulated;
  }

  /** Whether a snapshot operation holds the backend (rdctl writes the lock file). */
  isLocked(): boolean {
    return fs.existsSync(path.join(this.appHome, 'backend.lock'));
  }

  status(): BackendStatus {
    return { vmState: this.backend.state, locked: this.isLocked() };
  }

  /** Starts with the current settings unless locked or already up; resolves when the attempt ends. */
  async start(): Promise<void> {
    if (this.isLocked()) {
      this.logger.info('backend start skipped: backend.lock exists (a snapshot operation is running)');

      return;
    }
    if (this.backend.state === State.STOPPED || this.backend.state === State.ERROR) {
      await this.backend.start(this.settings.current);
      this.recordKubernetesVersion();
      await this.runDeferredRestart();
    }
  }

  async stop(): Promise<void> {
    await this.backend.stop();
    await this.runDeferredRestart();
  }

  requestState(desired: 'STARTED' | 'STOPPED'): void {
    const action = desired === 'STARTED' ? () => {
      this.settings.reload();

      return this.start();
    } : () => this.stop();

    action().catch((e) => this.logger.error(`backend_state ${ desired } failed`, e));
  }

  restartReasons(desired: Settings): Promise<RestartReasons> {
    return this.backend.requiresRestartReasons(desired);
  }

  async applySettings(settings: Settings): Promise<ApplyOutcome> {
    const reasons = await this.backend.requiresRestartReasons(settings);

    await this.backend.handleSettingsUpdate(settings);
    if (Object.keys(reasons).length === 0) {
      return 'no-restart';
    }
    this.logger.info(`settings need a restart: ${ Object.keys(reasons).join(', ') }`);
    if (BUSY.includes(this.backend.state)) {
      this.restartPending = true;

      return 'deferred';
    }
    // Kubernetes settings alone change the cluster inside the running VM; a version
    // downgrade cannot keep the cluster's data, so it is a reset (as RD's severity says).
    if (RUNNING.includes(this.backend.state) && Object.keys(reasons).every((key) => key.startsWith('kubernetes.'))) {
      const reset = Object.values(reasons).some((r) => r.severity === 'reset') && this.backend.state === State.STARTED;
      const change = reset ? this.backend.resetKubernetes(settings) : this.backend.restartKubernetes(settings);

      change.then(() => this.recordKubernetesVersion()).catch((e) => this.logger.error('Kubernetes change failed', e));

      return 'restarting';
    }
    this.restart().catch((e) => this.logger.error('restart failed', e));

    return 'restarting';
  }

  /** As RD does: once a cluster runs, an empty kubernetes.version becomes the version it runs. */
  private recordKubernetesVersion(): void {
    const version = this.backend.kubernetesVersion;

    if (this.backend.state === State.STARTED && version && !this.settings.current.kubernetes.version) {
      const result = this.settings.update({ version: this.settings.current.version, kubernetes: { version } });

      if (result.errors.length > 0) {
        this.logger.warn(`could not record kubernetes.version ${ version }: ${ result.errors.join('; ') }`);
      }
    }
  }

  async resetKubernetes(mode: K8sResetMode): Promise<void> {
    if (BUSY.includes(this.backend.state)) {
      this.logger.info(`Kubernetes ${ mode } reset skipped: the backend is ${ this.backend.state }`);

      return;
    }
    this.logger.info(`Kubernetes ${ mode } reset`);
    if (mode === 'wipe') {
      await this.backend.stop();
      await this.backend.del();
      await this.start();

      return;
    }
    if (this.backend.state !== State.STARTED) {
      throw new UserError('unsupported', 'Kubernetes is not running, so there is nothing to reset: enable it (kubernetes.enabled) and wait for the backend to start.');
    }
    await this.backend.resetKubernetes(this.settings.current);
    this.recordKubernetesVersion();
  }

  /**
   * A restart asked for while the backend was busy runs once that operation has ended, and
   * only if the backend is up then: a stopped backend picks up the settings at its next start.
   */
  private async runDeferredRestart(): Promise<void> {
    if (this.restartPending) {
      this.restartPending = false;
      if (RUNNING.includes(this.backend.state)) {
        await this.restart();
      }
    }
  }

  private async restart(): Promise<void> {
    if (RUNNING.includes(this.backend.state) || this.backend.state === State.ERROR) {
      await this.backend.stop();
    }
    await this.start();
  }
}
