import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { defaultSettings } from '@pkg/config/defaults';
import type { Settings } from '@pkg/config/settingsTypes';
import { State } from '@pkg/ipc/backendState';
import { nullLogger } from '@pkg/utils/logger';
import { type ProcessOutcome, ProcessTimeoutError, type RunOptions } from '@pkg/utils/node/processRunner';

import type { ClusterManager } from '../../kube/clusterManager';
import { LimaBackend } from '../limaBackend';
import { Limactl } from '../limactl';
import type { QemuWatcherDeps } from '../qemuWatcher';

function settingsFor(engine: 'moby' | 'containerd'): Settings {
  const settings = structuredClone(defaultSettings({ platform: 'linux', kernelMajor: 6, totalMemoryBytes: 16 * 2 ** 30, arch: 'x64' }));

  settings.containerEngine.name = engine;
  settings.kubernetes.enabled = false;

  return settings;
}

describe('LimaBackend', () => {
  let limaHome: string;
  let calls: { args: string[]; env?: Record<string, string | undefined> }[];
  let startResult: ProcessOutcome;
  /** limactl start never returns: it ends only at the limit it was given, as the real runner ends it. */
  let startHangs: boolean;
  let tick: (() => void) | undefined;
  let alive: boolean;
  let sharedDirs: string[];
  let sharedDirError: string | undefined;

  const watcherDeps: QemuWatcherDeps = {
    readPid: () => (alive ? 4242 : undefined),
    isAlive: () => alive,
    setInterval: (fn) => {
      tick = fn;

      return {};
    },
    clearInterval: () => {
      tick = undefined;
    },
  };

  function makeBackend(invalid?: string, cluster?: ClusterManager) {
    const run = (file: string, args: string[], options: RunOptions = {}): Promise<ProcessOutcome> => {
      calls.push({ args, env: options.env });
      if (args[0] === 'start') {
        options.onLine?.('time="x" level=info msg="[hostagent] Waiting for the essential requirement 1 of 4: \\"ssh\\""', 'stderr');
        fs.mkdirSync(path.join(limaHome, '0'), { recursive: true });
        if (!fs.existsSync(path.join(limaHome, '0', 'lima.yaml'))) {
          fs.writeFileSync(path.join(limaHome, '0', 'lima.yaml'), '# created by limactl');
        }
        if (startHangs) {
          return new Promise((_resolve, reject) => {
            if (options.timeoutMs) {
              reject(new ProcessTimeoutError(`limactl ${ args.join(' ') }`, options.timeoutMs, ['level=info msg="[hostagent] Waiting for the essential requirement 1 of 4: \\"ssh\\""']));
            }
          });
        }

        return Promise.resolve(startResult);
      }

      return Promise.resolve({ code: 0, signal: null, stdout: '', stderr: '' });
    };
    const limactl = new Limactl({ limactl: '/r/lima/bin/limactl', limaHome, env: { PATH: '/usr/bin', HOME: '/h' }, run, logger: nullLogger });

    return new LimaBackend({
      logger: nullLogger,
      limactl,
      tools: { limactl: '/r/lima/bin/limactl', guestAgent: '/r/ga', qemu: '/usr/bin/qemu-system-x86_64', image: { disk: '/i/disk.qcow2', kernel: '/i/vmlinuz', initrd: '/i/initrd.img' } },
      uid: 1000,
      home: '/h',
      altAppHome: '/h/.rd',
      extraMounts: [],
      run,
      probeAccel: () => Promise.resolve({ accel: 'tcg', reason: 'test' }),
      waitForEngine: () => Promise.resolve(),
      invalidReason: () => invalid,
      watcherDeps,
      cluster,
      defaultK8sVersion: () => '1.34.4',
      ensureSharedDir: (dir) => {
        sharedDirs.push(dir);
        if (sharedDirError) {
          throw new Error(sharedDirError);
        }
      },
    });
  }

  beforeEach(() => {
    limaHome = fs.mkdtempSync(path.join(os.tmpdir(), 'lima-'));
    calls = [];
    startResult = { code: 0, signal: null, stdout: '', stderr: '' };
    startHangs = false;
    alive = true;
    sharedDirs = [];
    sharedDirError = undefined;
  });
  afterEach(() => fs.rmSync(limaHome, { recursive: true, force: true }));

  it('first start creates instance 0 from _config/0.yaml with TCG forced, then reaches DISABLED', async() => {
    const backend = makeBackend();
    const states: State[] = [];
    const descriptions: string[] = [];

    backend.onDidChangeState((s) => states.push(s));
    backend.onDidChangeProgress((p) => p.description && descriptions.push(p.description));
    await backend.start(settingsFor('moby'));

    expect(states).toEqual([State.STARTING, State.DISABLED]);
    const start = calls.find((c) => c.args[0] === 'start');

    expect(start?.args).toEqual(['start', '--tty=false', '--timeout=10m', '--name', '0', path.join(limaHome, '_config', '0.yaml')]);
    expect(start?.env?.LIMA_HOME).toBe(limaHome);
    expect(start?.env?.QEMU_SYSTEM_X86_64).toMatch(/^\/usr\/bin\/qemu-system-x86_64 .*-accel tcg/);
    expect(descriptions).toContain('Starting virtual machine: Waiting for the essential requirement 1 of 4: "ssh"');
    // The temporary config is gone once the instance exists.
    expect(fs.existsSync(path.join(limaHome, '_config', '0.yaml'))).toBe(false);
  });

  it('checks the shared /tmp/rancher-desktop before writing the config, and a refused one stops the start', async() => {
    const backend = makeBackend();

    sharedDirError = '/tmp/rancher-desktop belongs to user 0, not to you (1000)';
    await backend.start(settingsFor('moby'));
    expect(sharedDirs).toEqual(['/tmp/rancher-desktop']);
    expect(backend.state).toBe(State.ERROR);
    expect(calls.filter((c) => c.args[0] === 'start')).toEqual([]);
  });

  it('a later start rewrites 0/lima.yaml and starts the instance by name', async() => {
    const backend = makeBackend();

    await backend.start(settingsFor('moby'));
    await backend.stop();
    await backend.start(settingsFor('containerd'));

    expect(calls.filter((c) => c.args[0] === 'start').pop()?.args).toEqual(['start', '--tty=false', '--timeout=10m', '0']);
    expect(fs.readFileSync(path.join(limaHome, '0', 'lima.yaml'), 'utf8')).toContain('/run/containerd/containerd.sock');
  });

  it('a second start while starting joins the first: one limactl start', async() => {
    const backend = makeBackend();
    const first = backend.start(settingsFor('moby'));
    const second = backend.start(settingsFor('moby'));

    await Promise.all([first, second]);
    expect(calls.filter((c) => c.args[0] === 'start')).toHaveLength(1);
  });

  it('a failed limactl start is ERROR with the tail of its output', async() => {
    startResult = { code: 1, signal: null, stdout: '', stderr: 'level=fatal msg="qemu exited"\n' };
    const backend = makeBackend();

    await backend.start(settingsFor('moby'));
    expect(backend.state).toBe(State.ERROR);
    expect(backend.lastError?.message).toMatch(/limactl start .* failed: level=fatal msg="qemu exited"/);
    expect((await backend.getFailureDetails(backend.lastError)).lastLogLines).toContain('level=fatal msg="qemu exited"');
  });

  it('a limactl start that never returns is stopped at its limit: ERROR naming the command, not STARTING forever', async() => {
    startHangs = true;
    const backend = makeBackend();

    await backend.start(settingsFor('moby'));
    expect(backend.state).toBe(State.ERROR);
    expect(backend.lastError?.message).toMatch(/^limactl start .* did not finish within 900 s and was stopped; its last output: .*Waiting for the essential requirement/);
    const details = await backend.getFailureDetails(backend.lastError);

    expect(details.lastCommandComment).toBe('timed out after 900 s');
    expect(details.lastLogLines[0]).toContain('[hostagent] Waiting for the essential requirement 1 of 4');
  });

  it('a missing tool is ERROR naming what to install, and nothing is run', async() => {
    const backend = makeBackend('qemu-system-x86_64 is not installed: install QEMU');

    await backend.start(settingsFor('moby'));
    expect(backend.state).toBe(State.ERROR);
    expect(backend.lastError?.message).toMatch(/install QEMU/);
    expect(calls).toEqual([]);
  });

  it('QEMU dying behind its back turns the state to ERROR and clears Lima\'s leftovers; a new start recovers', async() => {
    const backend = makeBackend();

    await backend.start(settingsFor('moby'));
    alive = false;
    tick?.();
    expect(backend.state).toBe(State.ERROR);
    expect(backend.lastError?.message).toMatch(/stopped unexpectedly \(QEMU process 4242/);
    expect(calls.pop()?.args).toEqual(['stop', '--force', '0']);

    alive = true;
    fs.writeFileSync(path.join(limaHome, '0', 'ha.pid'), '1');
    await backend.start(settingsFor('moby'));
    expect(backend.state).toBe(State.DISABLED);
    expect(calls.map((c) => c.args.slice(0, 2).join(' '))).toContain('stop --force');
  });

  it('stop runs limactl stop 0, and restart reasons compare with what runs', async() => {
    const backend = makeBackend();

    expect(await backend.requiresRestartReasons(settingsFor('containerd'))).toEqual({});
    await backend.start(settingsFor('moby'));
    expect(Object.keys(await backend.requiresRestartReasons(settingsFor('containerd')))).toEqual(['containerEngine.name']);
    await backend.stop();
    expect(backend.state).toBe(State.STOPPED);
    expect(calls.pop()?.args).toEqual(['stop', '0']);
  });

  it('stops the cluster (with a time limit) before it stops the VM, so the guest can power down in time', async() => {
    const order: string[] = [];
    const cluster = {
      start: () => Promise.resolve(),
      checkRestarts: () => Promise.resolve({}),
      stop: (timeoutMs?: number) => {
        order.push(`cluster stop within ${ timeoutMs } ms`);

        return Promise.resolve();
      },
    } as unknown as ClusterManager;
    const backend = makeBackend(undefined, cluster);
    const settings = settingsFor('containerd');

    settings.kubernetes.enabled = true;
    await backend.start(settings);
    expect(backend.state).toBe(State.STARTED);
    calls.length = 0;
    await backend.stop();
    order.push(...calls.map((c) => `limactl ${ c.args.join(' ') }`));
    expect(order).toEqual(['cluster stop within 60000 ms', 'limactl stop 0']);
    expect(backend.state).toBe(State.STOPPED);
  });

  it('runs commands in the VM through limactl shell, only while running', async() => {
    const backend = makeBackend();

    await expect(backend.executor.exec(['uname'])).rejects.toThrow(/not running/);
    await backend.start(settingsFor('moby'));
    await backend.executor.exec(['nerdctl', 'ps'], { root: true });
    expect(calls.pop()?.args).toEqual(['shell', '--workdir=/', '0', 'sudo', '--', 'nerdctl', 'ps']);
    expect(backend.executor.shellCommand(['ls'])?.args).toEqual(['shell', '--workdir=.', '0', 'ls']);
  });
});
