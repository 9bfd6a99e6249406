/** Backend states; the string values are the wire format of GET /v1/backend_state. */
export const State = {
  STOPPED: 'STOPPED',
  STARTING: 'STARTING',
  /** Container engine ready and Kubernetes running. */
  STARTED: 'STARTED',
  STOPPING: 'STOPPING',
  ERROR: 'ERROR',
  /** Container engine ready, Kubernetes disabled. */
  DISABLED: 'DISABLED',
} as const;

export type State = typeof State[keyof typeof State];

export const ALL_STATES: readonly State[] = Object.values(State);

/** Progress of the current long step; max < 0 means indeterminate. */
export interface Progress {
  current: number;
  max: number;
  description?: string;
  /** ISO time the description last changed. */
  transitionTime?: string;
}

/** One setting whose change needs a restart (or a Kubernetes reset) to apply. */
export interface RestartReason {
  current: unknown;
  desired: unknown;
  severity: 'restart' | 'reset';
}

/** Keyed by dotted setting path, as PUT /v1/propose_settings answers. */
export type RestartReasons = Record<string, RestartReason>;

/** What GET /v1/backend_state answers. */
export interface BackendStatus {
  vmState: State;
  locked: boolean;
}
