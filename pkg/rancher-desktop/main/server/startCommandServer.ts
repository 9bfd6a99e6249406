import type { Logger } from '@pkg/utils/logger';

import type { CoreServices } from '../coreServices';
import type { DiagnosticsRunner } from '../diagnostics/diagnosticsRunner';
import { CLI_USER, INTERACTIVE_USER, randomPassword } from './basicAuth';
import { createCommandHandler, listen } from './httpCommandServer';
import { removeServerState, writeServerState } from './serverState';

/** RD's fixed API port. */
export const DEFAULT_API_PORT = 6107;

export interface StartedCommandServer {
  port: number;
  /** The GUI's credentials (never written to disk). */
  interactive: { user: string; password: string; port: number };
  /** Stops listening and removes rd-engine.json, so no stale pid outlives the app. */
  close(): Promise<void>;
}

/**
 * Starts the command API with fresh passwords and writes rd-engine.json for rdctl.
 * RD_API_PORT overrides the port (0 = any free port; the real one goes into the file).
 */
export async function startCommandServer(options: { services: CoreServices; diagnostics: DiagnosticsRunner; env: Record<string, string | undefined>; logger: Logger }): Promise<StartedCommandServer> {
  const passwords = { [CLI_USER]: randomPassword(), [INTERACTIVE_USER]: randomPassword() };
  const requested = options.env.RD_API_PORT !== undefined ? Number(options.env.RD_API_PORT) : DEFAULT_API_PORT;
  const app = createCommandHandler({ services: options.services, diagnostics: options.diagnostics, passwords, logger: options.logger });
  const { server, port } = await listen(app, requested);

  const stateFile = writeServerState(options.services.paths.appHome, { user: CLI_USER, password: passwords[CLI_USER], port, pid: process.pid });

  options.logger.info(`listening on 127.0.0.1:${ port }; credentials for rdctl in ${ stateFile }`);

  return {
    port,
    interactive: { user: INTERACTIVE_USER, password: passwords[INTERACTIVE_USER], port },
    close: () => new Promise((resolve) => {
      removeServerState(options.services.paths.appHome, process.pid);
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}
