import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { appEntries, identifyApp, procProbe, type ProcessFacts } from '../appProcess';

const root = '/opt/rd';
const entries = appEntries(root);
const written = Date.parse('2025-01-01T12:00:00Z');
const probeOf = (facts: Record<number, ProcessFacts>) => (pid: number) => facts[pid];

describe('identifyApp', () => {
  it('knows the headless app, the Electron app and the packaged executable', () => {
    const probe = probeOf({
      1: { argv: ['/usr/bin/node', `${ root }/dist/app/headless.js`, '--no-modal-dialogs'], startedAtMs: written - 900 },
      2: { argv: ['/usr/lib/electron/electron', `${ root }/dist/app/electron.js`], startedAtMs: written - 900 },
      3: { argv: ['rancher-desktop'], exe: `${ root }/rancher-desktop`, startedAtMs: written - 900 },
      4: { argv: ['node', 'dist/app/headless.js'], cwd: root, startedAtMs: written - 900 },
    });

    expect([1, 2, 3, 4].map((pid) => identifyApp(pid, written, entries, probe).state)).toEqual(['app', 'app', 'app', 'app']);
  });

  it('calls a vanished pid gone', () => {
    expect(identifyApp(5, written, entries, probeOf({}))).toEqual({ state: 'gone' });
  });

  it('refuses an unrelated process that got the pid', () => {
    const identity = identifyApp(6, written, entries, probeOf({ 6: { argv: ['sleep', '300'], startedAtMs: written - 60_000 } }));

    expect(identity).toEqual({ state: 'other', why: 'it runs `sleep 300`, not Rancher Desktop' });
  });

  it('refuses the app\'s entry named only further down a command line (a grep, an editor)', () => {
    const probe = probeOf({ 7: { argv: ['grep', '-r', `${ root }/dist/app/headless.js`], startedAtMs: written - 60_000 } });

    expect(identifyApp(7, written, entries, probe).state).toBe('other');
  });

  it('refuses a look-alike that started after the file was written (a pid reused after a reboot)', () => {
    const probe = probeOf({ 8: { argv: ['/usr/bin/node', `${ root }/dist/app/headless.js`], startedAtMs: written + 3_600_000 } });

    expect(identifyApp(8, written, entries, probe)).toMatchObject({ state: 'other', why: expect.stringContaining('after the file was written') });
  });

  it('reads the facts from /proc', () => {
    const proc = fs.mkdtempSync(path.join(os.tmpdir(), 'proc-'));

    fs.mkdirSync(path.join(proc, '42'));
    fs.writeFileSync(path.join(proc, 'stat'), 'cpu  1 2 3\nbtime 1735732800\nprocesses 9\n');
    fs.writeFileSync(path.join(proc, '42', 'cmdline'), `/usr/bin/node\0${ root }/dist/app/headless.js\0\0--x\0`);
    // The command name may hold ") (": fields are counted after the last ')'.
    const fields = ['S', ...Array.from({ length: 18 }, () => '0'), '12345', '0'];

    fs.writeFileSync(path.join(proc, '42', 'stat'), `42 (node ) (x) ${ fields.join(' ') }\n`);
    fs.symlinkSync('/usr/bin/node', path.join(proc, '42', 'exe'));

    expect(procProbe(proc)(42)).toEqual({ argv: ['/usr/bin/node', `${ root }/dist/app/headless.js`, '', '--x'], exe: '/usr/bin/node', cwd: undefined, startedAtMs: (1735732800 + 123.45) * 1000 });
    expect(procProbe(proc)(43)).toBeUndefined();
    fs.rmSync(proc, { recursive: true });
  });

  it('reads this very process from the real /proc as started before now', () => {
    const facts = procProbe()(process.pid);

    expect(facts?.exe).toBe(fs.realpathSync(process.execPath));
    expect(facts!.startedAtMs).toBeLessThanOrEqual(Date.now() + 2000);
    expect(facts!.startedAtMs).toBeGreaterThan(Date.now() - 3_600_000);
  });
});
