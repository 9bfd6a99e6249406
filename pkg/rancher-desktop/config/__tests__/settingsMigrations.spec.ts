import { defaultSettings } from '../defaults';
import { type JsonObject, mergeSettings } from '../objectPaths';
import { checkApiVersion, migrateSettings } from '../settingsMigrations';

const linux: { locked: boolean; platform: 'linux' | 'darwin' | 'win32' } = { locked: false, platform: 'linux' };
const migrate = (s: JsonObject, ctx = linux) => migrateSettings(s, ctx);

describe('migrateSettings', () => {
  it('step 1 drops kubernetes.rancherMode', () => {
    expect(migrate({ version: 1, kubernetes: { rancherMode: 'x', enabled: true } }).kubernetes).toMatchObject({ enabled: true });
    expect((migrate({ version: 1, kubernetes: { rancherMode: 'x' } }).kubernetes as JsonObject).rancherMode).toBeUndefined();
  });

  it('step 4 moves the v4 layout into application, containerEngine, virtualMachine and WSL', () => {
    const result = migrate({
      version: 4,
      debug: true,
      pathManagementStrategy: 'manual',
      telemetry: false,
      updater: false,
      kubernetes: { suppressSudo: true, containerEngine: 'containerd', memoryInGB: 8, numberCPUs: 4, WSLIntegrations: { ubuntu: true }, checkForExistingKimBuilder: true, experimental: {} },
    });

    expect(result).toMatchObject({
      version: 19,
      application: { adminAccess: false, debug: true, pathManagementStrategy: 'manual', telemetry: { enabled: false }, updater: { enabled: false } },
      containerEngine: { name: 'containerd', mobyStorageDriver: 'auto' },
      virtualMachine: { memoryInGB: 8, numberCPUs: 4 },
      WSL: { integrations: { ubuntu: true } },
    });
    expect(result.kubernetes).toEqual({});
  });

  it('step 5 moves window/autostart settings under application and the allow list', () => {
    const result = migrate({ version: 5, autoStart: true, startInBackground: true, hideNotificationIcon: true, window: { quitOnClose: true }, containerEngine: { imageAllowList: { enabled: true, patterns: ['a'] } } });

    expect(result.application).toEqual({ autoStart: true, startInBackground: true, hideNotificationIcon: true, window: { quitOnClose: true } });
    expect(result.containerEngine).toEqual({ allowedImages: { enabled: true, patterns: ['a'] }, mobyStorageDriver: 'auto' });
  });

  it('steps 6 and 8 turn the extension map into application.extensions.installed image → tag', () => {
    const result = migrate({ version: 6, extensions: { 'docker/logs-explorer:0.2.2': true, 'registry:5000/x:1': true, 'gone:1.0': false } });

    expect(result.application).toEqual({ extensions: { installed: { 'docker/logs-explorer': '0.2.2', 'registry:5000/x': '1' } } });
    expect(result.extensions).toBeUndefined();
  });

  it('step 7 turns pathManagementStrategy notset into rcfiles, or manual on Windows', () => {
    expect(migrate({ version: 7, application: { pathManagementStrategy: 'notset' } }).application).toMatchObject({ pathManagementStrategy: 'rcfiles' });
    expect(migrate({ version: 7, application: { pathManagementStrategy: 'notset' } }, { locked: false, platform: 'win32' }).application).toMatchObject({ pathManagementStrategy: 'manual' });
  });

  it('step 9 trims and drops blank noproxy entries', () => {
    const result = migrate({ version: 9, experimental: { virtualMachine: { proxy: { noproxy: [' 1.2.3.4 ', '', '  ', 'x.com'] } } } });

    expect((result.experimental as any).virtualMachine.proxy.noproxy).toEqual(['1.2.3.4', 'x.com']);
  });

  it('step 10 adds webAssembly=false to locked profiles only', () => {
    expect((migrate({ version: 10 }, { locked: true, platform: 'linux' }).experimental as any).containerEngine.webAssembly.enabled).toBe(false);
    expect((migrate({ version: 10 }).experimental as any)?.containerEngine).toBeUndefined();
  });

  it('steps 11-13 drop socketVMNet, networkingTunnel and hostResolver', () => {
    const result = migrate({ version: 11, virtualMachine: { hostResolver: true }, experimental: { virtualMachine: { socketVMNet: true } } });

    expect(result.virtualMachine).toEqual({});
    expect((result.experimental as any).virtualMachine).toEqual({});
  });

  it('steps 14 and 15 move type, useRosetta and mount.type out of experimental', () => {
    const result = migrate({ version: 14, experimental: { virtualMachine: { type: 'vz', useRosetta: true, mount: { type: 'virtiofs' } } } });

    expect(result.virtualMachine).toEqual({ type: 'vz', useRosetta: true, mount: { type: 'virtiofs' } });
  });

  it('step 16 adds mobyStorageDriver auto to settings but not to locked profiles', () => {
    expect((migrate({ version: 16 }).containerEngine as any).mobyStorageDriver).toBe('auto');
    expect(migrate({ version: 16 }, { locked: true, platform: 'linux' }).containerEngine).toBeUndefined();
  });

  it('leaves current and newer versions alone, and does not modify its input', () => {
    const input = { version: 4, debug: true };

    migrate(input);
    expect(input).toEqual({ version: 4, debug: true });
    expect(migrate({ version: 19, a: 1 })).toEqual({ version: 19, a: 1 });
    expect(migrate({ version: 25, a: 1 })).toEqual({ version: 25, a: 1 });
  });

  it('loads a whole v1-era settings file into a valid v19 tree', () => {
    const v1 = { version: 1, kubernetes: { version: 'v1.21.1', rancherMode: 'NONE', memoryInGB: 4, numberCPUs: 2, port: 6443, containerEngine: 'containerd', suppressSudo: false }, debug: false, telemetry: true, updater: true };
    const defaults = defaultSettings({ platform: 'linux', kernelMajor: 6, totalMemoryBytes: 8 * 2 ** 30, arch: 'x64' });
    const loaded = mergeSettings(defaults as unknown as JsonObject, migrate(v1)) as any;

    expect(loaded).toMatchObject({
      version: 19,
      application: { adminAccess: true, debug: false, telemetry: { enabled: true } },
      containerEngine: { name: 'containerd' },
      virtualMachine: { memoryInGB: 4, numberCPUs: 2 },
      kubernetes: { version: 'v1.21.1', port: 6443 },
    });
    expect(loaded.kubernetes.rancherMode).toBeUndefined();
  });
});

describe('checkApiVersion', () => {
  it('requires a positive numeric version', () => {
    expect(checkApiVersion({ version: 19 })).toBeUndefined();
    expect(checkApiVersion({})).toMatch(/^updating settings requires specifying an API version/);
    expect(checkApiVersion({ version: '19' })).toContain('"19" is not a proper config version');
    expect(checkApiVersion({ version: 0 })).toContain('0 is not a proper config version');
  });
});
