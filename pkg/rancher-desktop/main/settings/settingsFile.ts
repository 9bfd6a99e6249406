import fs from 'node:fs';
import path from 'node:path';

import { defaultSettings, firstRunMemoryInGB } from '@pkg/config/defaults';
import { isObject, type JsonObject, mergeSettings } from '@pkg/config/objectPaths';
import { migrateSettings } from '@pkg/config/settingsMigrations';
import type { DefaultsContext, Settings } from '@pkg/config/settingsTypes';
import { atomicWriteFileSync } from '@pkg/utils/node/atomicWrite';

import type { DeploymentProfiles } from './deploymentProfiles';

/** What loading found: the settings, whether the file is new, and what the user must be told. */
export interface LoadedSettings {
  settings: Settings;
  isFirstRun: boolean;
  warnings: string[];
}

/** Writes settings.json atomically, as compact JSON like Rancher Desktop. */
export function saveSettingsFile(file: string, settings: Settings): void {
  atomicWriteFileSync(file, JSON.stringify(settings), 0o644);
}

/** Moves an unusable settings file aside so it is never lost, and says where it went. */
function keepBadFile(file: string, why: string): string {
  const kept = `${ file }.corrupt-${ new Date().toISOString().replace(/[:.]/g, '-') }`;

  fs.renameSync(file, kept);

  return `${ file } could not be used (${ why }); it was kept as ${ kept } and the defaults were used instead.`;
}

function readExisting(file: string, ctx: DefaultsContext): { settings?: Settings; warning?: string } {
  let parsed: unknown;

  try {
    parsed = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;

    if (code === 'ENOENT') {
      return {};
    }

    return { warning: keepBadFile(file, code ? `unreadable: ${ code }` : 'it is not valid JSON') };
  }
  if (!isObject(parsed) || typeof parsed.version !== 'number') {
    return { warning: keepBadFile(file, 'it has no settings version') };
  }
  const migrated = migrateSettings(parsed, { locked: false, platform: ctx.platform });
  const settings = mergeSettings(defaultSettings(ctx) as unknown as JsonObject, migrated) as unknown as Settings;

  return { settings };
}

/**
 * Loads `<config>/settings.json` (rd-api.md §3.1): migrate and fill defaults; on first run
 * start from defaults, the RAM-based VM memory and the defaults profile. The locked profile
 * always wins. A corrupt file is kept beside the new one, never silently lost.
 */
export function loadSettingsFile(configDir: string, ctx: DefaultsContext, profiles: DeploymentProfiles): LoadedSettings {
  const file = path.join(configDir, 'settings.json');
  const { settings: existing, warning } = readExisting(file, ctx);
  let settings = existing;

  if (!settings) {
    settings = defaultSettings(ctx);
    settings.virtualMachine.memoryInGB = firstRunMemoryInGB(ctx);
    mergeSettings(settings as unknown as JsonObject, profiles.defaults);
  }
  if (profiles.locked) {
    mergeSettings(settings as unknown as JsonObject, profiles.locked);
  }
  settings.version = 19;

  return { settings, isFirstRun: !existing, warnings: warning ? [warning] : [] };
}
