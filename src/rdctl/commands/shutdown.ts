import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

import type { Command } from 'commander';

import { appEntries, type AppIdentity, defaultProbe, identifyApp, type ProcessProbe } from '../appProcess';
import { apiRequest } from '../client';
import { defaultConfigPath, type GlobalFlags, resolveConnection } from '../connection';
import { err, outLine } from '../output';
import { findLimactl, rdctlDir, rdPaths } from '../rdPaths';

/** The app answers a shutdown at once; the wait for its exit is separate and bounded too. */
const SHUTDOWN_REQUEST_TIMEOUTS = { connectMs: 5_000, totalMs: 15_000 };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The app that the state file (or the app itself, for its own factory reset) names. */
export interface RecordedApp {
  pid: number;
  /** When the record was made: the app started before it. */
  writtenAtMs: number;
  /** Where the record came from, for messages. */
  source: string;
}

/** The app's pid from rd-engine.json and the file's time, if the file names one. */
function recordedApp(file: string): RecordedApp | undefined {
  try {
    const pid = (JSON.parse(fs.readFileSync(file, 'utf8')) as { pid?: unknown }).pid;

    return typeof pid === 'number' && Number.isInteger(pid) && pid > 0 ? { pid, writtenAtMs: fs.statSync(file).mtimeMs, source: file } : undefined;
  } catch {
    return undefined;
  }
}

/** The seams shutdown needs: tests give a fake process table and signal. */
export interface ShutdownDeps {
  probe: ProcessProbe | undefined;
  entries: string[];
  kill: (pid: number, signal: NodeJS.Signals) => void;
  /** How long the app gets to exit by itself before it is killed. */
  graceMs: number;
  pollMs: number;
}

function defaultDeps(): ShutdownDeps {
  return {
    probe: defaultProbe(),
    entries: appEntries(path.join(rdctlDir(), '..', '..', '..')),
    kill: (pid, signal) => process.kill(pid, signal),
    graceMs: 30_000,
    pollMs: 200,
  };
}

function identify(app: RecordedApp, deps: ShutdownDeps): AppIdentity {
  // Without a way to look at the process (Windows), a pid is never taken on trust.
  return deps.probe ? identifyApp(app.pid, app.writtenAtMs, deps.entries, deps.probe) : { state: 'other', why: 'this OS cannot show what it runs' };
}

/**
 * Waits for the app to exit by itself and kills it if it does not, re-checking right before
 * the signal that the pid is still the app (it may have exited and the pid been reused).
 */
async function waitOrKill(app: RecordedApp, deps: ShutdownDeps): Promise<void> {
  for (let waited = 0; waited < deps.graceMs; waited += deps.pollMs) {
    if (identify(app, deps).state !== 'app') {
      return;
    }
    await sleep(deps.pollMs);
  }
  if (identify(app, deps).state === 'app') {
    deps.kill(app.pid, 'SIGKILL');
  }
}

/** After a kill the app could not remove its own state file: remove it when it still names that pid. */
function removeStateFileOf(file: string, pid: number): void {
  if (recordedApp(file)?.pid === pid) {
    fs.rmSync(file, { force: true });
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

/**
 * Asks the app to quit and, with wait, makes sure it and its VM are gone. The pid in
 * rd-engine.json (or `appPid`, given by the app for its own factory reset) is signalled only
 * once it is shown to be this app; a stale file never leads to a kill.
 */
export async function shutdownApp(flags: GlobalFlags, wait: boolean, appPid?: number, deps: ShutdownDeps = defaultDeps()): Promise<void> {
  const file = flags.configPath ?? defaultConfigPath();
  const app = appPid !== undefined ? { pid: appPid, writtenAtMs: Date.now(), source: 'the app' } : recordedApp(file);
  const identity = app ? identify(app, deps) : { state: 'gone' as const };
  let answered = false;

  try {
    const response = await apiRequest(resolveConnection(flags), 'PUT', 'shutdown', undefined, SHUTDOWN_REQUEST_TIMEOUTS);

    answered = response.status >= 200 && response.status < 300;
    if (response.body) {
      outLine(response.body);
    }
  } catch {
    // Not running, or already going away: the checks below still apply.
  }
  if (!answered && identity.state !== 'app') {
    err(identity.state === 'other'
      ? `Rancher Desktop is not running: ${ app?.source } is left from an earlier run, and pid ${ app?.pid } is another process now (${ identity.why }); it was left alone.\n`
      : 'Rancher Desktop is not running.\n');
  }
  if (!wait) {
    return;
  }
  if (app && identity.state === 'app') {
    await waitOrKill(app, deps);
    removeStateFileOf(file, app.pid);
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
