import type { Settings } from '@pkg/config/settingsTypes';
import { State } from '@pkg/ipc/backendState';
import { Emitter } from '@pkg/utils/emitter';
import { BackendError, UserError } from '@pkg/utils/errors';
import type { Logger } from '@pkg/utils/logger';

import { OperationQueue } from '@pkg/utils/operationQueue';
import { ProgressTracker } from './progressTracker';

/** The states in which the VM runs and takes commands. */
export const RUNNING_STATES: readonly State[] = [State.STARTED, State.DISABLED];

/** What a backend does in each transition; the state machine decides whether and when each runs. */
export interface BackendSteps {
  /** Brings VM, engine and (when enabled) Kubernetes up while STARTING; the state reached (STARTED or DISABLED). */
  start(settings: Settings, from: State): Promise<State>;
  /** Takes everything down while STOPPING, from the state the backend was in. */
  stop(from: State): Promise<void>;
  /** Deletes the VM and its disk; runs only after a stop. */
  delete(): Promise<void>;
}

export interface BackendStateMachineOptions {
  logger: Logger;
  /** Begins each state-change line of the log ('state ' gives `state STOPPED -> STARTING`). */
  logPrefix: string;
  /** Writes a failure to the log with what helps diagnose it (a log tail); the message alone without it. */
  reportFailure?: (error: BackendError, what: string) => Promise<void>;
}

/**
 * The one state machine of every VM backend (Lima, mock), so what the tests see on the mock
 * is what users get on a VM. Operations run one at a time, in the order asked for, and each
 * decides what to do from the state it finds when its turn comes:
 *
 * | asked for         | STOPPED | STARTING             | STARTED/DISABLED | STOPPING        | ERROR   |
 * |-------------------|---------|----------------------|------------------|-----------------|---------|
 * | start             | starts  | joins it, or waits   | nothing to do    | starts after it | starts  |
 * | stop              | nothing | stops after it       | stops            | joins it        | stops   |
 * | Kubernetes change | refused | runs after, if up    | runs (STARTING)  | refused after   | refused |
 *
 * A start or stop asked for right behind the same request joins it instead of running twice.
 * A start or stop that fails ends in ERROR with lastError; it still resolves (the state says
 * how it went). A refused request rejects with a UserError. Nothing is dropped.
 */
export class BackendStateMachine {
  private current: State = State.STOPPED;
  private failure?: BackendError;
  private readonly queue = new OperationQueue<'start' | 'stop' | 'delete' | 'kubernetes'>();
  private readonly stateEmitter = new Emitter<State>();
  readonly onDidChangeState = this.stateEmitter.event;
  readonly tracker: ProgressTracker;

  constructor(private readonly options: BackendStateMachineOptions, private readonly steps: BackendSteps) {
    this.tracker = new ProgressTracker(options.logger);
  }

  get state(): State {
    return this.current;
  }

  /** The error that put the backend in ERROR; undefined in any other state. */
  get lastError(): BackendError | undefined {
    return this.current === State.ERROR ? this.failure : undefined;
  }

  get isRunning(): boolean {
    return RUNNING_STATES.includes(this.current);
  }

  /** Whether an operation runs or waits its turn. */
  get busy(): boolean {
    return this.queue.busy;
  }

  start(settings: Settings): Promise<void> {
    return this.queue.run('start', async() => {
      if (this.current === State.STOPPED || this.current === State.ERROR) {
        await this.transition(State.STARTING, 'start', (from) => this.steps.start(settings, from));
      }
    }, true);
  }

  stop(): Promise<void> {
    return this.queue.run('stop', async() => {
      if (this.current !== State.STOPPED) {
        await this.transition(State.STOPPING, 'stop', async(from) => {
          await this.steps.stop(from);

          return State.STOPPED;
        });
      }
    }, true);
  }

  /** Stops (if needed), then deletes; nothing asked for meanwhile runs between the two. */
  async del(): Promise<void> {
    const stopped = this.stop();
    const deleted = this.queue.run('delete', () => this.steps.delete());

    await stopped;
    await deleted;
  }

  /**
   * Changes Kubernetes inside the running VM (reset, restart): STARTING while it runs, then
   * the state `body` returns. `refuse` may turn the request down for the state found then.
   */
  changeKubernetes(what: string, body: () => Promise<State>, refuse?: (state: State) => UserError | undefined): Promise<void> {
    return this.queue.run('kubernetes', async() => {
      const refusal = refuse?.(this.current) ?? (this.isRunning ? undefined : new UserError('unsupported', 'The virtual machine is not running: start it first.'));

      if (refusal) {
        throw refusal;
      }
      await this.transition(State.STARTING, what, body);
    });
  }

  /**
   * The VM went away behind the backend's back (QEMU died): ERROR with this error. Only a
   * running backend can crash: during a start or stop, that operation's own outcome counts.
   */
  crash(error: BackendError): boolean {
    if (!this.isRunning) {
      return false;
    }
    this.failure = error;
    this.options.logger.error(error.message);
    this.setState(State.ERROR);

    return true;
  }

  private async transition(through: State, what: string, body: (from: State) => Promise<State>): Promise<void> {
    const from = this.current;
    let reached: State;

    this.setState(through);
    try {
      reached = await body(from);
    } catch (error) {
      this.failure = error instanceof BackendError ? error : new BackendError(error instanceof Error ? error.message : String(error), false, undefined, { cause: error });
      await this.report(this.failure, what);
      reached = State.ERROR;
    }
    this.tracker.end();
    this.setState(reached);
  }

  private async report(error: BackendError, what: string): Promise<void> {
    try {
      if (this.options.reportFailure) {
        await this.options.reportFailure(error, what);

        return;
      }
    } catch {
      // The failure itself is what matters; it is logged below.
    }
    this.options.logger.error(`${ what } failed: ${ error.message }`);
  }

  private setState(state: State): void {
    if (state !== this.current) {
      this.options.logger.info(`${ this.options.logPrefix }${ this.current } -> ${ state }`);
      this.current = state;
      this.stateEmitter.fire(state);
    }
  }
}
