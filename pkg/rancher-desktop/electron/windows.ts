import path from 'node:path';
import { pathToFileURL } from 'node:url';

import { BrowserWindow, shell } from 'electron';

import { isInAppNavigation, isOpenableExternally } from '@pkg/utils/navigationRules';

/** Only http(s) leaves the app, and then in the user's browser; anything else is dropped. */
function openOutside(url: string): void {
  if (isOpenableExternally(url)) {
    shell.openExternal(url).catch(() => {});
  }
}

/** The main and preferences windows: one of each, both the same renderer at different routes. */
export class Windows {
  private main?: BrowserWindow;
  private preferences?: BrowserWindow;

  constructor(private readonly distDir: string, private readonly icon: string) {}

  openMain(): void {
    this.main = this.show(this.main, '/general', { width: 1024, height: 720 });
    this.main.once('closed', () => (this.main = undefined));
  }

  openPreferences(): void {
    this.preferences = this.show(this.preferences, '/preferences', { width: 900, height: 640 });
    this.preferences.once('closed', () => (this.preferences = undefined));
  }

  private show(existing: BrowserWindow | undefined, route: string, size: { width: number; height: number }): BrowserWindow {
    if (existing && !existing.isDestroyed()) {
      existing.show();
      existing.focus();

      return existing;
    }
    const win = new BrowserWindow({
      ...size,
      title: 'Rancher Desktop',
      icon: this.icon,
      show: false,
      webPreferences: { preload: path.join(this.distDir, 'app', 'preload.js'), contextIsolation: true, sandbox: true, nodeIntegration: false },
    });

    const index = path.join(this.distDir, 'renderer', 'index.html');
    const appUrl = pathToFileURL(index).href;
    // A page other than the app's would get the preload bridge, and so the core.
    const stayInApp = (event: { preventDefault(): void }, url: string) => {
      if (!isInAppNavigation(url, appUrl)) {
        event.preventDefault();
        openOutside(url);
      }
    };

    win.once('ready-to-show', () => win.show());
    // Links (a published port, documentation) open in the user's browser, never in the app.
    win.webContents.setWindowOpenHandler(({ url }) => {
      openOutside(url);

      return { action: 'deny' };
    });
    win.webContents.on('will-navigate', stayInApp);
    win.webContents.on('will-redirect', stayInApp);
    win.webContents.on('will-attach-webview', (event) => event.preventDefault());
    win.loadFile(index, { hash: route }).catch(() => {});

    return win;
  }
}
