// Whether a pid is this Rancher Desktop app. rd-engine.json names the app's pid, but the
// file outlives a crash or a reboot, and by then the pid may belong to anything: rdctl
// signals a pid only after this check says it is the app that wrote the file.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/** What the OS says about a live process. */
export interface ProcessFacts {
  argv: string[];
  /** The resolved executable, where the OS tells it. */
  exe?: string;
  /** The working directory, against which a relative argv path resolves. */
  cwd?: string;
  startedAtMs: number;
}

/** The facts of a pid, or undefined when no such process exists. */
export type ProcessProbe = (pid: number) => ProcessFacts | undefined;

export type AppIdentity =
  | { state: 'app' }
  | { state: 'gone' }
  | { state: 'other'; why: string };

/** USER_HZ: the kernel reports it as 100 to user space on every architecture Linux runs on. */
const CLOCK_TICKS_PER_SECOND = 100;

/** Reads /proc (Linux): argv from cmdline, the exe link, and the start time from stat. */
export function procProbe(proc = '/proc'): ProcessProbe {
  return (pid) => {
    try {
      const dir = path.join(proc, String(pid));
      const argv = fs.readFileSync(path.join(dir, 'cmdline'), 'utf8').split('\0').filter((a, i, all) => a !== '' || i < all.length - 1);
      // The command name in field 2 may hold spaces and parentheses: count fields after its last ')'.
      const stat = fs.readFileSync(path.join(dir, 'stat'), 'utf8');
      const startTicks = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]);
      const bootSeconds = Number(/^btime (\d+)$/m.exec(fs.readFileSync(path.join(proc, 'stat'), 'utf8'))?.[1]);
      // Both links are unreadable for other users' processes; argv still tells.
      const link = (name: string) => {
        try {
          return fs.readlinkSync(path.join(dir, name));
        } catch {
          return undefined;
        }
      };

      return { argv, exe: link('exe'), cwd: link('cwd'), startedAtMs: (bootSeconds + startTicks / CLOCK_TICKS_PER_SECOND) * 1000 };
    } catch {
      return undefined;
    }
  };
}

/** Asks ps (macOS): `lstart` is the start time to the second, `args` the command line as one string. */
export function psProbe(): ProcessProbe {
  return (pid) => {
    const ask = (field: string) => spawnSync('ps', ['-p', String(pid), '-o', `${ field }=`], { encoding: 'utf8', env: { ...process.env, LC_ALL: 'C' } });
    const start = ask('lstart');

    if (start.status !== 0 || !start.stdout.trim()) {
      return undefined;
    }

    return { argv: [ask('args').stdout.trim()], startedAtMs: Date.parse(start.stdout.trim()) };
  };
}

/** The probe for this OS; Windows has none, so there rdctl never signals by pid. */
export function defaultProbe(platform = process.platform): ProcessProbe | undefined {
  switch (platform) {
  case 'linux':
    return procProbe();
  case 'darwin':
    return psProbe();
  default:
    return undefined;
  }
}

/** What the app's process runs: the headless or Electron entry under `appRoot`, or the packaged executable. */
export function appEntries(appRoot: string): string[] {
  return [path.join(appRoot, 'dist', 'app', 'headless.js'), path.join(appRoot, 'dist', 'app', 'electron.js'), path.join(appRoot, 'rancher-desktop')];
}

function real(file: string): string {
  try {
    return fs.realpathSync(file);
  } catch {
    return path.resolve(file);
  }
}

/** Whether the command line runs one of the entries (node/electron <entry>, or the executable itself). */
function runsEntry(facts: ProcessFacts, entries: string[]): boolean {
  const wanted = new Set(entries.map(real));

  if (facts.argv.length === 1 && facts.argv[0].includes(' ')) {
    // ps gives one string (and the app's paths may hold spaces): the entry is the program or follows it.
    const line = facts.argv[0];

    return entries.some((e) => line === e || line.startsWith(`${ e } `) || line.includes(` ${ e } `) || line.endsWith(` ${ e }`));
  }

  return [facts.exe, ...facts.argv.slice(0, 2)].some((a) => a !== undefined && a !== '' && wanted.has(real(path.resolve(facts.cwd ?? '/', a))));
}

/** Clock ticks and whole-second boot times make the start time coarse; the app writes the file later than this. */
const START_SLACK_MS = 2000;

/**
 * Whether `pid` is the app that wrote its state at `writtenAtMs`: it must run the app's entry
 * and have started before the file was written (a pid reused after a reboot or a crash
 * belongs to a process that started later).
 */
export function identifyApp(pid: number, writtenAtMs: number, entries: string[], probe: ProcessProbe): AppIdentity {
  const facts = probe(pid);

  if (!facts) {
    return { state: 'gone' };
  }
  if (!runsEntry(facts, entries)) {
    return { state: 'other', why: `it runs \`${ facts.argv.join(' ') }\`, not Rancher Desktop` };
  }
  if (!(facts.startedAtMs <= writtenAtMs + START_SLACK_MS)) {
    return { state: 'other', why: `it started at ${ new Date(facts.startedAtMs).toISOString() }, after the file was written` };
  }

  return { state: 'app' };
}
