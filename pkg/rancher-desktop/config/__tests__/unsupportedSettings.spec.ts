import { forEachLeaf, leafAt } from '../settingsSchema';
import { UNSUPPORTED_SETTINGS, unsupportedSetting } from '../unsupportedSettings';

/**
 * The settings that nothing in this build reads: if a feature starts using one, or a new
 * inert setting appears, this list changes together with unsupportedSettings.ts and the
 * README's table.
 */
const INERT = [
  'application.adminAccess',
  'application.extensions.allowed.enabled',
  'application.extensions.allowed.list',
  'application.extensions.installed',
  'application.locale',
  'application.telemetry.enabled',
  'application.updater.enabled',
  'containerEngine.allowedImages.enabled',
  'containerEngine.allowedImages.patterns',
  'containerEngine.mobyStorageDriver',
  'diagnostics.connectivity.interval',
  'diagnostics.connectivity.timeout',
  'experimental.containerEngine.webAssembly.enabled',
  'experimental.kubernetes.options.spinkube',
  'experimental.virtualMachine.sshPortForwarder',
  'virtualMachine.type',
  'virtualMachine.useRosetta',
];
const WSL_ONLY = [
  'WSL.integrations',
  'experimental.virtualMachine.proxy.address',
  'experimental.virtualMachine.proxy.enabled',
  'experimental.virtualMachine.proxy.noproxy',
  'experimental.virtualMachine.proxy.password',
  'experimental.virtualMachine.proxy.port',
  'experimental.virtualMachine.proxy.username',
  'kubernetes.ingress.localhostOnly',
];

describe('unsupported settings', () => {
  it('names exactly the inert settings of the schema, each with a reason', () => {
    expect(UNSUPPORTED_SETTINGS.map((s) => s.path).sort()).toEqual([...INERT, ...WSL_ONLY].sort());
    for (const entry of UNSUPPORTED_SETTINGS) {
      expect(leafAt(entry.path)).toBeDefined();
      expect(entry.reason.length).toBeGreaterThan(10);
    }
  });

  it('leaves every other setting of the schema out', () => {
    const effective: string[] = [];

    forEachLeaf((path) => {
      if (!unsupportedSetting(path, 'linux') && !unsupportedSetting(path, 'darwin') && !unsupportedSetting(path, 'win32')) {
        effective.push(path);
      }
    });
    expect(effective).toEqual(expect.arrayContaining(['kubernetes.version', 'containerEngine.name', 'application.theme', 'virtualMachine.memoryInGB']));
    expect(effective).not.toEqual(expect.arrayContaining(['containerEngine.allowedImages.enabled']));
  });

  it('applies platform-specific entries only on their platform', () => {
    expect(unsupportedSetting('virtualMachine.type', 'darwin')).toBeDefined();
    expect(unsupportedSetting('virtualMachine.type', 'linux')).toBeUndefined();
    expect(unsupportedSetting('WSL.integrations', 'win32')).toBeDefined();
    expect(unsupportedSetting('application.updater.enabled', 'linux')).toBeDefined();
  });
});
