import { dialog } from 'electron';

import type { RunningCore } from '@pkg/main/app';

/**
 * The first-run dialog: which container engine, and whether to run Kubernetes, before the
 * first start settles in. Locked settings are not asked about.
 */
export async function askFirstRunChoices(core: RunningCore): Promise<void> {
  const { settings } = core.services;
  const { response, checkboxChecked } = await dialog.showMessageBox({
    type: 'question',
    title: 'Welcome to Rancher Desktop',
    message: 'Welcome to Rancher Desktop',
    detail: 'Choose the container engine. Both can be changed later in Preferences.',
    buttons: ['dockerd (moby)', 'containerd'],
    defaultId: settings.current.containerEngine.name === 'containerd' ? 1 : 0,
    checkboxLabel: 'Enable Kubernetes',
    checkboxChecked: settings.current.kubernetes.enabled,
  });
  const wanted = { containerEngine: { name: response === 1 ? 'containerd' : 'moby' }, kubernetes: { enabled: checkboxChecked } };
  const result = settings.update({ version: settings.current.version, ...wanted });

  if (result.changed && result.errors.length === 0) {
    await core.services.backend.applySettings(settings.current);
  }
}
