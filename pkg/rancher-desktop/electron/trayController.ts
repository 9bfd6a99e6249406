import os from 'node:os';

import { Menu, type MenuItemConstructorOptions, nativeImage, Tray } from 'electron';

import type { RunningCore } from '@pkg/main/app';
import { kubeconfigPath, readKubeContexts, setCurrentContext } from '@pkg/main/integrations/kubeContexts';
import { type TrayItem, trayMenu } from '@pkg/main/ui/trayMenu';

export interface TrayActions {
  openMain(): void;
  openPreferences(): void;
  quit(): void;
}

/** The notification-area icon and its menu, rebuilt whenever state or settings change; hidden per hideNotificationIcon. */
export class TrayController {
  private tray?: Tray;

  constructor(private readonly core: RunningCore, private readonly icon: string, private readonly actions: TrayActions) {
    const { backend, settings } = core.services;

    backend.onDidChangeState(() => this.update());
    settings.onDidChange(() => this.update());
    this.update();
  }

  private update(): void {
    const { backend, settings } = this.core.services;

    if (settings.current.application.hideNotificationIcon) {
      this.tray?.destroy();
      this.tray = undefined;

      return;
    }
    this.tray ??= new Tray(nativeImage.createFromPath(this.icon));
    this.tray.setToolTip('Rancher Desktop');
    const contexts = readKubeContexts(kubeconfigPath(os.homedir(), process.env));

    this.tray.setContextMenu(Menu.buildFromTemplate(trayMenu(backend.state, settings.current, contexts).map((item) => this.toElectron(item, contexts.file))));
  }

  private toElectron(item: TrayItem, kubeconfig: string): MenuItemConstructorOptions {
    const click = () => {
      if (item.id === 'main') {
        this.actions.openMain();
      } else if (item.id === 'preferences') {
        this.actions.openPreferences();
      } else if (item.id === 'quit') {
        this.actions.quit();
      } else if (item.id.startsWith('context:')) {
        setCurrentContext(kubeconfig, item.id.slice('context:'.length));
        this.update();
      }
    };

    return {
      id: item.id,
      label: item.label,
      type: item.type,
      enabled: item.enabled ?? true,
      checked: item.checked,
      submenu: item.submenu?.map((sub) => this.toElectron(sub, kubeconfig)),
      click: item.type === 'submenu' || item.type === 'separator' ? undefined : click,
    };
  }
}
