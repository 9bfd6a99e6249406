import { parseCommandLine } from '@pkg/config/commandLineOptions';
import { defaultSettings } from '@pkg/config/defaults';
import { validateSettings } from '@pkg/config/settingsValidator';
import type { DefaultsContext, Platform } from '@pkg/config/settingsTypes';
import type { Logger } from '@pkg/utils/logger';
import type { Paths } from '@pkg/utils/node/paths';

import { DeploymentProfileError, type DeploymentProfiles, readDeploymentProfiles } from './deploymentProfiles';
import { SettingsManager } from './settingsManager';
import { TransientSettingsManager } from './transientSettingsManager';

export interface LoadSettingsOptions {
  paths: Paths;
  platform: Platform;
  argv: string[];
  defaults: DefaultsContext;
  logger: Logger;
}

/** Profiles must hold values the validator accepts (RD refuses to start otherwise). */
function checkProfileValues(profiles: DeploymentProfiles, options: LoadSettingsOptions): void {
  for (const kind of ['defaults', 'locked'] as const) {
    const { version: _version, ...values } = profiles[kind] ?? {};
    const { errors } = validateSettings({ current: defaultSettings(options.defaults), proposed: values, locked: {}, platform: options.platform });

    if (errors.length > 0) {
      throw new DeploymentProfileError(`Error in deployment profile ${ profiles.sources?.[kind] ?? kind }:\n${ errors.join('\n') }`);
    }
  }
}

/**
 * Start-up order of Rancher Desktop (rd-api.md §3.1): deployment profiles, settings.json
 * (migrated, defaults, locked profile on top), then the app's command-line options,
 * validated like an API change. Throws a clear error for a bad profile or option.
 */
export function loadSettings(options: LoadSettingsOptions) {
  const profiles = readDeploymentProfiles(options.paths, options.platform, options.logger);

  checkProfileValues(profiles, options);
  const settings = new SettingsManager({ configDir: options.paths.config, defaults: options.defaults, profiles, logger: options.logger });
  const commandLine = parseCommandLine(options.argv, settings.current);

  if (Object.keys(commandLine.settings).length > 0) {
    const result = settings.apply(commandLine.settings);

    if (result.errors.length > 0) {
      throw new Error(`Error in command-line options:\n${ result.errors.join('\n') }`);
    }
  }
  const transientSettings = new TransientSettingsManager(options.platform, commandLine.noModalDialogs ?? false);

  return { settings, transientSettings, warnings: settings.warnings };
}
