import { defaultSettings } from '../defaults';
import type { Platform, Settings } from '../settingsTypes';
import { validateSettings } from '../settingsValidator';

const current = (platform: Platform = 'linux'): Settings => defaultSettings({ platform, kernelMajor: 23, totalMemoryBytes: 16 * 2 ** 30, arch: 'arm64' });
const validate = (proposed: unknown, opts: { platform?: Platform; locked?: any; k8sVersions?: string[]; base?: Settings } = {}) => validateSettings({
  current: opts.base ?? current(opts.platform), proposed, locked: opts.locked ?? {}, platform: opts.platform ?? 'linux', k8sVersions: opts.k8sVersions,
});

describe('validateSettings', () => {
  it('accepts a valid change and reports it needs an update', () => {
    expect(validate({ version: 19, application: { theme: 'dark' } })).toMatchObject({ needToUpdate: true, errors: [] });
  });

  it('treats unchanged values, empty groups and unknown keys as no change', () => {
    expect(validate({ version: 19, application: { theme: 'system', extensions: { allowed: {} } }, WSL: {}, nonsense: { a: 1 } })).toMatchObject({ needToUpdate: false, errors: [] });
  });

  it('canonicalises docker, v-prefixed versions and string booleans/numbers', () => {
    const result = validate({ containerEngine: { name: 'docker' }, kubernetes: { version: 'v1.34.4+k3s1', enabled: 'false', port: '7443' } });

    expect(result.errors).toEqual([]);
    expect(result.canonical).toEqual({ containerEngine: { name: 'moby' }, kubernetes: { version: '1.34.4', enabled: false, port: 7443 } });
  });

  it.each([
    [{ kubernetes: { enabled: { x: 1 } } }, 'Setting "kubernetes.enabled" should be a simple value, but got <{"x":1}>.'],
    [{ kubernetes: 5 }, 'Setting "kubernetes" should wrap an inner object, but got <5>.'],
    [{ kubernetes: { enabled: 'yes' } }, 'Invalid value for "kubernetes.enabled": <"yes">'],
    [{ kubernetes: { port: 70000 } }, 'Invalid value for "kubernetes.port": <70000>'],
    [{ virtualMachine: { memoryInGB: 0 } }, 'Invalid value for "virtualMachine.memoryInGB": <0>'],
    [{ virtualMachine: { numberCPUs: 2.5 } }, 'Invalid value for "virtualMachine.numberCPUs": <2.5>'],
    [{ application: { theme: 'purple' } }, 'Invalid value for "application.theme": <"purple">; must be one of ["system","light","dark"]'],
    [{ containerEngine: { name: 'podman' } }, 'Invalid value for "containerEngine.name": <"podman">; must be one of ["containerd","moby"]'],
    [{ diagnostics: { connectivity: { timeout: 0 } } }, 'Invalid value for "diagnostics.connectivity.timeout": <0>'],
    [{ diagnostics: { mutedChecks: 'x' } }, 'Proposed field "diagnostics.mutedChecks" should be an object, got <"x">.'],
    [{ containerEngine: { allowedImages: { patterns: ['a', 'b', 'a'] } } }, 'field "containerEngine.allowedImages.patterns" has duplicate entries: "a"'],
    [{ containerEngine: { allowedImages: { patterns: ['busybox', 'bad name'] } } }, 'The allowed-images pattern "bad name" does not parse: it contains white space.'],
    [{ version: 18 }, 'Changing field "version" via the API isn\'t supported.'],
    [{ virtualMachine: { type: 'vz' } }, 'Changing field "virtualMachine.type" via the API isn\'t supported.'],
    [{ kubernetes: { ingress: { localhostOnly: true } } }, 'Changing field "kubernetes.ingress.localhostOnly" via the API isn\'t supported.'],
    [{ experimental: { virtualMachine: { diskSize: 'lots' } } }, 'Invalid value for "experimental.virtualMachine.diskSize": <"lots">'],
    [{ experimental: { virtualMachine: { diskSize: '50GiB' } } }, 'Cannot decrease "experimental.virtualMachine.diskSize" from 100GiB to 50GiB'],
    [{ experimental: { virtualMachine: { mount: { '9p': { cacheMode: 'none' } } } } }, 'requires "virtualMachine.mount.type" to be "9p"'],
    [{ experimental: { kubernetes: { options: { spinkube: true } } } }, 'requires "experimental.containerEngine.webAssembly.enabled" to be true'],
    [{ containerEngine: { mobyStorageDriver: 'classic' }, experimental: { containerEngine: { webAssembly: { enabled: true } } } }, '"classic" is not supported with WebAssembly'],
  ])('rejects %j with its message', (proposed, message) => {
    const result = validate(proposed);

    expect(result.needToUpdate).toBe(false);
    expect(result.errors.join('\n')).toContain(message);
  });

  it('collects every error at once', () => {
    expect(validate({ application: { theme: 'x', locale: 'xx' }, kubernetes: { port: 0 } }).errors).toHaveLength(3);
  });

  it('refuses changes to locked fields but accepts their current value', () => {
    const locked = { containerEngine: { name: true } };

    expect(validate({ containerEngine: { name: 'containerd' } }, { locked })).toMatchObject({ errors: ['field "containerEngine.name" is locked'], lockedFieldError: true });
    expect(validate({ containerEngine: { name: 'moby' } }, { locked }).errors).toEqual([]);
  });

  it('locks every entry of a locked map setting', () => {
    expect(validate({ diagnostics: { mutedChecks: { A: true } } }, { locked: { diagnostics: { mutedChecks: true } } }).errors).toEqual(['field "diagnostics.mutedChecks" is locked']);
  });

  it('accepts a wrong-OS field at its current value', () => {
    expect(validate({ virtualMachine: { type: 'qemu' } }).errors).toEqual([]);
  });

  it('applies the macOS VM rules', () => {
    const base = current('darwin');

    expect(base.virtualMachine.type).toBe('vz');
    expect(validate({ virtualMachine: { mount: { type: '9p' } } }, { platform: 'darwin', base }).errors[0]).toContain('requires that "virtualMachine.type" is "qemu"');
    expect(validate({ virtualMachine: { type: 'qemu' } }, { platform: 'darwin', base }).errors[0]).toContain('"virtiofs" requires that "virtualMachine.type" is "vz"');
    expect(validate({ virtualMachine: { type: 'qemu', mount: { type: 'reverse-sshfs' } } }, { platform: 'darwin', base }).errors).toEqual([]);
  });

  it('checks kubernetes.version against the available versions', () => {
    expect(validate({ kubernetes: { version: '1.99.0' } }, { k8sVersions: ['1.34.4'] }).errors).toEqual(['Kubernetes version "1.99.0" not found.']);
    expect(validate({ kubernetes: { version: '1.34.4' } }, { k8sVersions: ['1.34.4'] }).errors).toEqual([]);
    // Until the list is known, RD accepts the new value.
    expect(validate({ kubernetes: { version: '1.99.0' } }).errors).toEqual([]);
  });

  it('accepts a good disk size increase and 9p options once 9p is chosen', () => {
    expect(validate({ experimental: { virtualMachine: { diskSize: '120GiB' } } }).errors).toEqual([]);
    expect(validate({ virtualMachine: { mount: { type: '9p' } }, experimental: { virtualMachine: { mount: { '9p': { cacheMode: 'none' } } } } }).errors).toEqual([]);
  });

  it('refuses a payload that is not an object', () => {
    expect(validate([1]).errors).toEqual(['settings payload is not an object']);
  });

  it('refuses enabling allowed images with a message naming the setting and why, but round-trips the rest', () => {
    const result = validate({ version: 19, containerEngine: { allowedImages: { enabled: 'true' } } });

    expect(result.needToUpdate).toBe(false);
    expect(result.errors).toEqual([
      'Setting "containerEngine.allowedImages.enabled" to true is not supported in this build: image allow-lists are not enforced by this build (no filtering proxy runs in the VM), so turning them on would protect nothing.',
    ]);
    expect(validate({ containerEngine: { allowedImages: { enabled: false, patterns: ['registry.example/team/'] } } })).toMatchObject({ errors: [], needToUpdate: true });
  });

  it('refuses a change to a locked kubernetes.version with RD\'s message', () => {
    const locked = { kubernetes: { version: true } };

    expect(validate({ kubernetes: { version: '1.33.1' } }, { locked }).errors).toEqual(['field "kubernetes.version" is locked']);
    expect(validate({ kubernetes: { version: '1.33.1' } }, { locked })).toMatchObject({ lockedFieldError: true });
  });
});
