import type { Platform } from './settingsTypes';

/**
 * A setting this build keeps (GET /v1/settings round-trips it, profiles may set it, RD's
 * clients send it) but does not act on. The GUI shows `reason` next to the control; the
 * README's table of preferences lists the same entries.
 */
export interface UnsupportedSetting {
  /** Dotted settings path (a leaf of settingsSchema). */
  path: string;
  /** Why the setting does nothing here, said to the user. */
  reason: string;
  /** Platforms where it is inert; absent = every platform that has the setting. */
  platforms?: readonly Platform[];
  /**
   * Values that would promise something this build cannot do (a security control that
   * would not be enforced): the validator refuses changing to them, a profile that locks
   * one stops the start. Other values are accepted so clients round-trip.
   */
  refused?: readonly unknown[];
  /** Make the control read-only in the GUI (the only value it could take is refused). */
  disabled?: boolean;
}

const EXTENSIONS = 'Extensions are not available in this build.';
const WASM = 'This build ships no WebAssembly runtime (containerd shims) for the engines.';
const NO_WSL = 'This build has no WSL backend: on Windows the mock backend runs and nothing reaches a VM.';

export const UNSUPPORTED_SETTINGS: readonly UnsupportedSetting[] = [
  {
    path: 'containerEngine.allowedImages.enabled',
    reason: 'image allow-lists are not enforced by this build (no filtering proxy runs in the VM), so turning them on would protect nothing.',
    refused: [true],
    disabled: true,
  },
  { path: 'containerEngine.allowedImages.patterns', reason: 'patterns are kept for Rancher Desktop compatibility but are not enforced by this build.' },
  {
    path: 'containerEngine.mobyStorageDriver',
    reason: "the guest's dockerd (Debian bookworm, 20.10) has no containerd image store, so it always uses its classic overlay2 storage.",
  },
  { path: 'application.updater.enabled', reason: 'this build has no updater; install new versions the way you installed this one.' },
  { path: 'application.telemetry.enabled', reason: 'this build collects and sends no telemetry.' },
  { path: 'application.locale', reason: 'the interface and messages are in English only.' },
  {
    path: 'application.adminAccess',
    reason: 'this build never uses sudo: the docker socket stays at ~/.rd/docker.sock (use the rancher-desktop docker context) and ports below 1024 are not forwarded.',
  },
  { path: 'experimental.containerEngine.webAssembly.enabled', reason: WASM },
  { path: 'experimental.kubernetes.options.spinkube', reason: `SpinKube needs WebAssembly: ${ WASM }` },
  { path: 'virtualMachine.type', reason: 'this build always runs the VM with QEMU.', platforms: ['darwin'] },
  { path: 'virtualMachine.useRosetta', reason: 'this build always runs the VM with QEMU, which has no Rosetta.', platforms: ['darwin'] },
  { path: 'experimental.virtualMachine.sshPortForwarder', reason: 'this build always forwards ports through the Lima guest agent.' },
  { path: 'diagnostics.connectivity.interval', reason: 'this build has no network connectivity check.' },
  { path: 'diagnostics.connectivity.timeout', reason: 'this build has no network connectivity check.' },
  { path: 'application.extensions.allowed.enabled', reason: EXTENSIONS },
  { path: 'application.extensions.allowed.list', reason: EXTENSIONS },
  { path: 'application.extensions.installed', reason: EXTENSIONS },
  { path: 'WSL.integrations', reason: NO_WSL, platforms: ['win32'] },
  { path: 'kubernetes.ingress.localhostOnly', reason: NO_WSL, platforms: ['win32'] },
  ...['enabled', 'address', 'password', 'port', 'username', 'noproxy'].map((key) => ({
    path: `experimental.virtualMachine.proxy.${ key }`, reason: NO_WSL, platforms: ['win32'] as const,
  })),
];

/** The entry of a setting that has no effect on this platform, if any. */
export function unsupportedSetting(path: string, platform: Platform): UnsupportedSetting | undefined {
  return UNSUPPORTED_SETTINGS.find((s) => s.path === path && (!s.platforms || s.platforms.includes(platform)));
}

/** The 400 text for changing a setting to a value this build refuses. */
export function refusedMessage(entry: UnsupportedSetting, value: unknown): string {
  return `Setting "${ entry.path }" to ${ JSON.stringify(value) } is not supported in this build: ${ entry.reason }`;
}

/** Whether a value is one the build refuses for this setting. */
export function isRefused(entry: UnsupportedSetting | undefined, value: unknown): entry is UnsupportedSetting {
  return !!entry?.refused?.some((r) => JSON.stringify(r) === JSON.stringify(value));
}
