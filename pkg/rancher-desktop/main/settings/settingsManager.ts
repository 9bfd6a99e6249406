import path from 'node:path';

import { isObject, type JsonObject, mergeSettings } from '@pkg/config/objectPaths';
import { checkApiVersion, migrateSettings } from '@pkg/config/settingsMigrations';
import { type GroupSpec, isLeaf, settingsSchema } from '@pkg/config/settingsSchema';
import type { DefaultsContext, LockedSettings, Settings } from '@pkg/config/settingsTypes';
import { validateSettings } from '@pkg/config/settingsValidator';
import { Emitter } from '@pkg/utils/emitter';
import type { Logger } from '@pkg/utils/logger';

import type { SettingsService, UpdateResult } from '../coreServices';
import { type DeploymentProfiles } from './deploymentProfiles';
import { loadSettingsFile, saveSettingsFile } from './settingsFile';

/**
 * Turns a locked profile into the locked-fields tree: same shape, `true` at every leaf the
 * profile sets. A map setting (WSL.integrations…) is locked as a whole.
 */
export function lockedTree(profile: unknown, node: GroupSpec = settingsSchema): LockedSettings {
  const tree: LockedSettings = {};

  for (const [key, value] of Object.entries(isObject(profile) ? profile : {})) {
    const spec = node[key];

    // Only the top-level `version` is the profile's format; `kubernetes.version` is a setting.
    if ((node === settingsSchema && key === 'version') || !spec) {
      continue;
    }
    if (isLeaf(spec)) {
      tree[key] = true;
    } else if (isObject(value)) {
      tree[key] = lockedTree(value, spec);
    }
  }

  return tree;
}

export interface SettingsManagerOptions {
  configDir: string;
  defaults: DefaultsContext;
  profiles: DeploymentProfiles;
  logger: Logger;
  /** Available Kubernetes versions, once known; RD accepts [new, current] until then. */
  k8sVersions?: () => readonly string[] | undefined;
}

/**
 * The settings service: holds the live settings, validates every change with RD's rules,
 * writes settings.json atomically and announces changes. Callers MUST NOT mutate `current`.
 */
export class SettingsManager implements SettingsService {
  private settings: Settings;
  private readonly changed = new Emitter<Settings>();
  readonly onDidChange = this.changed.event;
  readonly locked: LockedSettings;
  readonly warnings: string[];
  readonly isFirstRun: boolean;
  private readonly file: string;

  constructor(private readonly options: SettingsManagerOptions) {
    this.file = path.join(options.configDir, 'settings.json');
    this.locked = lockedTree(options.profiles.locked);
    const loaded = loadSettingsFile(options.configDir, options.defaults, options.profiles);

    this.settings = loaded.settings;
    this.warnings = loaded.warnings;
    this.isFirstRun = loaded.isFirstRun;
    saveSettingsFile(this.file, this.settings);
  }

  get current(): Settings {
    return this.settings;
  }

  update(body: unknown): UpdateResult {
    if (!isObject(body)) {
      return { errors: ['settings payload is not an object'], changed: false };
    }
    const versionError = checkApiVersion(body);

    if (versionError) {
      return { errors: [versionError], changed: false };
    }

    return this.apply(migrateSettings(body, { locked: false, platform: this.options.defaults.platform }));
  }

  /** Applies an already-migrated partial settings object (API bodies, command-line options). */
  apply(partial: JsonObject): UpdateResult {
    const result = this.validate(partial);

    if (result.errors.length > 0) {
      return { errors: result.errors, changed: false, lockedFieldError: result.lockedFieldError };
    }
    if (!result.needToUpdate) {
      return { errors: [], changed: false };
    }
    const next = this.merged(result.canonical);

    saveSettingsFile(this.file, next);
    this.settings = next;
    this.options.logger.info(`settings updated: ${ JSON.stringify(result.canonical) }`);
    this.changed.fire(next);

    return { errors: [], changed: true };
  }

  propose(body: unknown): { errors: string[]; desired: Settings } {
    const result = this.validate(body);

    return { errors: result.errors, desired: this.merged(result.canonical) };
  }

  private validate(proposed: unknown) {
    return validateSettings({
      current: this.settings,
      proposed,
      locked: this.locked,
      platform: this.options.defaults.platform,
      k8sVersions: this.options.k8sVersions?.(),
    });
  }

  /** The current settings with a validated change applied, as a new object. */
  private merged(change: JsonObject): Settings {
    return mergeSettings(structuredClone(this.settings) as unknown as JsonObject, change) as unknown as Settings;
  }

  reload(): void {
    const loaded = loadSettingsFile(this.options.configDir, this.options.defaults, this.options.profiles);

    for (const warning of loaded.warnings) {
      this.options.logger.warn(warning);
    }
    if (JSON.stringify(loaded.settings) !== JSON.stringify(this.settings)) {
      this.settings = loaded.settings;
      this.changed.fire(this.settings);
    }
  }
}
