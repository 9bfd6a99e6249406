import { defaultSettings } from '@pkg/config/defaults';

import { trayMenu } from '../trayMenu';

const settings = defaultSettings({ platform: 'linux', kernelMajor: 6, totalMemoryBytes: 8 * 2 ** 30, arch: 'x64' });

describe('tray menu', () => {
  it('shows state, engine and Kubernetes, then the actions', () => {
    const items = trayMenu('STARTED', settings, { file: '/k', names: [] });

    expect(items.filter((i) => i.label).map((i) => i.label)).toEqual([
      'Rancher Desktop: Running', 'Container engine: dockerd (moby)', 'Kubernetes is running',
      'Open main window', 'Cluster dashboard (not available yet)', 'Preferences', 'Kubernetes contexts', 'Quit Rancher Desktop',
    ]);
    expect(items.find((i) => i.id === 'contexts')?.enabled).toBe(false);
  });

  it('lists the kubeconfig contexts with the current one checked', () => {
    const items = trayMenu('DISABLED', { ...settings, kubernetes: { ...settings.kubernetes, enabled: false } }, { file: '/k', names: ['a', 'rancher-desktop'], current: 'rancher-desktop' });

    expect(items.find((i) => i.id === 'k8s')?.label).toBe('Kubernetes is disabled');
    expect(items.find((i) => i.id === 'contexts')?.submenu).toEqual([
      { id: 'context:a', label: 'a', type: 'radio', checked: false },
      { id: 'context:rancher-desktop', label: 'rancher-desktop', type: 'radio', checked: true },
    ]);
  });
});
