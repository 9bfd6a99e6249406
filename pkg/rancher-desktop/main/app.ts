// The composition root: builds the core services once and wires them together. Every
// shell (headless, Electron) calls startApp and gets back the same running core.
import { spawn } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';

import { createBackend } from '@pkg/backend/factory';
import type { DefaultsContext, Platform } from '@pkg/config/settingsTypes';
import type { UiMessage } from '@pkg/ipc/uiContract';
import type { Logger } from '@pkg/utils/logger';
import { LogFiles } from '@pkg/utils/node/logging';
import type { Paths } from '@pkg/utils/node/paths';

import { AppBackendController } from './backendController';
import { reportBackendStates } from './backendErrorReporter';
import { containerEngineProvider } from './containerEngineProvider';
import type { CoreServices } from './coreServices';
import type { HostUi } from './host';
import { DiagnosticsRunner } from './diagnostics/diagnosticsRunner';
import { rdBinInBashPath } from './diagnostics/rdBinInBashPath';
import { rdBinSymlinks } from './diagnostics/rdBinSymlinks';
import { vmAcceleration } from './diagnostics/vmAcceleration';
import { startHostIntegration } from './integrations/hostIntegration';
import { linkDockerCliPlugins, linkRdBin } from './integrations/rdBinLinks';
import { createKubernetesService } from './kubernetes/createKubernetesService';
import { startCommandServer } from './server/startCommandServer';
import { loadSettings } from './settings/loadSettings';
import { UiSession } from './ui/uiSession';

export interface AppOptions {
  paths: Paths;
  host: HostUi;
  argv: string[];
  env: Record<string, string | undefined>;
  platform: NodeJS.Platform;
  /** The app's version and which shell hosts it, for the About information. */
  version: string;
  shell: 'electron' | 'headless';
  /** What a login should start when application.autoStart is on. */
  executable?: string;
}

/** A running core; `exited` resolves with the process exit code once shutdown completes. */
export interface RunningCore {
  services: CoreServices;
  /** Port of the HTTP API (6107 unless RD_API_PORT says otherwise). */
  apiPort: number;
  shutdown(): Promise<void>;
  exited: Promise<number>;
  /** Serves one renderer connection; dispose the session when the connection closes. */
  openUiSession(send: (message: UiMessage) => void): UiSession;
  /** A logger writing to the app's log folder (`<topic>.log`). */
  logger(topic: string): Logger;
}

function defaultsContext(platform: Platform): DefaultsContext {
  return {
    platform,
    kernelMajor: Number(os.release().split('.')[0]) || 0,
    totalMemoryBytes: os.totalmem(),
    arch: os.arch() === 'arm64' ? 'arm64' : 'x64',
  };
}

function uiSessionFactory(services: CoreServices, diagnostics: DiagnosticsRunner, options: AppOptions, logger: Logger) {
  const about = { version: options.version, platform: options.platform as Platform, arch: os.arch(), logsDir: services.paths.logs, shell: options.shell };

  return (send: (message: UiMessage) => void) => new UiSession({ services, diagnostics, about, logger, send });
}

/** ~/.rd/bin gets the shipped tools and docker CLI plugins; ~/.docker/cli-plugins gets the plugins. */
function linkShippedTools(paths: Paths, platform: Platform, env: Record<string, string | undefined>, log: Logger): void {
  if (!paths.integration) {
    return;
  }
  const shipped = path.join(paths.resources, platform);

  try {
    const linked = linkRdBin([path.join(shipped, 'bin'), path.join(shipped, 'docker-cli-plugins')], paths.integration);
    const plugins = linkDockerCliPlugins(path.join(shipped, 'docker-cli-plugins'), paths.integration, env.DOCKER_CONFIG || path.join(os.homedir(), '.docker'));

    log.info(`linked into ${ paths.integration }: ${ linked.join(', ') || 'nothing' }; docker CLI plugins: ${ plugins.join(', ') || 'none' }`);
  } catch (error) {
    log.error('could not link the shipped tools', error);
  }
}

/** application.debug (or RD_DEBUG_ENABLED) raises every log's level, also when changed later. */
function followDebugSetting(logs: LogFiles, settings: ReturnType<typeof loadSettings>['settings'], env: AppOptions['env']): void {
  logs.debugEnabled ||= settings.current.application.debug;
  settings.onDidChange((s) => {
    logs.debugEnabled = s.application.debug || !!env.RD_DEBUG_ENABLED;
  });
}

/** A bad profile or option stops the start: it says why in background.log, where the user looks first, flushed before the exit. */
async function loadSettingsOrSayWhy(options: AppOptions, platform: Platform, logs: LogFiles): Promise<ReturnType<typeof loadSettings>> {
  try {
    return loadSettings({ paths: options.paths, platform, argv: options.argv, defaults: defaultsContext(platform), logger: logs.topic('settings') });
  } catch (error) {
    logs.topic('background').error(`Error Starting Rancher Desktop: ${ (error as Error).message }`);
    await logs.close();
    throw error;
  }
}

/** Loads settings and profiles, starts the API server and the backend. */
export async function startApp(options: AppOptions): Promise<RunningCore> {
  const { paths, host, env } = options;
  const platform = options.platform as Platform;
  const logs = new LogFiles(paths.logs);
  const log = logs.topic('background');

  log.info(`starting (pid ${ process.pid }, node ${ process.version }, ${ platform })`);
  const { settings, transientSettings, warnings, k8sCatalogue } = await loadSettingsOrSayWhy(options, platform, logs);

  followDebugSetting(logs, settings, env);
  for (const warning of warnings) {
    host.notify('Settings', warning);
  }

  const { backend, notice } = createBackend({ platform, env, paths, logger: logs.topic(platform === 'win32' ? 'wsl' : 'lima'), debug: () => logs.debugEnabled });

  if (notice) {
    log.warn(notice);
    host.notify('Backend', notice);
  }
  const backendController = new AppBackendController(backend, settings, paths.appHome, log);

  reportBackendStates(backend, host, log);

  let resolveExit: (code: number) => void = () => {};
  const exited = new Promise<number>((resolve) => (resolveExit = resolve));
  let stopping: Promise<void> | undefined;
  const shutdown = () => (stopping ??= (async() => {
    log.info('shutting down');
    await server.close();
    await backendController.stopForShutdown().catch((e) => log.error('backend stop failed', e));
    await logs.close();
    resolveExit(0);
  })());
  const services: CoreServices = {
    paths,
    settings,
    transientSettings,
    backend: backendController,
    containerEngine: containerEngineProvider(backend, settings, paths),
    k8sCatalogue,
    kubernetes: createKubernetesService({ backendName: backend.name, backend: backendController, resources: paths.resources, platform, home: os.homedir(), env, logger: logs.topic('k8s') }),
    lifecycle: {
      shutdown: () => {
        shutdown().catch(() => resolveExit(1));
      },
      factoryReset: (keepSystemImages) => {
        // rdctl does the deletion once this process is gone, as Rancher Desktop does.
        const rdctl = path.join(paths.resources, platform, 'bin', 'rdctl');

        // rd-engine.json goes away as this process exits, so rdctl is told which pid to wait for.
        spawn(rdctl, ['reset', '--factory', `--cache=${ !keepSystemImages }`, `--app-pid=${ process.pid }`], { detached: true, stdio: 'ignore' })
          .on('error', (e) => log.error(`factory reset: could not run ${ rdctl }`, e))
          .unref();
        shutdown().catch(() => resolveExit(1));
      },
    },
  };
  const rdBin = paths.integration ?? path.join(paths.altAppHome, 'bin');
  const diagnostics = new DiagnosticsRunner([rdBinInBashPath(rdBin), rdBinSymlinks(rdBin), vmAcceleration(() => backend.acceleration)], () => settings.current);
  const server = await startCommandServer({ services, diagnostics, env, logger: logs.topic('server') });

  log.info(`command server listening on 127.0.0.1:${ server.port }`);
  linkShippedTools(paths, platform, env, log);
  startHostIntegration({ paths, platform, env, settings, backend: backendController, logger: logs.topic('integrations'), executable: options.executable });
  backendController.start().catch((e) => log.error('backend start failed', e));

  return { services, apiPort: server.port, shutdown, exited, openUiSession: uiSessionFactory(services, diagnostics, options, logs.topic('ui')), logger: (topic) => logs.topic(topic) };
}
