import { defaultSettings } from '@pkg/config/defaults';

import { editsToPartial, errorsFor, fieldValue, pendingEdits } from '../preferences/draft';
import { preferencesFor } from '../preferences/layout';

const settings = defaultSettings({ platform: 'linux', kernelMajor: 6, totalMemoryBytes: 8 * 2 ** 30, arch: 'x64' });

describe('preferences layout', () => {
  const tabsOf = (platform: 'linux' | 'darwin' | 'win32') => preferencesFor(platform).flatMap((g) => g.tabs.map((t) => `${ g.title }/${ t.title }`));

  it('groups settings like Rancher Desktop and shows only what this OS has', () => {
    expect(tabsOf('linux')).toEqual([
      'Application/General', 'Application/Behavior', 'Application/Environment',
      'Virtual Machine/Hardware', 'Virtual Machine/Volumes',
      'Container Engine/General', 'Container Engine/Allowed Images', 'Kubernetes/Kubernetes',
    ]);
    expect(tabsOf('darwin')).toContain('Virtual Machine/Emulation');
    expect(tabsOf('win32')).toContain('WSL/Proxy');
    expect(tabsOf('win32')).not.toContain('Virtual Machine/Hardware');
  });

  it('leaves out single fields that do not apply here', () => {
    const fields = preferencesFor('linux').flatMap((g) => g.tabs.flatMap((t) => t.fields.map((f) => f.path)));

    expect(fields).toContain('application.adminAccess');
    expect(fields).not.toContain('kubernetes.ingress.localhostOnly');
    expect(fields).not.toContain('virtualMachine.useRosetta');
  });
});

describe('preferences draft', () => {
  it('keeps only edits that still differ from the settings', () => {
    expect(pendingEdits(settings, { 'virtualMachine.numberCPUs': settings.virtualMachine.numberCPUs, 'kubernetes.port': 7443 })).toEqual({ 'kubernetes.port': 7443 });
  });

  it('builds the nested partial the core validates', () => {
    expect(editsToPartial({ 'kubernetes.port': 7443, 'kubernetes.options.traefik': false, 'application.debug': true })).toEqual({
      kubernetes: { port: 7443, options: { traefik: false } }, application: { debug: true },
    });
  });

  it('shows an edit, else the current value', () => {
    expect(fieldValue(settings, { 'kubernetes.port': 1 }, 'kubernetes.port')).toBe(1);
    expect(fieldValue(settings, {}, 'kubernetes.port')).toBe(6443);
  });

  it('gives each field the messages that quote its path, not a longer sibling\'s', () => {
    const errors = ['Invalid value for "kubernetes.port": <0>', 'Invalid value for "kubernetes.portal": <1>', 'Invalid value for "diagnostics.mutedChecks.x": <1>'];

    expect(errorsFor(errors, 'kubernetes.port')).toEqual([errors[0]]);
    expect(errorsFor(errors, 'diagnostics.mutedChecks')).toEqual([errors[2]]);
  });
});
