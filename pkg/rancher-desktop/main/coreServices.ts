import type { K8sCatalogue } from '@pkg/config/k8sVersions';
import type { LockedSettings, Settings } from '@pkg/config/settingsTypes';
import type { BackendStatus, Progress, RestartReasons, State } from '@pkg/ipc/backendState';
import type { ContainerEngineClient } from '@pkg/ipc/containerEngine';
import type { K8sResetMode, ServiceEntry } from '@pkg/ipc/kubernetes';
import type { Acceleration } from '@pkg/backend/types';
import type { Event } from '@pkg/utils/emitter';
import type { BackendError } from '@pkg/utils/errors';
import type { Paths } from '@pkg/utils/node/paths';

/** Outcome of applying a settings (or transient settings) request; nothing is written when errors is non-empty. */
export interface UpdateResult {
  errors: string[];
  changed: boolean;
  /** True when an error is a locked-field violation (RD treats those as fatal at startup). */
  lockedFieldError?: boolean;
}

/** The user's settings: loaded, validated, persisted atomically. */
export interface SettingsService {
  readonly current: Settings;
  /** Locked profile tree, every leaf `true`; `{}` when nothing is locked. */
  readonly locked: LockedSettings;
  readonly onDidChange: Event<Settings>;
  /** True when no settings file existed at start-up (the GUI then shows its first-run dialog). */
  readonly isFirstRun: boolean;
  /**
   * PUT /v1/settings semantics (rd-api.md §1.4): `version` required, older versions
   * migrated, validated against current and locked fields, merged and written atomically.
   */
  update(body: unknown): UpdateResult;
  /** Validates a partial or full settings object without saving (PUT /v1/propose_settings: no version needed). */
  propose(body: unknown): { errors: string[]; desired: Settings };
  /** Re-reads settings.json (PUT /v1/backend_state STARTED does this). */
  reload(): void;
}

/** In-memory settings reset at each launch (rd-api.md §3.5). */
export interface TransientSettingsService {
  readonly current: Record<string, unknown>;
  update(body: unknown): UpdateResult;
}

/** What applying changed settings did to the backend. */
export type ApplyOutcome = 'no-restart' | 'restarting' | 'deferred';

/**
 * App-level control of the VM backend: start/stop requests, restarts on settings changes,
 * Kubernetes resets. Requests are queued and run one at a time in the order asked for, each
 * from the state it finds when its turn comes; none is dropped: each is honoured or refused
 * with a UserError.
 */
export interface BackendController {
  readonly state: State;
  readonly progress: Progress;
  /** What put the backend in ERROR; undefined in any other state. */
  readonly lastError: BackendError | undefined;
  /** How the VM's CPU runs, once a VM has started. */
  readonly acceleration: Acceleration | undefined;
  /** The mock backend stands in for a VM outside tests (containers and images are made up). */
  readonly simulated?: boolean;
  readonly onDidChangeState: Event<State>;
  readonly onDidChangeProgress: Event<Progress>;
  status(): BackendStatus;
  /**
   * PUT /v1/backend_state: queues a start (after reloading settings) or a stop and returns at
   * once. Asked for while STOPPING, the start runs once the stop has ended; while STARTING,
   * the stop runs once the start has ended. Throws a UserError (code `locked`) for a start
   * while a snapshot holds backend.lock: the caller answers it as an error, not 202.
   */
  requestState(desired: 'STARTED' | 'STOPPED'): void;
  /** Restart reasons of a desired settings tree against what runs now. */
  restartReasons(desired: Settings): Promise<RestartReasons>;
  /** Called after settings changed: restarts now, after the operation that runs ('deferred'), or not at all. */
  applySettings(settings: Settings): Promise<ApplyOutcome>;
  /**
   * PUT /v1/k8s_reset: `fast` stops Kubernetes, deletes the cluster's data and starts it
   * again in the same VM; `wipe` deletes the VM and starts anew. Asked for while STARTING or
   * STOPPING, it runs once that has ended (RD skips it and still says it succeeded). Resolves
   * only when the reset has run and the backend is up again; rejects with a UserError when it
   * cannot run in the state found then (fast: Kubernetes not running; wipe: backend.lock), and
   * with the backend's BackendError when the reset failed (the backend is then in ERROR).
   */
  resetKubernetes(mode: K8sResetMode): Promise<void>;
}

/** The cluster as the API and GUI see it: Services, host port forwards, reset. */
export interface KubernetesService {
  /** Every Service port of the running cluster (one namespace, or all), each with its forward's host port. */
  listServices(namespace?: string): Promise<ServiceEntry[]>;
  /**
   * Forwards a host port on 127.0.0.1 to a Service port (by number or name); hostPort 0
   * picks a free one. Resolves with the port listening; a UserError says why it cannot.
   */
  forwardPort(namespace: string, service: string, k8sPort: number | string, hostPort: number): Promise<number>;
  /** Ends a forward; resolves also when there was none. */
  cancelForward(namespace: string, service: string, k8sPort: number | string): Promise<void>;
  /** Fires with the whole list when Services or forwards change. */
  readonly onDidChangeServices: Event<ServiceEntry[]>;
}

/** Ends the app; both MUST answer the HTTP request before the server closes. */
export interface Lifecycle {
  shutdown(): void;
  factoryReset(keepSystemImages: boolean): void;
}

/** Everything request handlers may use; built once by the composition root (main/app.ts). */
export interface CoreServices {
  paths: Paths;
  settings: SettingsService;
  transientSettings: TransientSettingsService;
  backend: BackendController;
  /** The Kubernetes versions this install provides. */
  k8sCatalogue: K8sCatalogue;
  /** Services and port forwards of the cluster; fails with a UserError while Kubernetes is not running. */
  kubernetes: KubernetesService;
  /** The client for the engine that runs now; fails with a UserError while the VM is not up. */
  containerEngine(): ContainerEngineClient;
  lifecycle: Lifecycle;
}
