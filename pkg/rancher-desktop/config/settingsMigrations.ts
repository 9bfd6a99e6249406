import { deletePath, getPath, hasPath, isObject, type JsonObject, movePath, setPath } from './objectPaths';
import { CURRENT_SETTINGS_VERSION, type Platform } from './settingsTypes';

/** What a step may depend on: whether it migrates a locked profile, and the platform. */
export interface MigrationContext {
  locked: boolean;
  platform: Platform;
}

type Step = (s: JsonObject, ctx: MigrationContext) => void;

const noop: Step = () => {};

/**
 * `steps[n]` turns a version-n object into version n+1 (rd-api.md §3.3). Steps mutate and
 * MUST tolerate missing groups: API bodies and profiles are partial.
 */
const steps: Record<number, Step> = {
  1: (s) => deletePath(s, 'kubernetes.rancherMode'),
  2: noop,
  3: noop,
  4: (s) => {
    movePath(s, 'kubernetes.suppressSudo', 'application.adminAccess', (v) => !v);
    movePath(s, 'debug', 'application.debug');
    movePath(s, 'pathManagementStrategy', 'application.pathManagementStrategy');
    movePath(s, 'telemetry', 'application.telemetry.enabled');
    movePath(s, 'updater', 'application.updater.enabled');
    movePath(s, 'kubernetes.containerEngine', 'containerEngine.name');
    movePath(s, 'kubernetes.memoryInGB', 'virtualMachine.memoryInGB');
    movePath(s, 'kubernetes.numberCPUs', 'virtualMachine.numberCPUs');
    movePath(s, 'kubernetes.hostResolver', 'virtualMachine.hostResolver');
    movePath(s, 'kubernetes.WSLIntegrations', 'WSL.integrations');
    deletePath(s, 'kubernetes.checkForExistingKimBuilder');
    deletePath(s, 'kubernetes.experimental');
  },
  5: (s) => {
    for (const key of ['autoStart', 'hideNotificationIcon', 'startInBackground', 'window']) {
      movePath(s, key, `application.${ key }`);
    }
    movePath(s, 'containerEngine.imageAllowList', 'containerEngine.allowedImages');
    movePath(s, 'virtualMachine.socketVMNet', 'experimental.virtualMachine.socketVMNet');
  },
  6: (s) => {
    // Extensions were "image:tag" → installed?; they become image → tag.
    if (isObject(s.extensions)) {
      const converted: JsonObject = {};

      for (const [ref, installed] of Object.entries(s.extensions)) {
        const colon = ref.lastIndexOf(':');

        if (installed === true && colon > ref.lastIndexOf('/')) {
          converted[ref.slice(0, colon)] = ref.slice(colon + 1);
        } else if (installed === true) {
          converted[ref] = 'latest';
        }
      }
      s.extensions = converted;
    }
  },
  7: (s, ctx) => {
    if (getPath(s, 'application.pathManagementStrategy') === 'notset') {
      setPath(s, 'application.pathManagementStrategy', ctx.platform === 'win32' ? 'manual' : 'rcfiles');
    }
  },
  8: (s) => movePath(s, 'extensions', 'application.extensions.installed'),
  9: (s) => {
    const noproxy = getPath(s, 'experimental.virtualMachine.proxy.noproxy');

    if (Array.isArray(noproxy)) {
      setPath(s, 'experimental.virtualMachine.proxy.noproxy', noproxy.map((e) => (typeof e === 'string' ? e.trim() : e)).filter((e) => e !== ''));
    }
  },
  10: (s, ctx) => {
    if (ctx.locked && !hasPath(s, 'experimental.containerEngine.webAssembly.enabled')) {
      setPath(s, 'experimental.containerEngine.webAssembly.enabled', false);
    }
  },
  11: (s) => deletePath(s, 'experimental.virtualMachine.socketVMNet'),
  12: (s) => setPath(s, 'experimental.virtualMachine.networkingTunnel', true),
  13: (s) => {
    deletePath(s, 'virtualMachine.hostResolver');
    deletePath(s, 'experimental.virtualMachine.networkingTunnel');
  },
  14: (s) => {
    movePath(s, 'experimental.virtualMachine.type', 'virtualMachine.type');
    movePath(s, 'experimental.virtualMachine.useRosetta', 'virtualMachine.useRosetta');
  },
  15: (s) => movePath(s, 'experimental.virtualMachine.mount.type', 'virtualMachine.mount.type'),
  16: (s, ctx) => {
    if (!ctx.locked && !hasPath(s, 'containerEngine.mobyStorageDriver')) {
      setPath(s, 'containerEngine.mobyStorageDriver', 'auto');
    }
  },
  17: noop,
  18: noop,
};

/**
 * Migrates a settings-shaped object from its `version` to the current one, step by step,
 * and stamps the new version. Versions at or above current are returned unchanged (the
 * validator then refuses a newer one). The input is not modified.
 */
export function migrateSettings(input: JsonObject, ctx: MigrationContext): JsonObject {
  const version = input.version;

  if (typeof version !== 'number' || version >= CURRENT_SETTINGS_VERSION) {
    return input;
  }
  const result = structuredClone(input);

  for (let v = Math.max(1, Math.floor(version)); v < CURRENT_SETTINGS_VERSION; v++) {
    steps[v](result, ctx);
  }
  result.version = CURRENT_SETTINGS_VERSION;

  return result;
}

/** The PUT /v1/settings precondition: a numeric version > 0, or RD's error text. */
export function checkApiVersion(body: JsonObject): string | undefined {
  const version = body.version;

  if (typeof version !== 'number' || !(version > 0)) {
    return `updating settings requires specifying an API version, but ${ JSON.stringify(version) ?? 'no version' } is not a proper config version`;
  }

  return undefined;
}
