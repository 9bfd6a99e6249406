/**
 * The contract between the renderer and the core: every request with its arguments and
 * result, and every event the core pushes. Electron IPC (preload bridge) and the headless
 * WebSocket bridge both carry exactly these messages; the renderer never knows which.
 */
import type { K8sCatalogue } from '@pkg/config/k8sVersions';
import type { LockedSettings, PartialSettings, Settings } from '@pkg/config/settingsTypes';

import type { Progress, RestartReasons, State } from './backendState';
import type { ContainerSummary, ImageSummary, VolumeEntry, VolumeSummary } from './containerEngine';
import type { K8sResetMode, ServiceEntry } from './kubernetes';

/** What the General page shows about the backend. */
export interface BackendSnapshot {
  state: State;
  progress: Progress;
  /** The message and details of what put the backend in ERROR. */
  error?: { message: string; lastCommand?: string; lastLogLines: string[] };
  /** e.g. "tcg: /dev/kvm cannot run a guest" once known. */
  acceleration?: string;
  /** No VM runs (the mock stands in, outside tests): every page says the containers and images are simulated. */
  simulated?: boolean;
}

export interface AboutInfo {
  version: string;
  platform: 'darwin' | 'linux' | 'win32';
  arch: string;
  /** Where the app's logs are, for "open the logs". */
  logsDir: string;
  /** electron or headless: which shell hosts the UI. */
  shell: 'electron' | 'headless';
}

/** A subsystem the core does not have yet, said honestly rather than faked. */
export interface Unavailable {
  available: false;
  reason: string;
}

export interface DiagnosticResult {
  id: string;
  category: string;
  description: string;
  documentation: string;
  passed: boolean;
  mute: boolean;
}

export interface LogFile {
  name: string;
  size: number;
}

/** Started long operations (pull, build, follow logs) answer a stream id; output arrives as events. */
export interface StreamHandle {
  streamId: string;
}

/** Request name → [arguments tuple, result]. */
export interface UiRequests {
  'app.about': [[], AboutInfo];
  'backend.status': [[], BackendSnapshot];
  'backend.setState': [['STARTED' | 'STOPPED'], void];
  'settings.get': [[], Settings];
  'settings.locked': [[], LockedSettings];
  /** Validates without saving: the errors, or what the change would restart. */
  'settings.propose': [[PartialSettings], { errors: string[]; reasons: RestartReasons }];
  'settings.update': [[PartialSettings], { errors: string[]; outcome?: 'no-restart' | 'restarting' | 'deferred' }];
  'containers.list': [[{ all: boolean; namespace?: string }], ContainerSummary[]];
  'containers.inspect': [[string, string?], Record<string, unknown>];
  'containers.start': [[string, string?], void];
  'containers.stop': [[string, string?], void];
  'containers.restart': [[string, string?], void];
  'containers.remove': [[string, string?], void];
  'containers.logs': [[string, { follow: boolean; tail?: number; namespace?: string }], StreamHandle];
  'images.list': [[string?], ImageSummary[]];
  'images.namespaces': [[], string[]];
  'images.pull': [[string, string?], StreamHandle];
  'images.build': [[string, string, string?], StreamHandle];
  'images.tag': [[string, string, string?], void];
  'images.remove': [[string, string?], void];
  'volumes.list': [[string?], VolumeSummary[]];
  'volumes.remove': [[string, string?], void];
  'volumes.browse': [[string, string, string?], VolumeEntry[]];
  'stream.cancel': [[string], void];
  'diagnostics.list': [[], DiagnosticResult[]];
  'diagnostics.run': [[], DiagnosticResult[]];
  'diagnostics.mute': [[string, boolean], void];
  'logs.list': [[], LogFile[]];
  'logs.read': [[string, number], string];
  'troubleshooting.factoryReset': [[boolean], void];
  'k8s.versions': [[], K8sCatalogue];
  /** Resolves once the reset is done; fails with the reason it cannot run. */
  'k8s.reset': [[K8sResetMode], void];
  'snapshots.list': [[], Unavailable];
  'extensions.list': [[], Unavailable];
  /** The Services of the running cluster (one namespace, or all), each with its forward's host port; none while Kubernetes is not running. */
  'portForwarding.list': [[string?], ServiceEntry[]];
  /** Forwards a host port (0: any free one) to a Service port (number or name); resolves with the port listening. */
  'portForwarding.forward': [[string, string, number | string, number], number];
  'portForwarding.cancel': [[string, string, number | string], void];
}

export type UiRequestName = keyof UiRequests;
export type UiArgs<N extends UiRequestName> = UiRequests[N][0];
export type UiResult<N extends UiRequestName> = UiRequests[N][1];

/** Event name → payload. */
export interface UiEvents {
  'backend.changed': BackendSnapshot;
  'settings.changed': Settings;
  'stream.output': { streamId: string; text: string };
  'stream.end': { streamId: string; error?: string };
  /** Every Service port of the cluster after a forward, a cancel or a backend state change (empty while Kubernetes is not running). */
  'portForwarding.changed': ServiceEntry[];
}

export type UiEventName = keyof UiEvents;

export const UI_REQUEST_NAMES: readonly UiRequestName[] = [
  'app.about', 'backend.status', 'backend.setState', 'settings.get', 'settings.locked', 'settings.propose', 'settings.update',
  'containers.list', 'containers.inspect', 'containers.start', 'containers.stop', 'containers.restart', 'containers.remove', 'containers.logs',
  'images.list', 'images.namespaces', 'images.pull', 'images.build', 'images.tag', 'images.remove',
  'volumes.list', 'volumes.remove', 'volumes.browse', 'stream.cancel',
  'diagnostics.list', 'diagnostics.run', 'diagnostics.mute', 'logs.list', 'logs.read',
  'troubleshooting.factoryReset', 'k8s.versions', 'k8s.reset', 'snapshots.list', 'extensions.list',
  'portForwarding.list', 'portForwarding.forward', 'portForwarding.cancel',
];

/** The wire messages, the same over Electron IPC and the WebSocket. */
export type UiMessage =
  | { type: 'request'; id: number; name: UiRequestName; args: unknown[] }
  | { type: 'reply'; id: number; ok: true; result: unknown }
  | { type: 'reply'; id: number; ok: false; error: string }
  | { type: 'event'; name: UiEventName; payload: unknown };

/** What the renderer holds: typed requests and event subscriptions, whatever the transport. */
export interface UiClient {
  request<N extends UiRequestName>(name: N, ...args: UiArgs<N>): Promise<UiResult<N>>;
  on<E extends UiEventName>(name: E, listener: (payload: UiEvents[E]) => void): () => void;
}

/** Checks an incoming request message's shape (the WebSocket carries untrusted JSON). */
export function parseRequest(data: unknown): Extract<UiMessage, { type: 'request' }> | undefined {
  const m = data as Record<string, unknown> | null;

  if (m && m.type === 'request' && Number.isInteger(m.id) && typeof m.name === 'string' &&
    (UI_REQUEST_NAMES as readonly string[]).includes(m.name) && Array.isArray(m.args)) {
    return m as Extract<UiMessage, { type: 'request' }>;
  }

  return undefined;
}
