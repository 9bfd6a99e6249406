import type { Command } from 'commander';

import { version } from '../../../package.json';
import { outLine } from '../output';

/** The rdctl build version. */
export const RDCTL_VERSION = version;

/** `rdctl version`: no server contact. */
export function registerVersion(program: Command): void {
  program.command('version')
    .description('Shows the CLI version.')
    .action(() => outLine(`rdctl client version: ${ RDCTL_VERSION }, targeting server version: v1`));
}
