import type { Settings } from '@pkg/config/settingsTypes';
import type { State } from '@pkg/ipc/backendState';

import type { KubeContexts } from '../integrations/kubeContexts';

/** One tray menu entry, as data: the Electron shell turns these into a Menu. */
export interface TrayItem {
  id: string;
  label?: string;
  type?: 'normal' | 'separator' | 'radio' | 'submenu';
  enabled?: boolean;
  checked?: boolean;
  submenu?: TrayItem[];
}

const STATE_TEXT: Record<State, string> = {
  STOPPED: 'Stopped',
  STARTING: 'Starting…',
  STARTED: 'Running',
  DISABLED: 'Running',
  STOPPING: 'Stopping…',
  ERROR: 'Error: see the main window',
};

/**
 * Rancher Desktop's tray menu: state lines, the Kubernetes contexts, then the actions.
 * Ids: `main`, `preferences`, `dashboard`, `quit`, `context:<name>`.
 */
export function trayMenu(state: State, settings: Settings, contexts: KubeContexts): TrayItem[] {
  const engine = settings.containerEngine.name === 'containerd' ? 'containerd' : 'dockerd (moby)';
  const k8s = !settings.kubernetes.enabled ? 'Kubernetes is disabled' : state === 'STARTED' ? 'Kubernetes is running' : `Kubernetes: ${ STATE_TEXT[state] }`;

  return [
    { id: 'state', label: `Rancher Desktop: ${ STATE_TEXT[state] }`, enabled: false },
    { id: 'engine', label: `Container engine: ${ engine }`, enabled: false },
    { id: 'k8s', label: k8s, enabled: false },
    { id: 'sep1', type: 'separator' },
    { id: 'main', label: 'Open main window' },
    { id: 'dashboard', label: 'Cluster dashboard (not available yet)', enabled: false },
    { id: 'preferences', label: 'Preferences' },
    {
      id: 'contexts',
      label: 'Kubernetes contexts',
      type: 'submenu',
      enabled: contexts.names.length > 0,
      submenu: contexts.names.map((name) => ({ id: `context:${ name }`, label: name, type: 'radio', checked: name === contexts.current })),
    },
    { id: 'sep2', type: 'separator' },
    { id: 'quit', label: 'Quit Rancher Desktop' },
  ];
}
