import { spawn, spawnSync } from 'node:child_process';

import type { Command } from 'commander';

import { CommandError } from '../output';
import { findLimactl, rdPaths } from '../rdPaths';

const NOT_RUNNING = "The Rancher Desktop VM needs to be running in order to execute 'rdctl shell', but it currently is not.\nEither run 'rdctl start' or start the Rancher Desktop application first";

/** `rdctl shell [CMD…]`: runs a command (or a shell) in the VM through limactl, instance 0. */
export function registerShell(program: Command): void {
  program.command('shell')
    .description('Run an interactive shell or a command in a Rancher Desktop-managed VM')
    .allowUnknownOption()
    .helpOption(false)
    .argument('[command...]')
    .action(async(args: string[]) => {
      const paths = rdPaths();
      const limactl = findLimactl(paths);
      const env = { ...process.env, LIMA_HOME: paths.lima ?? '' };
      const status = limactl ? spawnSync(limactl, ['ls', '0', '--format', '{{.Status}}'], { env, encoding: 'utf8' }).stdout?.trim() : undefined;

      if (status !== 'Running' || !limactl) {
        throw new CommandError(NOT_RUNNING);
      }
      const code = await new Promise<number>((resolve) => {
        spawn(limactl, ['shell', '0', ...args], { env, stdio: 'inherit' }).on('exit', (c) => resolve(c ?? 1));
      });

      if (code !== 0) {
        throw new CommandError(`exit status ${ code }`);
      }
    });
}
