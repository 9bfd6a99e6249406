// rdctl shutdown's process handling, with a fake process table: what it signals, and when.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import type { ProcessFacts } from '../appProcess';
import { shutdownApp, type ShutdownDeps } from '../commands/shutdown';

const errors: string[] = [];

jest.mock('../output', () => ({ ...jest.requireActual('../output'), outLine: () => {}, err: (text: string) => errors.push(text) }));
jest.mock('../rdPaths', () => ({ ...jest.requireActual('../rdPaths'), findLimactl: () => undefined }));

const root = '/opt/rd';
const appArgv = ['/usr/bin/node', `${ root }/dist/app/headless.js`];

describe('rdctl shutdown signals only this app', () => {
  let dir: string;
  let stateFile: string;
  let table: Record<number, ProcessFacts>;
  let killed: [number, string][];

  const deps = (): ShutdownDeps => ({
    probe: (pid) => table[pid],
    entries: [`${ root }/dist/app/headless.js`],
    kill: (pid, signal) => killed.push([pid, signal]),
    graceMs: 50,
    pollMs: 10,
  });
  // Port 1 refuses: the app (or what is left of it) does not answer.
  const flags = () => ({ configPath: stateFile });
  const writeState = (pid: number) => fs.writeFileSync(stateFile, JSON.stringify({ user: 'user', password: 'p', port: 1, pid }));

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rd-shutdown-'));
    stateFile = path.join(dir, 'rd-engine.json');
    table = {};
    killed = [];
    errors.length = 0;
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('leaves alone an unrelated process that has the stale file\'s pid, and says the app is not running', async() => {
    writeState(4242);
    table[4242] = { argv: ['sleep', '300'], startedAtMs: Date.now() - 1000 };
    await shutdownApp(flags(), true, undefined, deps());

    expect(killed).toEqual([]);
    expect(errors.join('')).toContain(`Rancher Desktop is not running: ${ stateFile } is left from an earlier run, and pid 4242 is another process now`);
    expect(fs.existsSync(stateFile)).toBe(true);
  });

  it('leaves alone a look-alike that started after the file was written', async() => {
    writeState(4243);
    table[4243] = { argv: appArgv, startedAtMs: Date.now() + 3_600_000 };
    await shutdownApp(flags(), true, undefined, deps());

    expect(killed).toEqual([]);
  });

  it('kills the app when it does not exit by itself, and removes the file it could not', async() => {
    writeState(4244);
    table[4244] = { argv: appArgv, startedAtMs: Date.now() - 60_000 };
    await shutdownApp(flags(), true, undefined, deps());

    expect(killed).toEqual([[4244, 'SIGKILL']]);
    expect(fs.existsSync(stateFile)).toBe(false);
  });

  it('does not kill a pid that was reused while it waited', async() => {
    writeState(4245);
    table[4245] = { argv: appArgv, startedAtMs: Date.now() - 60_000 };
    setTimeout(() => (table[4245] = { argv: ['bash'], startedAtMs: Date.now() }), 20);
    await shutdownApp(flags(), true, undefined, deps());

    expect(killed).toEqual([]);
  });

  it('waits for the pid the app named for its own factory reset, without a state file', async() => {
    table[4246] = { argv: appArgv, startedAtMs: Date.now() - 60_000 };
    setTimeout(() => delete table[4246], 20);
    await shutdownApp(flags(), true, 4246, deps());

    expect(killed).toEqual([]);
    expect(table[4246]).toBeUndefined();
  });

  it('says plainly that the app is not running when there is no file', async() => {
    await shutdownApp(flags(), true, undefined, deps());

    expect(errors).toEqual(['Rancher Desktop is not running.\n']);
    expect(killed).toEqual([]);
  });
});
