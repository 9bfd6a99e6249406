import type { Settings } from '@pkg/config/settingsTypes';
import { type Progress, type RestartReasons, State } from '@pkg/ipc/backendState';
import { Emitter } from '@pkg/utils/emitter';
import { BackendError, type FailureDetails, UserError } from '@pkg/utils/errors';
import type { Logger } from '@pkg/utils/logger';

import { ProgressTracker } from '../progressTracker';
import { computeRestartReasons } from '../restartReasons';
import type { ExecResult, VMBackend, VMExecutor } from '../types';

import { MockEngineClient } from './mockEngineClient';

/** Seams the mock needs: a sleep (tests pass an instant one) and how long each step takes. */
export interface MockBackendOptions {
  logger: Logger;
  stepDelayMs?: number;
  sleep?: (ms: number) => Promise<void>;
  /** Makes the next start fail, to exercise the ERROR path (set RD_MOCK_BACKEND_FAIL=1). */
  failStart?: boolean;
  /** Runs because the platform has no real backend (not asked for by a test): the GUI says so on every page. */
  simulated?: boolean;
}

const START_STEPS = ['Starting virtual machine', 'Starting container engine', 'Waiting for container engine', 'Starting Kubernetes'];
const STOP_STEPS = ['Stopping services', 'Stopping virtual machine'];

/**
 * A backend with no VM: it walks the same state machine and progress steps as a real one,
 * with fake delays, so the core, the API, rdctl and the GUI can be tested and shown anywhere.
 */
export class MockBackend implements VMBackend {
  readonly name = 'mock';
  private current: State = State.STOPPED;
  private running?: Settings;
  private busy?: Promise<void>;
  private failure?: BackendError;
  private readonly stateEmitter = new Emitter<State>();
  private readonly tracker = new ProgressTracker();
  private readonly sleep: (ms: number) => Promise<void>;
  readonly onDidChangeState = this.stateEmitter.event;
  readonly onDidChangeProgress = this.tracker.onDidChange;
  /** The simulated engine; it keeps its containers and images for the life of the app. */
  readonly engineClient = new MockEngineClient();

  get simulated(): boolean {
    return !!this.options.simulated;
  }

  constructor(private readonly options: MockBackendOptions) {
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  get state(): State {
    return this.current;
  }

  get lastError(): BackendError | undefined {
    return this.current === State.ERROR ? this.failure : undefined;
  }

  get progress(): Progress {
    return this.tracker.progress;
  }

  readonly executor: VMExecutor = {
    exec: (command) => this.exec(command),
    shellCommand: () => undefined,
  };

  getBackendInvalidReason(): Promise<string | undefined> {
    return Promise.resolve(undefined);
  }

  start(settings: Settings): Promise<void> {
    if (this.current !== State.STOPPED && this.current !== State.ERROR) {
      return this.busy ?? Promise.resolve();
    }

    return this.run(() => this.doStart(settings));
  }

  stop(): Promise<void> {
    if (this.current === State.STOPPED || this.busy) {
      return this.busy ?? Promise.resolve();
    }

    return this.run(() => this.doStop());
  }

  async del(): Promise<void> {
    await this.stop();
    this.running = undefined;
  }

  requiresRestartReasons(desired: Settings): Promise<RestartReasons> {
    return Promise.resolve(this.running ? computeRestartReasons('mock', this.running, desired) : {});
  }

  /** Walks the reset's steps; the simulated cluster has no data to lose. */
  resetKubernetes(settings: Settings): Promise<void> {
    if (this.current !== State.STARTED) {
      return Promise.reject(new UserError('unsupported', 'Kubernetes is not running: enable it (kubernetes.enabled) and start the backend first.'));
    }

    return this.changeKubernetes(settings, 'Deleting the cluster\'s data');
  }

  restartKubernetes(settings: Settings): Promise<void> {
    if (this.current !== State.STARTED && this.current !== State.DISABLED) {
      return Promise.reject(new UserError('unsupported', 'The virtual machine is not running: start it first.'));
    }

    return this.changeKubernetes(settings, 'Stopping Kubernetes');
  }

  get kubernetesVersion(): string | undefined {
    return this.running?.kubernetes.enabled ? (this.running.kubernetes.version || '1.34.4') : undefined;
  }

  private changeKubernetes(settings: Settings, firstStep: string): Promise<void> {
    return this.run(async() => {
      this.setState(State.STARTING);
      this.tracker.begin(2);
      await this.tracker.step(firstStep, () => this.sleep(this.options.stepDelayMs ?? 250));
      if (settings.kubernetes.enabled) {
        await this.tracker.step('Starting Kubernetes', () => this.sleep(this.options.stepDelayMs ?? 250));
      }
      this.tracker.end();
      this.running = structuredClone(settings);
      this.setState(settings.kubernetes.enabled ? State.STARTED : State.DISABLED);
    });
  }

  handleSettingsUpdate(settings: Settings): Promise<void> {
    this.options.logger.debug('mock backend: live settings update', { debug: settings.application.debug });

    return Promise.resolve();
  }

  getFailureDetails(error: unknown): Promise<FailureDetails> {
    return Promise.resolve({ lastCommandComment: 'mock backend', lastLogLines: [error instanceof Error ? error.message : String(error)] });
  }

  private async run(action: () => Promise<void>): Promise<void> {
    this.busy = action().finally(() => {
      this.busy = undefined;
    });

    return this.busy;
  }

  private async doStart(settings: Settings): Promise<void> {
    // What is being started counts as running: changes made meanwhile need a restart.
    this.running = structuredClone(settings);
    this.setState(State.STARTING);
    const steps = settings.kubernetes.enabled ? START_STEPS : START_STEPS.slice(0, -1);

    this.tracker.begin(steps.length);
    try {
      for (const step of steps) {
        await this.tracker.step(step, () => this.sleep(this.options.stepDelayMs ?? 250));
        if (this.options.failStart) {
          throw new BackendError(`mock backend: "${ step }" failed (RD_MOCK_BACKEND_FAIL is set)`);
        }
      }
      this.setState(settings.kubernetes.enabled ? State.STARTED : State.DISABLED);
    } catch (error) {
      this.options.logger.error('mock backend: start failed', error);
      this.failure = error instanceof BackendError ? error : new BackendError(String(error));
      this.setState(State.ERROR);
    } finally {
      this.tracker.end();
    }
  }

  private async doStop(): Promise<void> {
    this.setState(State.STOPPING);
    this.tracker.begin(STOP_STEPS.length);
    for (const step of STOP_STEPS) {
      await this.tracker.step(step, () => this.sleep(this.options.stepDelayMs ?? 250));
    }
    this.running = undefined;
    this.tracker.end();
    this.setState(State.STOPPED);
  }

  private exec(command: string[]): Promise<ExecResult> {
    if (this.current !== State.STARTED && this.current !== State.DISABLED) {
      return Promise.reject(new BackendError('The virtual machine is not running.'));
    }

    return Promise.resolve({ stdout: `mock: ${ command.join(' ') }\n`, stderr: '', exitCode: 0 });
  }

  private setState(state: State): void {
    if (state !== this.current) {
      this.options.logger.info(`mock backend: ${ this.current } -> ${ state }`);
      this.current = state;
      this.stateEmitter.fire(state);
    }
  }
}
