import type { Command } from 'commander';

import { State } from '@pkg/ipc/backendState';

import { findApp, launchApp, launchArgs } from '../appLauncher';
import { apiRequest } from '../client';
import { type GlobalFlags, resolveConnection } from '../connection';
import { parseDuration } from '../duration';
import { CommandError } from '../output';
import { hasChanges, settingsBody } from '../settingsFlags';
import { applySettings } from './set';
import { addSettingsOptions, givenSettings } from './settingsOptions';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function isRunning(flags: GlobalFlags): Promise<boolean> {
  try {
    return (await apiRequest(resolveConnection(flags), 'GET', 'settings')).status === 200;
  } catch {
    return false;
  }
}

/** Polls the backend every 2 s until it is up; connection errors mean "not yet". */
async function waitForBackend(flags: GlobalFlags, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;

  while (Date.now() < deadline) {
    try {
      const response = await apiRequest(resolveConnection(flags), 'GET', 'backend_state');
      const state = response.status === 200 ? (JSON.parse(response.body) as { vmState?: string }).vmState : undefined;

      if (state === State.STARTED || state === State.DISABLED) {
        return;
      }
      if (state === State.ERROR) {
        throw new CommandError('the Rancher Desktop backend failed to start; check the application logs');
      }
    } catch (error) {
      if (error instanceof CommandError && !/connection|insufficient|failed to read/.test(error.message)) {
        throw error;
      }
    }
    await sleep(2000);
  }
  throw new CommandError(`timed out after ${ timeoutMs / 1000 }s waiting for the Rancher Desktop backend to start`);
}

/** `rdctl start`: set the flags on a running app, or launch it with them; `--wait` until it is up. */
export function registerStart(program: Command): void {
  const command = program.command('start')
    .description('Start up Rancher Desktop, or update its settings.')
    .option('-p, --path <path>', 'path to the Rancher Desktop executable')
    .option('--no-modal-dialogs', 'avoid showing dialog boxes')
    .option('--wait', 'wait until the backend is ready')
    .option('--wait-timeout <duration>', 'how long --wait waits', '10m');
  const flags = addSettingsOptions(command);

  command.action(async(opts: { path?: string; modalDialogs: boolean; wait?: boolean; waitTimeout: string }, cmd: Command) => {
    const globals = cmd.optsWithGlobals<GlobalFlags>();
    const changes = givenSettings(cmd, flags);
    const timeout = parseDuration(opts.waitTimeout);

    if (await isRunning(globals)) {
      if (opts.path) {
        throw new CommandError('--path setting is ignored when the application is already running');
      }
      const body = settingsBody(changes);

      if (hasChanges(body)) {
        await applySettings(cmd, body);
      } else if (!opts.wait) {
        throw new CommandError('start command: no settings to change were given');
      }
    } else {
      launchApp(findApp(opts.path), launchArgs(changes, !opts.modalDialogs));
    }
    if (opts.wait) {
      await waitForBackend(globals, timeout);
    }
  });
}
