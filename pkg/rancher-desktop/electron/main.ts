// The Electron shell: the only code that imports electron. It starts the same core as the
// headless entry and adds windows, the tray, login items and the first-run dialog.
import os from 'node:os';
import path from 'node:path';

import { app } from 'electron';

import { startApp } from '@pkg/main/app';
import { computePaths, defaultResourcesDir } from '@pkg/utils/node/paths';

import { electronHost } from './electronHost';
import { askFirstRunChoices } from './firstRun';
import { bridgeUiSessions } from './ipcBridge';
import { TrayController } from './trayController';
import { Windows } from './windows';

const distDir = path.join(__dirname, '..');

async function main(): Promise<void> {
  const paths = computePaths({ platform: process.platform as 'linux' | 'darwin' | 'win32', home: os.homedir(), env: process.env, resources: defaultResourcesDir(__dirname) });
  let noModalDialogs = process.argv.includes('--no-modal-dialogs');
  const core = await startApp({
    paths, host: electronHost(() => noModalDialogs), argv: process.argv.slice(app.isPackaged ? 1 : 2), env: process.env, platform: process.platform,
    version: app.getVersion(), shell: 'electron', executable: process.execPath,
  });
  const icon = path.join(paths.resources, 'icons', 'tray.png');
  const windows = new Windows(distDir, icon);
  const { settings } = core.services;

  noModalDialogs ||= !!core.services.transientSettings.current.noModalDialogs;
  bridgeUiSessions(core);
  app.on('second-instance', () => windows.openMain());
  app.on('window-all-closed', () => {
    if (settings.current.application.window.quitOnClose) {
      core.shutdown().catch(() => {});
    }
  });
  new TrayController(core, icon, { openMain: () => windows.openMain(), openPreferences: () => windows.openPreferences(), quit: () => {
    core.shutdown().catch(() => {});
  } });
  if (process.platform !== 'linux') {
    // Linux autostart is the core's .desktop entry; macOS and Windows have login items.
    const loginItem = () => app.setLoginItemSettings({ openAtLogin: settings.current.application.autoStart });

    loginItem();
    settings.onDidChange(loginItem);
  }
  if (settings.isFirstRun && !noModalDialogs) {
    await askFirstRunChoices(core);
  }
  if (!settings.current.application.startInBackground) {
    windows.openMain();
  }
  app.exit(await core.exited);
}

if (process.getuid?.() === 0) {
  process.stderr.write('Rancher Desktop must not be run as root (it manages a VM and files in your home directory). Run it as your ordinary user.\n');
  app.exit(1);
} else if (!app.requestSingleInstanceLock()) {
  // The running instance shows its window (second-instance); this one leaves quietly.
  app.exit(0);
} else {
  app.whenReady().then(main).catch((error: unknown) => {
    process.stderr.write(`Rancher Desktop failed to start: ${ error instanceof Error ? error.message : String(error) }\n`);
    app.exit(1);
  });
}
