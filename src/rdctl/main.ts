// rdctl: the Rancher Desktop command line. Each command is a thin file in commands/.
import { Command, CommanderError } from 'commander';

import { err } from './output';

type Register = (program: Command) => void;

// Each command module (and the Node built-ins it needs) loads only when that command runs:
// start-up time is a product target (rdctl list-settings ≤ 2× node's own start).
const commands: Record<string, () => Promise<Register>> = {
  'api': async() => (await import('./commands/api')).registerApi,
  'set': async() => (await import('./commands/set')).registerSet,
  'start': async() => (await import('./commands/start')).registerStart,
  'shutdown': async() => (await import('./commands/shutdown')).registerShutdown,
  'list-settings': async() => (await import('./commands/listSettings')).registerListSettings,
  'version': async() => (await import('./commands/version')).registerVersion,
  'info': async() => (await import('./commands/info')).registerInfo,
  'paths': async() => (await import('./commands/paths')).registerPaths,
  'reset': async() => (await import('./commands/reset')).registerReset,
  'factory-reset': async() => (await import('./commands/reset')).registerReset,
  'create-profile': async() => (await import('./commands/createProfile')).registerCreateProfile,
  'shell': async() => (await import('./commands/shell')).registerShell,
  'setup': async() => (await import('./commands/setup')).registerSetup,
};

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

program.command('snapshot').description('Manage Rancher Desktop snapshots').allowUnknownOption().argument('[args...]').action(() => {
  throw new Error('snapshots are not available yet in this version of Rancher Desktop');
});
program.command('extension').description('Manage extensions').allowUnknownOption().argument('[args...]').action(() => {
  throw new Error('extensions are not available yet in this version of Rancher Desktop');
});

/** The command named on the command line (the first non-option word), if it is one of ours. */
function requestedCommand(): string | undefined {
  const word = process.argv.slice(2).find((a) => !a.startsWith('-'));

  return word && word in commands ? word : undefined;
}

async function main(): Promise<void> {
  const wanted = requestedCommand();
  // Help, completion or a typo needs every command registered; a known command only its own.
  const loaders = wanted ? [commands[wanted]] : [...new Set(Object.values(commands))];
  const registered = new Set<Register>();

  for (const load of loaders) {
    const register = await load();

    if (!registered.has(register)) {
      registered.add(register);
      register(program);
    }
  }
  await program.parseAsync(process.argv);
}

main().catch((error: unknown) => {
  if (error instanceof CommanderError) {
    process.exitCode = error.exitCode;

    return;
  }
  err(`Error: ${ error instanceof Error ? error.message : String(error) }\n`);
  process.exitCode = 1;
});
