import type { Command } from 'commander';

import { apiCall } from '../client';
import { type GlobalFlags, resolveConnection } from '../connection';
import { out } from '../output';

/** `rdctl list-settings`: prints GET /v1/settings. */
export function registerListSettings(program: Command): void {
  program.command('list-settings')
    .description('Lists the current settings.')
    .action(async(_opts, command: Command) => {
      out(`${ await apiCall(resolveConnection(command.optsWithGlobals<GlobalFlags>()), 'GET', 'settings') }\n`);
    });
}
