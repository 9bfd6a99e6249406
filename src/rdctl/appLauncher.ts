import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

import { CommandError } from './output';
import { rdctlDir } from './rdPaths';
import type { SettingFlag } from './settingsFlags';

/** Where the app executable is: --path, then `<appDir>/rancher-desktop` (appDir three levels above rdctl), then /opt. */
export function findApp(explicit?: string): string {
  const candidates = explicit ? [explicit] : [
    path.join(rdctlDir(), '..', '..', '..', 'rancher-desktop'),
    '/opt/rancher-desktop/rancher-desktop',
  ];
  const found = candidates.find((c) => fs.existsSync(c));

  if (!found) {
    throw new CommandError(`could not find the Rancher Desktop application (looked at ${ candidates.join(', ') }); use --path`);
  }

  return found;
}

/** The app's command line for the given settings: `--a.b=true|false` for booleans, `--a.b value` otherwise. */
export function launchArgs(changes: Map<SettingFlag, boolean | number | string>, noModalDialogs: boolean): string[] {
  const args: string[] = [];

  for (const [flag, value] of changes) {
    if (typeof value === 'boolean') {
      args.push(`--${ flag.path }=${ value }`);
    } else {
      args.push(`--${ flag.path }`, String(value));
    }
  }
  if (noModalDialogs) {
    args.push('--no-modal-dialogs');
  }

  return args;
}

/** Starts the app detached, so it outlives rdctl. */
export function launchApp(app: string, args: string[]): void {
  spawn(app, args, { detached: true, stdio: 'ignore' }).unref();
}
