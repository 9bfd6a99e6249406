import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import type { Settings } from '@pkg/config/settingsTypes';
import { State } from '@pkg/ipc/backendState';
import type { Logger } from '@pkg/utils/logger';
import type { Paths } from '@pkg/utils/node/paths';

import type { BackendController, SettingsService } from '../coreServices';
import { ensureDockerContext } from './dockerContext';
import { applyAutostart } from './autostart';
import { managePath, rcFiles } from './pathManagement';

export interface HostIntegrationOptions {
  paths: Paths;
  platform: NodeJS.Platform;
  env: Record<string, string | undefined>;
  settings: SettingsService;
  backend: BackendController;
  logger: Logger;
  /** What a login should start (the app's executable); Linux autostart needs it. */
  executable?: string;
}

const hasShell = (name: string) => ['/bin', '/usr/bin', '/usr/local/bin'].some((dir) => fs.existsSync(path.join(dir, name)));

/**
 * Keeps the user's shell and docker CLI pointed at this app: the PATH block in rc files
 * (per `application.pathManagementStrategy`, re-applied when it changes) and the
 * `rancher-desktop` docker context once dockerd answers. Failures are logged, never fatal:
 * the VM is still usable without them.
 */
export function startHostIntegration(options: HostIntegrationOptions): void {
  const { paths, env, logger } = options;

  if (options.platform === 'win32' || !paths.integration) {
    return;
  }
  const home = os.homedir();
  const binDir = paths.integration;
  const applyPath = (settings: Settings) => {
    try {
      const files = rcFiles(home, env.XDG_CONFIG_HOME || path.join(home, '.config'), hasShell);
      const written = managePath(settings.application.pathManagementStrategy === 'rcfiles' ? 'rcfiles' : 'manual', files, binDir);

      if (written.length > 0) {
        logger.info(`PATH (${ settings.application.pathManagementStrategy }): updated ${ written.join(', ') }`);
      }
    } catch (error) {
      logger.error('could not update shell rc files', error);
    }
  };
  let lastStrategy = options.settings.current.application.pathManagementStrategy;

  // `manual` means hands off: blocks are only taken out when the user switches to it.
  if (lastStrategy === 'rcfiles') {
    applyPath(options.settings.current);
  }
  options.settings.onDidChange((settings) => {
    if (settings.application.pathManagementStrategy !== lastStrategy) {
      lastStrategy = settings.application.pathManagementStrategy;
      applyPath(settings);
    }
  });
  if (options.platform === 'linux' && options.executable) {
    keepAutostart(options.settings, env.XDG_CONFIG_HOME || path.join(home, '.config'), options.executable, logger);
  }
  options.backend.onDidChangeState((state) => {
    if ((state === State.DISABLED || state === State.STARTED) && options.settings.current.containerEngine.name === 'moby') {
      try {
        const outcome = ensureDockerContext(env.DOCKER_CONFIG || path.join(home, '.docker'), path.join(paths.altAppHome, 'docker.sock'), env);

        logger.info(`docker context rancher-desktop: ${ outcome.madeCurrent ? 'made current' : `not made current${ outcome.skipped ? ` (${ outcome.skipped })` : '' }` }`);
      } catch (error) {
        logger.error('could not write the docker context', error);
      }
    }
  });
}

/** application.autoStart on Linux (macOS and Windows use the Electron shell's login items). */
function keepAutostart(settings: SettingsService, configDir: string, executable: string, logger: Logger): void {
  const apply = (enabled: boolean) => {
    try {
      const outcome = applyAutostart(enabled, configDir, executable);

      if (outcome !== 'unchanged') {
        logger.info(`autostart entry ${ outcome }`);
      }
    } catch (error) {
      logger.error('could not update the autostart entry', error);
    }
  };
  let last = settings.current.application.autoStart;

  apply(last);
  settings.onDidChange((s) => {
    if (s.application.autoStart !== last) {
      last = s.application.autoStart;
      apply(last);
    }
  });
}
