import fs from 'node:fs';
import path from 'node:path';

import { OperationQueue } from '@pkg/utils/operationQueue';
import type { Acceleration, VMBackend } from '@pkg/backend/types';
import type { Settings } from '@pkg/config/settingsTypes';
import { type BackendStatus, type Progress, type RestartReasons, State } from '@pkg/ipc/backendState';
import type { Event } from '@pkg/utils/emitter';
import type { K8sResetMode } from '@pkg/ipc/kubernetes';
import { BackendError, UserError } from '@pkg/utils/errors';
import type { Logger } from '@pkg/utils/logger';

import type { ApplyOutcome, BackendController, SettingsService } from './coreServices';

const RUNNING: readonly State[] = [State.STARTED, State.DISABLED];

const LOCKED = 'A snapshot operation holds the backend (backend.lock exists): wait until it ends, or run `rdctl snapshot unlock` if none runs.';

/**
 * App-level rules on top of a VM backend (rd-api.md §4.2). Every request (start, stop, a
 * restart for changed settings, a Kubernetes reset) is queued and run in turn, whole: one
 * asked for while the backend is STARTING or STOPPING runs once that ends, from the state
 * found then; none is dropped. A stop asked for while starting therefore stops once the start
 * has ended (a half-started VM is not killed), and a start asked for while stopping starts
 * again after the stop. A start is refused while a snapshot holds `<appHome>/backend.lock`.
 */
export class AppBackendController implements BackendController {
  private readonly queue = new OperationQueue<'start' | 'stop' | 'apply' | 'reset'>();
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

  /**
   * Starts with the current settings once earlier requests have run, unless it is up then;
   * resolves when the attempt ends (the state says how). Rejects with a UserError while locked.
   */
  start(): Promise<void> {
    if (this.isLocked()) {
      return Promise.reject(new UserError('locked', LOCKED));
    }
    if (this.queue.busy) {
      this.logger.info(`backend start queued: the backend is ${ this.backend.state }`);
    }

    return this.queue.run('start', () => this.startNow(), true);
  }

  /** Stops once earlier requests have run; resolves when STOPPED (or ERROR). */
  stop(): Promise<void> {
    if (this.queue.busy) {
      this.logger.info(`backend stop queued: the backend is ${ this.backend.state }`);
    }

    return this.queue.run('stop', () => this.backend.stop(), true);
  }

  /**
   * For quitting: requests still waiting their turn are refused (the app is going away, so a
   * queued start would only delay the quit), then the backend stops once what runs has ended.
   */
  stopForShutdown(): Promise<void> {
    this.queue.cancelWaiting(new UserError('busy', 'Rancher Desktop is shutting down: the request was not run.'));

    return this.stop();
  }

  requestState(desired: 'STARTED' | 'STOPPED'): void {
    if (desired === 'STARTED') {
      // Refused now, while the caller can still be told; a lock that appears later fails the queued start.
      if (this.isLocked()) {
        throw new UserError('locked', LOCKED);
      }
      this.settings.reload();
    }
    const done = desired === 'STARTED' ? this.start() : this.stop();

    done.catch((e) => this.logger.error(`backend_state ${ desired } failed`, e));
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
    const deferred = this.queue.busy;

    this.queue.run('apply', () => this.applyRestart()).catch((e) => this.logger.error('restart for changed settings failed', e));

    return deferred ? 'deferred' : 'restarting';
  }

  /**
   * Restarts what the settings that are current now need, measured when its turn comes: an
   * earlier restart may have applied them already, and a stopped backend picks them up at its
   * next start.
   */
  private async applyRestart(): Promise<void> {
    const settings = this.settings.current;
    const reasons = await this.backend.requiresRestartReasons(settings);

    if (Object.keys(reasons).length === 0 || !RUNNING.includes(this.backend.state)) {
      return;
    }
    // Kubernetes settings alone change the cluster inside the running VM; a version
    // downgrade cannot keep the cluster's data, so it is a reset (as RD's severity says).
    if (Object.keys(reasons).every((key) => key.startsWith('kubernetes.'))) {
      const reset = Object.values(reasons).some((r) => r.severity === 'reset') && this.backend.state === State.STARTED;

      await (reset ? this.backend.resetKubernetes(settings) : this.backend.restartKubernetes(settings));
      this.recordKubernetesVersion();

      return;
    }
    await this.backend.stop();
    await this.startNow();
  }

  /** Starts from STOPPED or ERROR (anything else is up, or will be); resolves when the attempt ends. */
  private async startNow(): Promise<void> {
    if (this.isLocked()) {
      throw new UserError('locked', LOCKED);
    }
    if (this.backend.state === State.STOPPED || this.backend.state === State.ERROR) {
      await this.backend.start(this.settings.current);
      this.recordKubernetesVersion();
    }
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

  /**
   * Runs once earlier requests have (a reset asked for while STARTING or STOPPING waits for
   * that to end) and resolves when the reset is done. Rejects with a UserError when it cannot
   * run in the state found then, and with the backend's error when it failed (ERROR).
   */
  resetKubernetes(mode: K8sResetMode): Promise<void> {
    if (this.queue.busy) {
      this.logger.info(`Kubernetes ${ mode } reset queued: the backend is ${ this.backend.state }`);
    }

    return this.queue.run('reset', async() => {
      this.logger.info(`Kubernetes ${ mode } reset`);
      if (mode === 'wipe') {
        await this.backend.stop();
        await this.backend.del();
        await this.startNow();
      } else {
        if (this.backend.state !== State.STARTED) {
          throw new UserError('unsupported', 'Kubernetes is not running, so there is nothing to reset: enable it (kubernetes.enabled) and wait for the backend to start.');
        }
        await this.backend.resetKubernetes(this.settings.current);
        this.recordKubernetesVersion();
      }
      if (this.backend.state === State.ERROR) {
        throw this.backend.lastError ?? new BackendError(`The Kubernetes ${ mode } reset failed: see the logs.`);
      }
    });
  }
}
