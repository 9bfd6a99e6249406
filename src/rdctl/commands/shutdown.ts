import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

import type { Command } from 'commander';

import { apiRequest } from '../client';
import { defaultConfigPath, type GlobalFlags, resolveConnection } from '../connection';
import { outLine } from '../output';
import { findLimactl, rdPaths } from '../rdPaths';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);

    return true;
  } catch {
    return false;
  }
}

/** The app's pid from rd-engine.json, if the file names one. */
function appPid(flags: GlobalFlags): number | undefined {
  try {
    const pid = (JSON.parse(fs.readFileSync(flags.configPath ?? defaultConfigPath(), 'utf8')) as { pid?: unknown }).pid;

    return typeof pid === 'number' ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** Stops the VM through limactl when this install has one and instance 0 still runs. */
function stopVm(): void {
  const paths = rdPaths();
  const limactl = findLimactl(paths);

  if (!limactl || !paths.lima || !fs.existsSync(path.join(paths.lima, '0'))) {
    return;
  }
  const env = { ...process.env, LIMA_HOME: paths.lima };
  const status = spawnSync(limactl, ['ls', '--format', '{{.Status}}', '0'], { env, encoding: 'utf8' }).stdout?.trim();

  if (status === 'Running') {
    spawnSync(limactl, ['stop', '0'], { env, stdio: 'ignore', timeout: 60_000 });
    spawnSync(limactl, ['stop', '--force', '0'], { env, stdio: 'ignore', timeout: 60_000 });
  }
}

/** Asks the app to quit and, with wait, makes sure it and its VM are gone. */
export async function shutdownApp(flags: GlobalFlags, wait: boolean): Promise<void> {
  const pid = appPid(flags);

  try {
    const response = await apiRequest(resolveConnection(flags), 'PUT', 'shutdown');

    if (response.body) {
      outLine(response.body);
    }
  } catch {
    // Not running, or already going away: the checks below still apply.
  }
  if (!wait) {
    return;
  }
  for (let i = 0; i < 150 && pid !== undefined && alive(pid); i++) {
    await sleep(200);
  }
  if (pid !== undefined && alive(pid)) {
    process.kill(pid, 'SIGKILL');
  }
  stopVm();
}

/** `rdctl shutdown`. */
export function registerShutdown(program: Command): void {
  program.command('shutdown')
    .description('Shuts down the running Rancher Desktop application')
    .option('--wait [bool]', 'wait for shutdown to be confirmed', 'true')
    .action(async(opts: { wait: string | boolean }, command: Command) => {
      await shutdownApp(command.optsWithGlobals<GlobalFlags>(), opts.wait !== 'false' && opts.wait !== false);
    });
}
