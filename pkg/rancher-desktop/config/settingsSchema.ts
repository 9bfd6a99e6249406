import { DefaultsContext, Platform } from './settingsTypes';

/**
 * When changing a leaf makes the running backend restart (rd-api.md §3.2 "R" column):
 * - always: any backend; vm: VM backends (Lima, WSL) only; lima / wsl: that backend only;
 * - k8s: only while kubernetes.enabled; moby: only while the engine is moby.
 */
export type RestartWhen = 'always' | 'lima' | 'wsl' | 'k8s' | 'moby';

interface LeafBase {
  /** Platforms where the setting means something; absent = all. Flags elsewhere are refused. */
  platforms?: readonly Platform[];
  /** Hidden from rdctl (using the flag is an error). */
  hidden?: boolean;
  /** Extra rdctl flag names (hidden aliases), without the leading dashes. */
  aliases?: readonly string[];
  restart?: RestartWhen;
  /** One-line description for rdctl help and the OpenAPI file. */
  description?: string;
}

export interface BooleanLeaf extends LeafBase { kind: 'boolean'; default: boolean | ((ctx: DefaultsContext) => boolean) }
export interface IntegerLeaf extends LeafBase { kind: 'integer'; default: number | ((ctx: DefaultsContext) => number); min?: number; max?: number }
export interface StringLeaf extends LeafBase { kind: 'string'; default: string | ((ctx: DefaultsContext) => string); enum?: readonly string[] }
/** Arrays and maps get no rdctl flag (rd-api.md §2.3). */
export interface StringArrayLeaf extends LeafBase { kind: 'string-array'; default: readonly string[] }
export interface MapLeaf extends LeafBase { kind: 'map'; values: 'boolean' | 'string' }

export type LeafSpec = BooleanLeaf | IntegerLeaf | StringLeaf | StringArrayLeaf | MapLeaf;
export interface GroupSpec { [key: string]: LeafSpec | GroupSpec }

const ALL_PLATFORMS: readonly Platform[] = ['darwin', 'linux', 'win32'];
const LIMA: readonly Platform[] = ['darwin', 'linux'];
const MAC: readonly Platform[] = ['darwin'];
const WIN: readonly Platform[] = ['win32'];
const MAX_INT32 = 2 ** 31 - 1;

const bool = (def: BooleanLeaf['default'], opts: LeafBase = {}): BooleanLeaf => ({ kind: 'boolean', default: def, ...opts });
const int = (def: IntegerLeaf['default'], opts: LeafBase & { min?: number, max?: number } = {}): IntegerLeaf => ({ kind: 'integer', default: def, ...opts });
const str = (def: StringLeaf['default'], opts: LeafBase & { enum?: readonly string[] } = {}): StringLeaf => ({ kind: 'string', default: def, ...opts });
const strings = (def: readonly string[], opts: LeafBase = {}): StringArrayLeaf => ({ kind: 'string-array', default: def, ...opts });
const map = (values: MapLeaf['values'], opts: LeafBase = {}): MapLeaf => ({ kind: 'map', values, ...opts });

/** macOS 14 (Darwin 23) is where RD switches its VM defaults to vz + virtiofs. */
const isModernMac = (ctx: DefaultsContext) => ctx.platform === 'darwin' && ctx.kernelMajor >= 23;

export const LOCALES = ['de', 'en-us', 'es', 'fr', 'it', 'ja', 'ko', 'pt-br', 'zh-hans'] as const;

/** Default no-proxy list for the WSL proxy (rd-api.md §3.2). */
export const DEFAULT_NO_PROXY = [
  '0.0.0.0/8', '10.0.0.0/8', '127.0.0.0/8', '169.254.0.0/16', '172.16.0.0/12', '192.168.0.0/16', '224.0.0.0/4', '240.0.0.0/4',
] as const;

/**
 * The v19 settings tree: one entry per setting, the single source for defaults, the
 * rdctl set/start flags, the OpenAPI preferences schema and restart severities.
 * The key order is the order settings.json and GET /v1/settings use.
 */
export const settingsSchema = {
  version: int(19, { hidden: true }),
  application: {
    adminAccess: bool(false, { platforms: LIMA, restart: 'lima', description: 'Allow the app to use administrative access (sudo) for networking and the docker socket.' }),
    debug: bool(false, { description: 'Generate more verbose logging.' }),
    extensions: {
      allowed: {
        enabled: bool(false, { hidden: true }),
        list: strings([]),
      },
      installed: map('string'),
    },
    pathManagementStrategy: str((ctx) => (ctx.platform === 'win32' ? 'manual' : 'rcfiles'), { enum: ['manual', 'rcfiles'], platforms: LIMA, description: 'How the ~/.rd/bin directory is added to PATH.' }),
    telemetry: { enabled: bool(true, { description: 'Allow collection of anonymous statistics.' }) },
    updater: { enabled: bool(true, { description: 'Automatically check for updates.' }) },
    autoStart: bool(false, { description: 'Start the app when logging in.' }),
    startInBackground: bool(false, { description: 'Start the app without showing its main window.' }),
    hideNotificationIcon: bool(false, { description: 'Do not show the notification (tray) icon.' }),
    locale: str('en-us', { enum: LOCALES, description: 'Language of the user interface.' }),
    window: { quitOnClose: bool(false, { description: 'Quit the app when its main window is closed.' }) },
    theme: str('system', { enum: ['system', 'light', 'dark'], description: 'Colour theme of the user interface.' }),
  },
  containerEngine: {
    allowedImages: {
      enabled: bool(false, { restart: 'always', description: 'Only allow images that match the allowed patterns.' }),
      patterns: strings([]),
    },
    mobyStorageDriver: str('auto', { enum: ['classic', 'snapshotter', 'auto'], restart: 'moby', description: 'Image store used by moby.' }),
    name: str('moby', { enum: ['containerd', 'docker', 'moby'], aliases: ['container-engine'], restart: 'always', description: 'The container engine: moby (dockerd) or containerd.' }),
  },
  virtualMachine: {
    memoryInGB: int(2, { min: 1, platforms: LIMA, restart: 'lima', description: 'Memory of the VM, in GiB.' }),
    numberCPUs: int(2, { min: 1, platforms: LIMA, restart: 'lima', description: 'Number of CPUs of the VM.' }),
    type: str((ctx) => (isModernMac(ctx) ? 'vz' : 'qemu'), { enum: ['qemu', 'vz'], platforms: MAC, restart: 'lima', description: 'Virtual machine type.' }),
    useRosetta: bool(false, { platforms: MAC, restart: 'lima', description: 'Use Rosetta to run amd64 binaries in the VM.' }),
    mount: {
      type: str((ctx) => (isModernMac(ctx) ? 'virtiofs' : 'reverse-sshfs'), { enum: ['reverse-sshfs', '9p', 'virtiofs'], platforms: LIMA, restart: 'lima', description: 'How host directories are mounted in the VM.' }),
    },
  },
  WSL: { integrations: map('boolean', { platforms: WIN, restart: 'wsl' }) },
  kubernetes: {
    version: str('', { aliases: ['kubernetes-version'], restart: 'always', description: 'Kubernetes version to run.' }),
    port: int(6443, { min: 1, max: 65535, restart: 'k8s', description: 'Port of the Kubernetes API server.' }),
    enabled: bool(true, { aliases: ['kubernetes-enabled'], restart: 'always', description: 'Run Kubernetes.' }),
    options: {
      traefik: bool(true, { restart: 'k8s', description: 'Deploy the traefik ingress controller.' }),
      flannel: bool(true, { aliases: ['flannel-enabled'], restart: 'k8s', description: 'Use flannel for pod networking.' }),
    },
    ingress: { localhostOnly: bool(false, { platforms: WIN, restart: 'wsl', description: 'Bind ingress ports to localhost only.' }) },
  },
  portForwarding: { includeKubernetesServices: bool(false, { description: 'Show Kubernetes system services on the port forwarding page.' }) },
  images: {
    showAll: bool(true, { description: 'Show system images on the images page.' }),
    namespace: str('default', { description: 'containerd namespace shown on the images page.' }),
  },
  containers: {
    showAll: bool(true, { description: 'Show stopped containers too.' }),
    namespace: str('default', { description: 'containerd namespace shown on the containers page.' }),
  },
  diagnostics: {
    showMuted: bool(false, { description: 'Show muted diagnostics.' }),
    mutedChecks: map('boolean'),
    connectivity: {
      interval: int(5000, { min: 0, max: MAX_INT32, description: 'Milliseconds between connectivity checks (0 disables).' }),
      timeout: int(5000, { min: 1, max: MAX_INT32, description: 'Milliseconds before a connectivity check fails.' }),
    },
  },
  experimental: {
    containerEngine: { webAssembly: { enabled: bool(false, { restart: 'always', description: 'Enable WebAssembly runtimes.' }) } },
    kubernetes: { options: { spinkube: bool(false, { restart: 'always', description: 'Install SpinKube (needs WebAssembly).' }) } },
    virtualMachine: {
      diskSize: str('100GiB', { platforms: LIMA, restart: 'lima', description: 'Size of the VM disk, e.g. 120GiB; it cannot shrink.' }),
      mount: {
        '9p': {
          securityModel: str('none', { enum: ['passthrough', 'mapped-xattr', 'mapped-file', 'none'], platforms: LIMA, restart: 'lima', description: '9p security model.' }),
          protocolVersion: str('9p2000.L', { enum: ['9p2000', '9p2000.u', '9p2000.L'], platforms: LIMA, restart: 'lima', description: '9p protocol version.' }),
          msizeInKib: int(128, { min: 4, platforms: LIMA, restart: 'lima', description: '9p maximum packet size, in KiB.' }),
          cacheMode: str('mmap', { enum: ['none', 'loose', 'fscache', 'mmap'], platforms: LIMA, restart: 'lima', description: '9p cache mode.' }),
        },
      },
      proxy: {
        enabled: bool(false, { platforms: WIN, description: 'Use a proxy for the VM.' }),
        address: str('', { platforms: WIN, description: 'Proxy address.' }),
        password: str('', { platforms: WIN, description: 'Proxy password.' }),
        port: int(3128, { min: 1, max: 65535, platforms: WIN, description: 'Proxy port.' }),
        username: str('', { platforms: WIN, description: 'Proxy user name.' }),
        noproxy: strings(DEFAULT_NO_PROXY, { platforms: WIN }),
      },
      sshPortForwarder: bool(true, { platforms: LIMA, restart: 'lima', description: 'Forward ports over SSH rather than through the guest agent.' }),
    },
  },
} satisfies GroupSpec;

export function isLeaf(node: LeafSpec | GroupSpec): node is LeafSpec {
  return typeof (node as LeafSpec).kind === 'string';
}

/** Calls fn for every leaf with its dotted path (e.g. `kubernetes.options.traefik`), in schema order. */
export function forEachLeaf(fn: (path: string, leaf: LeafSpec) => void, node: GroupSpec = settingsSchema, prefix = ''): void {
  for (const [key, child] of Object.entries(node)) {
    const path = prefix ? `${ prefix }.${ key }` : key;

    if (isLeaf(child)) {
      fn(path, child);
    } else {
      forEachLeaf(fn, child, path);
    }
  }
}

/** The leaf at a dotted path, or undefined when the path names a group or nothing. */
export function leafAt(path: string): LeafSpec | undefined {
  let node: LeafSpec | GroupSpec | undefined = settingsSchema;

  for (const part of path.split('.')) {
    if (!node || isLeaf(node)) {
      return undefined;
    }
    node = (node as GroupSpec)[part];
  }

  return node && isLeaf(node) ? node : undefined;
}

/** Whether a leaf applies on a platform. */
export function appliesOn(leaf: LeafSpec, platform: Platform): boolean {
  return (leaf.platforms ?? ALL_PLATFORMS).includes(platform);
}
