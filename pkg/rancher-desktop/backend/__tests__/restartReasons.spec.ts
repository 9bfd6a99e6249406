import { defaultSettings } from '@pkg/config/defaults';
import type { Settings } from '@pkg/config/settingsTypes';

import { computeRestartReasons } from '../restartReasons';

const base = (): Settings => defaultSettings({ platform: 'linux', kernelMajor: 6, totalMemoryBytes: 16 * 2 ** 30, arch: 'x64' });

describe('computeRestartReasons', () => {
  it('is empty when nothing restart-worthy changed', () => {
    const desired = base();

    desired.application.debug = true;
    desired.application.theme = 'dark';
    expect(computeRestartReasons('lima', base(), desired)).toEqual({});
  });

  it('reports engine and VM changes with current and desired values', () => {
    const desired = base();

    desired.containerEngine.name = 'containerd';
    desired.virtualMachine.memoryInGB = 8;
    expect(computeRestartReasons('lima', base(), desired)).toEqual({
      'containerEngine.name': { current: 'moby', desired: 'containerd', severity: 'restart' },
      'virtualMachine.memoryInGB': { current: 2, desired: 8, severity: 'restart' },
    });
  });

  it('ignores Lima-only settings on WSL and WSL-only ones on Lima', () => {
    const desired = base();

    desired.virtualMachine.numberCPUs = 6;
    desired.kubernetes.ingress.localhostOnly = true;
    expect(Object.keys(computeRestartReasons('wsl', base(), desired))).toEqual(['kubernetes.ingress.localhostOnly']);
    expect(Object.keys(computeRestartReasons('lima', base(), desired))).toEqual(['virtualMachine.numberCPUs']);
  });

  it('only counts Kubernetes options while Kubernetes is on, and moby options while moby runs', () => {
    const running = base();
    const desired = base();

    running.kubernetes.enabled = false;
    desired.kubernetes.enabled = false;
    desired.kubernetes.port = 7443;
    desired.containerEngine.name = 'containerd';
    running.containerEngine.name = 'containerd';
    desired.containerEngine.mobyStorageDriver = 'classic';
    expect(computeRestartReasons('lima', running, desired)).toEqual({});
  });

  it('calls a Kubernetes downgrade a reset and an upgrade a restart', () => {
    const running = base();

    running.kubernetes.version = '1.34.4';
    const down = { ...base(), kubernetes: { ...base().kubernetes, version: '1.33.1' } };
    const up = { ...base(), kubernetes: { ...base().kubernetes, version: '1.35.0' } };

    expect(computeRestartReasons('lima', running, down)['kubernetes.version'].severity).toBe('reset');
    expect(computeRestartReasons('lima', running, up)['kubernetes.version'].severity).toBe('restart');
  });

  it('takes live values the backend reports over the running settings', () => {
    const desired = base();

    expect(computeRestartReasons('lima', base(), desired, { 'virtualMachine.memoryInGB': 4 })).toEqual({
      'virtualMachine.memoryInGB': { current: 4, desired: 2, severity: 'restart' },
    });
  });
});
