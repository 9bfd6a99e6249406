import { flagName, flagValue, hasChanges, settingFlags, settingsBody } from '../settingsFlags';

describe('generated settings flags', () => {
  it('names flags by RD\'s rule', () => {
    expect(flagName('virtualMachine.numberCPUs')).toBe('virtual-machine.number-cpus');
    expect(flagName('virtualMachine.memoryInGB')).toBe('virtual-machine.memory-in-gb');
    expect(flagName('experimental.virtualMachine.mount.9p.msizeInKib')).toBe('experimental.virtual-machine.mount.9p.msize-in-kib');
    expect(flagName('WSL.integrations')).toBe('wsl.integrations');
  });

  it('has every flag of RD\'s table, and none for arrays and maps', () => {
    const names = settingFlags('linux').map((f) => f.name);

    expect(names).toEqual(expect.arrayContaining([
      'application.admin-access', 'application.debug', 'application.path-management-strategy', 'application.telemetry.enabled',
      'application.updater.enabled', 'application.auto-start', 'application.start-in-background', 'application.hide-notification-icon',
      'application.window.quit-on-close', 'application.locale', 'application.theme', 'container-engine.name',
      'container-engine.allowed-images.enabled', 'container-engine.moby-storage-driver', 'virtual-machine.memory-in-gb',
      'virtual-machine.number-cpus', 'virtual-machine.type', 'virtual-machine.use-rosetta', 'virtual-machine.mount.type',
      'kubernetes.version', 'kubernetes.port', 'kubernetes.enabled', 'kubernetes.options.traefik', 'kubernetes.options.flannel',
      'kubernetes.ingress.localhost-only', 'experimental.container-engine.web-assembly.enabled', 'experimental.kubernetes.options.spinkube',
      'experimental.virtual-machine.disk-size', 'experimental.virtual-machine.mount.9p.security-model',
      'experimental.virtual-machine.mount.9p.protocol-version', 'experimental.virtual-machine.mount.9p.msize-in-kib',
      'experimental.virtual-machine.mount.9p.cache-mode', 'experimental.virtual-machine.proxy.enabled',
      'experimental.virtual-machine.proxy.address', 'experimental.virtual-machine.proxy.password', 'experimental.virtual-machine.proxy.port',
      'experimental.virtual-machine.proxy.username', 'experimental.virtual-machine.ssh-port-forwarder',
      'port-forwarding.include-kubernetes-services', 'images.show-all', 'images.namespace', 'containers.show-all', 'containers.namespace',
      'diagnostics.show-muted', 'diagnostics.connectivity.interval', 'diagnostics.connectivity.timeout',
    ]));
    expect(names).not.toContain('application.extensions.allowed.list');
    expect(names).not.toContain('wsl.integrations');
    expect(names).not.toContain('diagnostics.muted-checks');
    expect(names).not.toContain('version');
  });

  it('keeps RD\'s aliases', () => {
    const aliases = Object.fromEntries(settingFlags('linux').filter((f) => f.aliases.length).map((f) => [f.name, f.aliases]));

    expect(aliases).toEqual({
      'container-engine.name': ['container-engine'],
      'kubernetes.version': ['kubernetes-version'],
      'kubernetes.enabled': ['kubernetes-enabled'],
      'kubernetes.options.flannel': ['flannel-enabled'],
    });
  });

  it('refuses flags of another OS and hidden ones, naming this OS', () => {
    const flag = (platform: 'linux' | 'darwin' | 'win32', name: string, env = {}) => settingFlags(platform, env).find((f) => f.name === name)!;

    expect(() => flagValue(flag('linux', 'virtual-machine.type'), 'vz')).toThrow('option --virtual-machine.type is not available on Linux');
    expect(() => flagValue(flag('darwin', 'kubernetes.ingress.localhost-only'), true)).toThrow('not available on macOS');
    expect(() => flagValue(flag('win32', 'virtual-machine.memory-in-gb'), '4')).toThrow('not available on Windows');
    expect(() => flagValue(flag('linux', 'kubernetes.ingress.localhost-only', { WSL_DISTRO_NAME: 'Ubuntu' }), true)).toThrow('not available on Linux in a WSL partition');
    expect(() => flagValue(flag('linux', 'application.extensions.allowed.enabled'), true)).toThrow('not available');
    expect(flagValue(flag('darwin', 'virtual-machine.type'), 'vz')).toBe('vz');
  });

  it('converts values and words enum errors like RD', () => {
    const flags = settingFlags('linux');
    const byName = (n: string) => flags.find((f) => f.name === n)!;

    expect(flagValue(byName('kubernetes.enabled'), true)).toBe(true);
    expect(flagValue(byName('kubernetes.enabled'), 'false')).toBe(false);
    expect(flagValue(byName('kubernetes.port'), '7443')).toBe(7443);
    expect(() => flagValue(byName('kubernetes.port'), 'x')).toThrow('invalid argument "x"');
    expect(() => flagValue(byName('application.theme'), 'blue')).toThrow(`invalid value for option --application.theme: "blue"; must be 'system', 'light', or 'dark'`);
  });

  it('builds the full skeleton body with only the changed leaves and version 19', () => {
    const flags = settingFlags('linux');
    const body = settingsBody(new Map([[flags.find((f) => f.name === 'kubernetes.enabled')!, false]]));

    expect(body).toMatchObject({ version: 19, kubernetes: { enabled: false, options: {}, ingress: {} }, WSL: {}, application: { extensions: { allowed: {} }, telemetry: {} } });
    expect(hasChanges(body)).toBe(true);
    expect(hasChanges(settingsBody(new Map()))).toBe(false);
  });
});
