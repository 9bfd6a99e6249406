import type { Command } from 'commander';

import { outLine } from '../output';
import { rdPaths } from '../rdPaths';

/** `rdctl paths` (hidden): the app's paths as JSON, keys as RD names them. */
export function registerPaths(program: Command): void {
  program.command('paths', { hidden: true })
    .description('Print the paths Rancher Desktop uses.')
    .action(() => outLine(JSON.stringify(rdPaths())));
}
