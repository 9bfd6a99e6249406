import fs from 'node:fs';
import path from 'node:path';

import { parseCommandLine } from '@pkg/config/commandLineOptions';
import { defaultSettings } from '@pkg/config/defaults';
import { type K8sCatalogue, parseCatalogue } from '@pkg/config/k8sVersions';
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
      // RD's text (background.ts validateEarlySettings), then which file to fix.
      throw new DeploymentProfileError(`Error in deployment profiles:\n${ errors.join('\n') }\n(in ${ profiles.sources?.[kind] ?? `the ${ kind } profile` })`);
    }
  }
}

/** The Kubernetes versions this install provides (`<resources>/k8s-versions.json`); none when it is missing. */
function readK8sCatalogue(resources: string, logger: Logger): K8sCatalogue {
  try {
    return parseCatalogue(JSON.parse(fs.readFileSync(path.join(resources, 'k8s-versions.json'), 'utf8')));
  } catch (error) {
    logger.warn(`no Kubernetes version catalogue: ${ (error as Error).message }`);

    return { versions: [] };
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
  const catalogue = readK8sCatalogue(options.paths.resources, options.logger);
  const settings = new SettingsManager({
    configDir: options.paths.config, defaults: options.defaults, profiles, logger: options.logger,
    k8sVersions: () => (catalogue.versions.length > 0 ? catalogue.versions : undefined),
  });
  const commandLine = parseCommandLine(options.argv, settings.current);

  if (Object.keys(commandLine.settings).length > 0) {
    const result = settings.apply(commandLine.settings);

    if (result.errors.length > 0) {
      throw new Error(`Error in command-line options:\n${ result.errors.join('\n') }`);
    }
  }
  const transientSettings = new TransientSettingsManager(options.platform, commandLine.noModalDialogs ?? false);

  return { settings, transientSettings, warnings: settings.warnings, k8sCatalogue: catalogue };
}
