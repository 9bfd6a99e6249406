import path from 'node:path';

import { BrowserWindow, shell } from 'electron';

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

    win.once('ready-to-show', () => win.show());
    // Links (a published port, documentation) open in the user's browser, never in the app.
    win.webContents.setWindowOpenHandler(({ url }) => {
      shell.openExternal(url).catch(() => {});

      return { action: 'deny' };
    });
    win.loadFile(path.join(this.distDir, 'renderer', 'index.html'), { hash: route }).catch(() => {});

    return win;
  }
}
