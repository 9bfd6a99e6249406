import os from 'node:os';
import path from 'node:path';
import fs from 'node:fs';

import type { Command } from 'commander';

import { atomicWriteFileSync } from '@pkg/utils/node/atomicWrite';

import { findApp } from '../appLauncher';
import { CommandError } from '../output';

/** `rdctl setup --auto-start=BOOL` (hidden): the Linux login autostart entry. */
export function registerSetup(program: Command): void {
  program.command('setup', { hidden: true })
    .description('Configure the system (autostart)')
    .option('--auto-start <bool>', 'start Rancher Desktop at login')
    .action((opts: { autoStart?: string }) => {
      if (opts.autoStart !== 'true' && opts.autoStart !== 'false') {
        throw new CommandError('setup command: --auto-start=true|false is required');
      }
      const file = path.join(process.env.XDG_CONFIG_HOME || path.join(os.homedir(), '.config'), 'autostart', 'rancher-desktop.desktop');

      if (opts.autoStart === 'false') {
        fs.rmSync(file, { force: true });

        return;
      }
      const entry = ['[Desktop Entry]', 'Type=Application', 'Name=Rancher Desktop', `Exec=${ findApp() }`, 'Terminal=false', 'X-GNOME-Autostart-enabled=true', ''];

      atomicWriteFileSync(file, entry.join('\n'), 0o644);
    });
}
