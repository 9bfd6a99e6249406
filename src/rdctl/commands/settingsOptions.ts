import type { Command } from 'commander';
import { Option } from 'commander';

import { type SettingFlag, settingFlags, flagValue } from '../settingsFlags';

/** Registers the generated settings flags on a command (aliases and unusable flags hidden). */
export function addSettingsOptions(command: Command): SettingFlag[] {
  const flags = settingFlags(process.platform as 'linux' | 'darwin' | 'win32', process.env);

  for (const flag of flags) {
    for (const name of [flag.name, ...flag.aliases]) {
      const spec = flag.kind === 'boolean' ? `--${ name } [bool]` : `--${ name } <value>`;
      const option = new Option(spec, flag.description).argParser((value: string) => value);

      option.attributeName = () => `setting:${ name }`;
      if (name !== flag.name || flag.unavailable) {
        option.hideHelp();
      }
      command.addOption(option);
    }
  }

  return flags;
}

/** The flags the user gave, converted (throws RD's message for a bad or unavailable one). */
export function givenSettings(command: Command, flags: SettingFlag[]): Map<SettingFlag, boolean | number | string> {
  const changes = new Map<SettingFlag, boolean | number | string>();
  const values = command.opts() as Record<string, string | boolean | undefined>;

  for (const flag of flags) {
    for (const name of [flag.name, ...flag.aliases]) {
      const raw = values[`setting:${ name }`];

      if (raw !== undefined) {
        changes.set(flag, flagValue(flag, raw));
      }
    }
  }

  return changes;
}
