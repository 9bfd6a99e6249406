import type { Settings } from '@pkg/config/settingsTypes';
import type { Progress, RestartReasons, State } from '@pkg/ipc/backendState';
import type { Event } from '@pkg/utils/emitter';
import type { BackendError, FailureDetails } from '@pkg/utils/errors';

/** Options for running a command inside the VM. */
export interface ExecOptions {
  /** Run as root inside the VM. */
  root?: boolean;
  cwd?: string;
  env?: Record<string, string>;
  /** Written to the command's standard input. */
  input?: string;
  /** Stopped after this long: the call then rejects with a ProcessTimeoutError naming the command. */
  timeoutMs?: number;
}

/** Result of a finished command in the VM. */
export interface ExecResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

/** How the VM's CPU runs: hardware virtualisation, or QEMU's software emulation, and why. */
export interface Acceleration {
  accel: 'kvm' | 'hvf' | 'tcg' | 'wsl' | 'none';
  reason: string;
}

/** Runs commands inside the VM; every method MUST fail with a BackendError when the VM is not running. */
export interface VMExecutor {
  /** Runs a command to completion and captures its output. */
  exec(command: string[], options?: ExecOptions): Promise<ExecResult>;
  /** The argv that runs a command interactively in the VM from a host terminal (used by `rdctl shell`). */
  shellCommand(command: string[]): { file: string; args: string[]; env: Record<string, string> } | undefined;
}

/**
 * A VM backend (Lima, WSL, mock). The app core talks to it only through this interface.
 * Invariants (backendStateMachine.ts holds them for Lima and the mock): state changes are
 * announced by onDidChangeState exactly once per change; requests run one at a time in the
 * order asked for, none is dropped: start() while STOPPING starts once the stop has ended,
 * stop() while STARTING stops once the start has ended; start() while STARTING/STARTED/DISABLED
 * and stop() while STOPPING/STOPPED have nothing more to do and resolve with the one running.
 */
export interface VMBackend {
  readonly name: 'lima' | 'wsl' | 'mock';
  readonly state: State;
  readonly progress: Progress;
  readonly onDidChangeState: Event<State>;
  readonly onDidChangeProgress: Event<Progress>;
  readonly executor: VMExecutor;
  /** Known once the backend has started a VM (the mock has none). */
  readonly acceleration?: Acceleration;
  /** What put the backend in ERROR (undefined in any other state). */
  readonly lastError: BackendError | undefined;
  /** The mock stands in for a VM outside tests: what the GUI shows of containers and images is made up. */
  readonly simulated?: boolean;

  /** Why this backend cannot run on this host (missing limactl, no virtualisation…), or undefined. */
  getBackendInvalidReason(): Promise<string | undefined>;
  /** Brings up VM, engine and (when enabled) Kubernetes with these settings. */
  start(settings: Settings): Promise<void>;
  /** Stops everything; resolves once STOPPED (or ERROR). */
  stop(): Promise<void>;
  /** Deletes the VM and its disk; the backend MUST be stopped first. */
  del(): Promise<void>;
  /** Settings changes that only take effect after a restart (or a Kubernetes reset), compared with what runs now. */
  requiresRestartReasons(desired: Settings): Promise<RestartReasons>;
  /**
   * Kubernetes fast reset in the running VM: stops the cluster, deletes its data (the
   * datastore, certificates, pods, volumes; images stay) and brings it up again with these
   * settings. A backend without Kubernetes rejects it with a UserError.
   */
  resetKubernetes(settings: Settings): Promise<void>;
  /**
   * Brings Kubernetes in line with changed kubernetes.* settings inside the running VM
   * (start, stop, another version or port) without restarting the VM.
   */
  restartKubernetes(settings: Settings): Promise<void>;
  /** The Kubernetes version that runs (or ran last), once one has started. */
  readonly kubernetesVersion?: string;
  /** Applies settings that take effect without a restart. */
  handleSettingsUpdate(settings: Settings): Promise<void>;
  /** Details for an error message: the last command and the tail of the relevant log. */
  getFailureDetails(error: unknown): Promise<FailureDetails>;
}
