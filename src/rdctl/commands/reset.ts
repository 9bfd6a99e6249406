import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { type Command, Option } from 'commander';

import { apiCall } from '../client';
import { type GlobalFlags, resolveConnection } from '../connection';
import { deleteRancherDesktopData } from '../factoryReset';
import { CommandError, outLine } from '../output';
import { findLimactl, rdPaths } from '../rdPaths';
import { shutdownApp } from './shutdown';

function appPidArg(value: string): number {
  if (!/^[1-9]\d*$/.test(value)) {
    throw new CommandError(`--app-pid must be a process id, not "${ value }"`);
  }

  return Number(value);
}

const truthy = (v: string | boolean | undefined) => v === true || v === 'true';

async function factoryReset(flags: GlobalFlags, removeCache: boolean, appPid?: number): Promise<void> {
  const paths = rdPaths();

  await shutdownApp(flags, true, appPid);
  deleteRancherDesktopData({
    paths,
    home: os.homedir(),
    xdgConfig: process.env.XDG_CONFIG_HOME || path.join(os.homedir(), '.config'),
    removeCache,
    limactl: findLimactl(paths),
    env: process.env,
  });
}

/** `rdctl reset` and its deprecated alias `rdctl factory-reset`. */
export function registerReset(program: Command): void {
  program.command('reset')
    .description('Reset Rancher Desktop settings and data')
    .option('--vm [bool]', 'reset the VM (and Kubernetes)')
    .option('--k8s [bool]', 'reset Kubernetes')
    .option('--cache [bool]', 'delete the cache')
    .option('--factory [bool]', 'delete everything Rancher Desktop keeps, as if newly installed')
    // The app's own factory reset names itself: it removes rd-engine.json as it exits, and
    // the deletion must still wait for it to be gone.
    .addOption(new Option('--app-pid <pid>', 'the app process to wait for').hideHelp().argParser(appPidArg))
    .action(async(opts: Record<string, string | boolean | undefined>, command: Command) => {
      const flags = command.optsWithGlobals<GlobalFlags>();
      const [vm, k8s, cache, factory] = ['vm', 'k8s', 'cache', 'factory'].map((k) => truthy(opts[k]));

      if (!vm && !k8s && !cache && !factory) {
        throw new CommandError('reset command: at least one of --vm, --k8s, --cache or --factory must be given');
      }
      if (factory) {
        await factoryReset(flags, cache, opts.appPid as number | undefined);

        return;
      }
      if (vm || k8s) {
        outLine(await apiCall(resolveConnection(flags), 'PUT', 'k8s_reset', JSON.stringify({ mode: vm ? 'wipe' : 'fast' })));
      }
      if (cache) {
        fs.rmSync(rdPaths().cache, { recursive: true, force: true });
        outLine('Cache cleared successfully');
      }
    });
  program.command('factory-reset', { hidden: true })
    .description('Deprecated: use rdctl reset --factory')
    .option('--remove-kubernetes-cache [bool]', 'also delete the cache', 'false')
    .action(async(opts: { removeKubernetesCache: string | boolean }, command: Command) => {
      await factoryReset(command.optsWithGlobals<GlobalFlags>(), truthy(opts.removeKubernetesCache));
    });
}
