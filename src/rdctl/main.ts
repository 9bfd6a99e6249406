// rdctl: the Rancher Desktop command line. Each command is a thin file in commands/.
import { Command, CommanderError } from 'commander';

import { registerApi } from './commands/api';
import { registerCreateProfile } from './commands/createProfile';
import { registerInfo } from './commands/info';
import { registerListSettings } from './commands/listSettings';
import { registerPaths } from './commands/paths';
import { registerReset } from './commands/reset';
import { registerSet } from './commands/set';
import { registerSetup } from './commands/setup';
import { registerShell } from './commands/shell';
import { registerShutdown } from './commands/shutdown';
import { registerStart } from './commands/start';
import { registerVersion } from './commands/version';
import { err } from './output';

const program = new Command('rdctl')
  .description('The Rancher Desktop command-line interface')
  .option('--config-path <path>', 'config file (default <appHome>/rd-engine.json)')
  .option('--user <user>', 'overrides the user setting in the config file')
  .option('--password <password>', 'overrides the password setting in the config file')
  .option('--host <host>', 'default is 127.0.0.1; most useful for WSL')
  .option('--port <port>', 'overrides the port setting in the config file')
  .option('--verbose', 'be verbose')
  .showHelpAfterError(false)
  .exitOverride()
  .configureOutput({ outputError: (text, write) => write(text.replace(/^error: /, 'Error: ')) });

for (const register of [registerApi, registerSet, registerStart, registerShutdown, registerListSettings, registerVersion,
  registerInfo, registerPaths, registerReset, registerCreateProfile, registerShell, registerSetup]) {
  register(program);
}
program.command('snapshot').description('Manage Rancher Desktop snapshots').allowUnknownOption().argument('[args...]').action(() => {
  throw new Error('snapshots are not available yet in this version of Rancher Desktop');
});
program.command('extension').description('Manage extensions').allowUnknownOption().argument('[args...]').action(() => {
  throw new Error('extensions are not available yet in this version of Rancher Desktop');
});

program.parseAsync(process.argv).catch((error: unknown) => {
  if (error instanceof CommanderError) {
    process.exitCode = error.exitCode;

    return;
  }
  err(`Error: ${ error instanceof Error ? error.message : String(error) }\n`);
  process.exitCode = 1;
});
