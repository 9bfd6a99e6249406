import fs from 'node:fs';
import path from 'node:path';

import { atomicWriteFileSync } from '@pkg/utils/node/atomicWrite';

/** The XDG autostart entry's file name; the only file this module ever writes or removes. */
export const AUTOSTART_FILE = 'rancher-desktop.desktop';

/** Quotes an Exec argument as the Desktop Entry spec asks (double quotes, escaped specials). */
function quoteExec(arg: string): string {
  return /[\s"'\\$`]/.test(arg) ? `"${ arg.replace(/(["`$\\])/g, '\\$1') }"` : arg;
}

export function desktopEntry(executable: string): string {
  return [
    '[Desktop Entry]',
    'Type=Application',
    'Name=Rancher Desktop',
    'Comment=Container and Kubernetes workstation',
    `Exec=${ quoteExec(executable) }`,
    'Terminal=false',
    'X-GNOME-Autostart-enabled=true',
    '',
  ].join('\n');
}

/**
 * `application.autoStart` on Linux: an entry in ~/.config/autostart when on, none when off;
 * `application.startInBackground` decides at login whether a window shows. An entry that
 * already starts this executable is left as it is (the user may have edited it).
 */
export function applyAutostart(enabled: boolean, configDir: string, executable: string): 'written' | 'removed' | 'unchanged' {
  const file = path.join(configDir, 'autostart', AUTOSTART_FILE);
  const existing = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : undefined;

  if (!enabled) {
    if (existing === undefined) {
      return 'unchanged';
    }
    fs.rmSync(file);

    return 'removed';
  }
  if (existing !== undefined && existing.includes(`Exec=${ quoteExec(executable) }`)) {
    return 'unchanged';
  }
  fs.mkdirSync(path.dirname(file), { recursive: true });
  atomicWriteFileSync(file, desktopEntry(executable));

  return 'written';
}
