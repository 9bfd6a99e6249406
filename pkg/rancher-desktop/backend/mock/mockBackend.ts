import type { Settings } from '@pkg/config/settingsTypes';
import { type Progress, type RestartReasons, State } from '@pkg/ipc/backendState';
import { BackendError, type FailureDetails, UserError } from '@pkg/utils/errors';
import type { Logger } from '@pkg/utils/logger';

import { BackendStateMachine } from '../backendStateMachine';
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
 * A backend with no VM: it runs on the state machine the Lima backend runs on
 * (backendStateMachine.ts), with progress steps and fake delays, so the core, the API, rdctl
 * and the GUI can be tested and shown anywhere.
 */
export class MockBackend implements VMBackend {
  readonly name = 'mock';
  private running?: Settings;
  private readonly machine: BackendStateMachine;
  private readonly sleep: (ms: number) => Promise<void>;
  /** The simulated engine; it keeps its containers and images for the life of the app. */
  readonly engineClient = new MockEngineClient();

  get simulated(): boolean {
    return !!this.options.simulated;
  }

  constructor(private readonly options: MockBackendOptions) {
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.machine = new BackendStateMachine({ logger: options.logger, logPrefix: 'mock backend: ' }, {
      start: (settings) => this.doStart(settings),
      stop: () => this.doStop(),
      delete: () => {
        this.running = undefined;

        return Promise.resolve();
      },
    });
  }

  get state(): State {
    return this.machine.state;
  }

  get lastError(): BackendError | undefined {
    return this.machine.lastError;
  }

  get progress(): Progress {
    return this.machine.tracker.progress;
  }

  get onDidChangeState() {
    return this.machine.onDidChangeState;
  }

  get onDidChangeProgress() {
    return this.machine.tracker.onDidChange;
  }

  readonly executor: VMExecutor = {
    exec: (command) => this.exec(command),
    shellCommand: () => undefined,
  };

  getBackendInvalidReason(): Promise<string | undefined> {
    return Promise.resolve(undefined);
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
    return Promise.resolve(this.running ? computeRestartReasons('mock', this.running, desired) : {});
  }

  /** Walks the reset's steps; the simulated cluster has no data to lose. */
  resetKubernetes(settings: Settings): Promise<void> {
    return this.changeKubernetes(settings, 'Kubernetes reset', 'Deleting the cluster\'s data', (state) => (state === State.STARTED
      ? undefined
      : new UserError('unsupported', 'Kubernetes is not running: enable it (kubernetes.enabled) and start the backend first.')));
  }

  restartKubernetes(settings: Settings): Promise<void> {
    return this.changeKubernetes(settings, 'Kubernetes restart', 'Stopping Kubernetes');
  }

  get kubernetesVersion(): string | undefined {
    return this.running?.kubernetes.enabled ? (this.running.kubernetes.version || '1.34.4') : undefined;
  }

  private changeKubernetes(settings: Settings, what: string, firstStep: string, refuse?: (state: State) => UserError | undefined): Promise<void> {
    const tracker = this.machine.tracker;

    return this.machine.changeKubernetes(what, async() => {
      tracker.begin(settings.kubernetes.enabled ? 2 : 1);
      await tracker.step(firstStep, () => this.sleep(this.options.stepDelayMs ?? 250));
      if (settings.kubernetes.enabled) {
        await tracker.step('Starting Kubernetes', () => this.sleep(this.options.stepDelayMs ?? 250));
      }
      this.running = structuredClone(settings);

      return settings.kubernetes.enabled ? State.STARTED : State.DISABLED;
    }, refuse);
  }

  handleSettingsUpdate(settings: Settings): Promise<void> {
    this.options.logger.debug('mock backend: live settings update', { debug: settings.application.debug });

    return Promise.resolve();
  }

  getFailureDetails(error: unknown): Promise<FailureDetails> {
    return Promise.resolve({ lastCommandComment: 'mock backend', lastLogLines: [error instanceof Error ? error.message : String(error)] });
  }

  private async doStart(settings: Settings): Promise<State> {
    const tracker = this.machine.tracker;
    const steps = settings.kubernetes.enabled ? START_STEPS : START_STEPS.slice(0, -1);

    // What is being started counts as running: changes made meanwhile need a restart.
    this.running = structuredClone(settings);
    tracker.begin(steps.length);
    for (const step of steps) {
      await tracker.step(step, () => this.sleep(this.options.stepDelayMs ?? 250));
      if (this.options.failStart) {
        throw new BackendError(`mock backend: "${ step }" failed (RD_MOCK_BACKEND_FAIL is set)`);
      }
    }

    return settings.kubernetes.enabled ? State.STARTED : State.DISABLED;
  }

  private async doStop(): Promise<void> {
    const tracker = this.machine.tracker;

    tracker.begin(STOP_STEPS.length);
    for (const step of STOP_STEPS) {
      await tracker.step(step, () => this.sleep(this.options.stepDelayMs ?? 250));
    }
    this.running = undefined;
  }

  private exec(command: string[]): Promise<ExecResult> {
    if (!this.machine.isRunning) {
      return Promise.reject(new BackendError('The virtual machine is not running.'));
    }

    return Promise.resolve({ stdout: `mock: ${ command.join(' ') }\n`, stderr: '', exitCode: 0 });
  }
}
