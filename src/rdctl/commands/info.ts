import { spawnSync } from 'node:child_process';

import type { Command } from 'commander';

import { CommandError, outLine } from '../output';
import { findLimactl, rdPaths } from '../rdPaths';
import { RDCTL_VERSION } from './version';

/** The VM's address on eth0, read with `ip -json address show` in the VM. */
function vmAddress(): string {
  const paths = rdPaths();
  const limactl = findLimactl(paths);
  const result = limactl ? spawnSync(limactl, ['shell', '0', 'ip', '-json', 'address', 'show', 'eth0'], { env: { ...process.env, LIMA_HOME: paths.lima ?? '' }, encoding: 'utf8' }) : undefined;

  if (!result || result.status !== 0) {
    throw new CommandError('failed to get the VM IP address: the Rancher Desktop VM is not running');
  }
  const links = JSON.parse(result.stdout) as { addr_info?: { family: string; scope: string; local: string }[] }[];
  const address = links.flatMap((l) => l.addr_info ?? []).find((a) => a.family === 'inet' && a.scope === 'global');

  if (!address) {
    throw new CommandError('failed to get the VM IP address: eth0 has no global IPv4 address');
  }

  return address.local;
}

/** `rdctl info`. */
export function registerInfo(program: Command): void {
  program.command('info')
    .description('Return information about Rancher Desktop')
    .option('-f, --field <field>', 'return only this field (version, ip-address)')
    .option('-o, --output <format>', 'output format: text or json', 'text')
    .action((opts: { field?: string; output: string }) => {
      const fields: Record<string, () => string> = { 'version': () => RDCTL_VERSION, 'ip-address': vmAddress };

      if (opts.field) {
        const get = fields[opts.field];

        if (!get) {
          throw new CommandError(`invalid field "${ opts.field }"; must be one of: version, ip-address`);
        }
        outLine(get());

        return;
      }
      if (opts.output !== 'text' && opts.output !== 'json') {
        throw new CommandError(`invalid output format "${ opts.output }"; must be text or json`);
      }
      let ip = '';

      try {
        ip = vmAddress();
      } catch {
        ip = '';
      }
      if (opts.output === 'json') {
        outLine(JSON.stringify({ 'version': RDCTL_VERSION, 'ip-address': ip }));
      } else {
        outLine(`Version:   ${ RDCTL_VERSION }\nIPAddress: ${ ip }`);
      }
    });
}
