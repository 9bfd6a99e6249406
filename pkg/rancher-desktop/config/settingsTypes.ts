/** The settings file version this build reads and writes. */
export const CURRENT_SETTINGS_VERSION = 19;

export type Platform = 'darwin' | 'linux' | 'win32';
export type ContainerEngineName = 'containerd' | 'moby';
export type PathManagementStrategy = 'manual' | 'rcfiles';
export type VMType = 'qemu' | 'vz';
export type MountType = 'reverse-sshfs' | '9p' | 'virtiofs';
export type Locale = 'de' | 'en-us' | 'es' | 'fr' | 'it' | 'ja' | 'ko' | 'pt-br' | 'zh-hans';
export type Theme = 'system' | 'light' | 'dark';
export type MobyStorageDriver = 'classic' | 'snapshotter' | 'auto';
export type SecurityModel = 'passthrough' | 'mapped-xattr' | 'mapped-file' | 'none';
export type ProtocolVersion = '9p2000' | '9p2000.u' | '9p2000.L';
export type CacheMode = 'none' | 'loose' | 'fscache' | 'mmap';

/** The full v19 settings tree, as stored in settings.json and served by GET /v1/settings. */
export interface Settings {
  version: number;
  application: {
    adminAccess: boolean;
    debug: boolean;
    extensions: {
      allowed: { enabled: boolean; list: string[] };
      installed: Record<string, string>;
    };
    pathManagementStrategy: PathManagementStrategy;
    telemetry: { enabled: boolean };
    updater: { enabled: boolean };
    autoStart: boolean;
    startInBackground: boolean;
    hideNotificationIcon: boolean;
    locale: Locale;
    window: { quitOnClose: boolean };
    theme: Theme;
  };
  containerEngine: {
    allowedImages: { enabled: boolean; patterns: string[] };
    mobyStorageDriver: MobyStorageDriver;
    name: ContainerEngineName;
  };
  virtualMachine: {
    memoryInGB: number;
    numberCPUs: number;
    type: VMType;
    useRosetta: boolean;
    mount: { type: MountType };
  };
  WSL: { integrations: Record<string, boolean> };
  kubernetes: {
    version: string;
    port: number;
    enabled: boolean;
    options: { traefik: boolean; flannel: boolean };
    ingress: { localhostOnly: boolean };
  };
  portForwarding: { includeKubernetesServices: boolean };
  images: { showAll: boolean; namespace: string };
  containers: { showAll: boolean; namespace: string };
  diagnostics: {
    showMuted: boolean;
    mutedChecks: Record<string, boolean>;
    connectivity: { interval: number; timeout: number };
  };
  experimental: {
    containerEngine: { webAssembly: { enabled: boolean } };
    kubernetes: { options: { spinkube: boolean } };
    virtualMachine: {
      diskSize: string;
      mount: {
        '9p': {
          securityModel: SecurityModel;
          protocolVersion: ProtocolVersion;
          msizeInKib: number;
          cacheMode: CacheMode;
        };
      };
      proxy: {
        enabled: boolean;
        address: string;
        password: string;
        port: number;
        username: string;
        noproxy: string[];
      };
      sshPortForwarder: boolean;
    };
  };
}

/** Any subset of Settings, at any depth (API bodies, profiles, command-line options). */
export type DeepPartial<T> = T extends (infer U)[] ? U[] : T extends object ? { [K in keyof T]?: DeepPartial<T[K]> } : T;

export type PartialSettings = DeepPartial<Settings>;

/**
 * The locked-fields tree: same shape as Settings, with `true` at every leaf that a
 * locked deployment profile pins.
 */
export type LockedSettings = { [key: string]: boolean | LockedSettings };

/** What the platform-dependent defaults are computed from; injected so tests choose it. */
export interface DefaultsContext {
  platform: Platform;
  /** Kernel major version (darwin 23 = macOS 14); 0 when unknown. */
  kernelMajor: number;
  /** Total physical memory in bytes. */
  totalMemoryBytes: number;
  arch: 'x64' | 'arm64';
}
