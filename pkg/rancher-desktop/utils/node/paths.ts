import path from 'node:path';

/** The operating systems paths are defined for. */
export type Platform = 'darwin' | 'linux' | 'win32';

/** Where the app keeps everything; the same keys and values `rdctl paths` prints (rd-api.md §6). */
export interface Paths {
  appHome: string;
  altAppHome: string;
  config: string;
  logs: string;
  cache: string;
  lima?: string;
  integration?: string;
  wslDistro?: string;
  wslDistroData?: string;
  resources: string;
  deploymentProfileSystem: string;
  altDeploymentProfileSystem: string;
  deploymentProfileUser: string;
  extensionRoot: string;
  snapshots: string;
  containerdShims: string;
  oldUserData: string;
}

/** The facts paths are computed from; injected so tests can pick any OS and HOME. */
export interface PathsContext {
  platform: Platform;
  home: string;
  env: Record<string, string | undefined>;
  /** The directory holding `<platform>/bin/rdctl` and the other shipped resources. */
  resources: string;
}

const APP = 'rancher-desktop';

/** The host folder mounted at the same path in the VM (as in Rancher Desktop); it must be this user's own (ownedDir.ts). */
export const SHARED_SCRATCH_DIR = '/tmp/rancher-desktop';

function unixPaths(ctx: PathsContext): Paths {
  const { home, env } = ctx;
  const data = env.XDG_DATA_HOME || path.join(home, '.local', 'share');
  const conf = env.XDG_CONFIG_HOME || path.join(home, '.config');
  const cache = env.XDG_CACHE_HOME || path.join(home, '.cache');
  const isMac = ctx.platform === 'darwin';
  const appHome = isMac ? path.join(home, 'Library', 'Application Support', APP) : path.join(data, APP);

  return {
    appHome,
    altAppHome: path.join(home, '.rd'),
    config: isMac ? path.join(home, 'Library', 'Preferences', APP) : path.join(conf, APP),
    logs: env.RD_LOGS_DIR || (isMac ? path.join(home, 'Library', 'Logs', APP) : path.join(data, APP, 'logs')),
    cache: isMac ? path.join(home, 'Library', 'Caches', APP) : path.join(cache, APP),
    lima: path.join(appHome, 'lima'),
    integration: path.join(home, '.rd', 'bin'),
    resources: ctx.resources,
    deploymentProfileSystem: isMac ? '/Library/Managed Preferences' : '/etc/rancher-desktop',
    altDeploymentProfileSystem: isMac ? '/Library/Preferences' : '/usr/etc/rancher-desktop',
    deploymentProfileUser: isMac ? path.join(home, 'Library', 'Preferences') : conf,
    extensionRoot: path.join(appHome, 'extensions'),
    snapshots: path.join(appHome, 'snapshots'),
    containerdShims: path.join(appHome, 'containerd-shims'),
    oldUserData: isMac ? path.join(home, 'Library', 'Application Support', 'Rancher Desktop') : path.join(conf, 'Rancher Desktop'),
  };
}

function windowsPaths(ctx: PathsContext): Paths {
  const win = path.win32;
  const localAppData = ctx.env.LOCALAPPDATA || win.join(ctx.home, 'AppData', 'Local');
  const appHome = win.join(localAppData, APP);

  return {
    appHome,
    altAppHome: appHome,
    config: appHome,
    logs: ctx.env.RD_LOGS_DIR || win.join(appHome, 'logs'),
    cache: win.join(appHome, 'cache'),
    wslDistro: win.join(appHome, 'distro'),
    wslDistroData: win.join(appHome, 'distro-data'),
    resources: ctx.resources,
    deploymentProfileSystem: 'HKLM\\SOFTWARE\\Policies\\Rancher Desktop',
    altDeploymentProfileSystem: 'HKLM\\SOFTWARE\\Rancher Desktop\\Profile',
    deploymentProfileUser: 'HKCU\\SOFTWARE\\Policies\\Rancher Desktop',
    extensionRoot: win.join(appHome, 'extensions'),
    snapshots: win.join(appHome, 'snapshots'),
    containerdShims: win.join(appHome, 'containerd-shims'),
    oldUserData: win.join(appHome, 'cache', 'Rancher Desktop'),
  };
}

/** Computes the app's paths for a platform, honouring XDG_* and RD_LOGS_DIR. */
export function computePaths(ctx: PathsContext): Paths {
  return ctx.platform === 'win32' ? windowsPaths(ctx) : unixPaths(ctx);
}

/**
 * The resources directory of this install: RD_RESOURCES_DIR, else `resources/` two levels
 * above the bundled script (dist/app/x.js and resources/linux/bin/rdctl both resolve to it).
 */
export function defaultResourcesDir(scriptDir: string, env: Record<string, string | undefined> = process.env): string {
  if (env.RD_RESOURCES_DIR) {
    return path.resolve(env.RD_RESOURCES_DIR);
  }
  const parts = scriptDir.split(path.sep);
  const idx = parts.lastIndexOf('resources');

  if (idx > 0) {
    return parts.slice(0, idx + 1).join(path.sep);
  }

  return path.resolve(scriptDir, '..', '..', 'resources');
}
