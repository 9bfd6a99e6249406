import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { MockBackend } from '@pkg/backend/mock/mockBackend';
import { defaultSettings } from '@pkg/config/defaults';
import type { Settings } from '@pkg/config/settingsTypes';
import { State } from '@pkg/ipc/backendState';
import { Emitter } from '@pkg/utils/emitter';
import { UserError } from '@pkg/utils/errors';
import { nullLogger } from '@pkg/utils/logger';

import { AppBackendController } from '../backendController';
import type { SettingsService } from '../coreServices';

function fakeSettings(initial: Settings): SettingsService & { value: Settings } {
  const changed = new Emitter<Settings>();

  return {
    value: initial,
    isFirstRun: false,
    get current() {
      return this.value;
    },
    locked: {},
    onDidChange: changed.event,
    update: () => ({ errors: [], changed: false }),
    propose: () => ({ errors: [], desired: initial }),
    reload: jest.fn(),
  };
}

const waitFor = async(check: () => boolean) => {
  for (let i = 0; i < 200 && !check(); i++) {
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  expect(check()).toBe(true);
};

describe('AppBackendController', () => {
  let appHome: string;
  const settings = () => defaultSettings({ platform: 'linux', kernelMajor: 6, totalMemoryBytes: 8 * 2 ** 30, arch: 'x64' });

  beforeEach(() => {
    appHome = fs.mkdtempSync(path.join(os.tmpdir(), 'ctl-'));
  });
  afterEach(() => fs.rmSync(appHome, { recursive: true, force: true }));

  it('restarts through STOPPING/STARTING when a restart-requiring setting changes', async() => {
    const backend = new MockBackend({ logger: nullLogger, stepDelayMs: 1 });
    const service = fakeSettings(settings());
    const controller = new AppBackendController(backend, service, appHome, nullLogger);
    const states: State[] = [];

    await controller.start();
    backend.onDidChangeState((s) => states.push(s));
    service.value = { ...settings(), containerEngine: { ...settings().containerEngine, name: 'containerd' } };
    expect(await controller.applySettings(service.value)).toBe('restarting');
    await waitFor(() => states.at(-1) === State.STARTED);
    expect(states).toEqual([State.STOPPING, State.STOPPED, State.STARTING, State.STARTED]);
  });

  it('needs no restart for live settings', async() => {
    const backend = new MockBackend({ logger: nullLogger, stepDelayMs: 1 });
    const service = fakeSettings(settings());
    const controller = new AppBackendController(backend, service, appHome, nullLogger);

    await controller.start();
    expect(await controller.applySettings({ ...settings(), application: { ...settings().application, debug: true } })).toBe('no-restart');
  });

  it('defers a restart asked for while starting, and runs it once the start ends', async() => {
    const backend = new MockBackend({ logger: nullLogger, stepDelayMs: 20 });
    const service = fakeSettings(settings());
    const controller = new AppBackendController(backend, service, appHome, nullLogger);
    const states: State[] = [];

    backend.onDidChangeState((s) => states.push(s));
    const starting = controller.start();

    await waitFor(() => backend.state === State.STARTING);
    service.value = { ...settings(), containerEngine: { ...settings().containerEngine, name: 'containerd' } };
    expect(await controller.applySettings(service.value)).toBe('deferred');
    await starting;
    await waitFor(() => states.length === 6);
    expect(states).toEqual([State.STARTING, State.STARTED, State.STOPPING, State.STOPPED, State.STARTING, State.STARTED]);
    expect(await controller.restartReasons(service.value)).toEqual({});
  });

  it('reports the lock file and does not start while it exists', async() => {
    const backend = new MockBackend({ logger: nullLogger, stepDelayMs: 1 });
    const controller = new AppBackendController(backend, fakeSettings(settings()), appHome, nullLogger);

    fs.writeFileSync(path.join(appHome, 'backend.lock'), '{"action":"Creating snapshot"}');
    expect(controller.status()).toEqual({ vmState: State.STOPPED, locked: true });
    await expect(controller.start()).rejects.toThrow(UserError);
    expect(() => controller.requestState('STARTED')).toThrow(/backend\.lock/);
    expect(backend.state).toBe(State.STOPPED);
  });

  it('reloads settings from disk before a requested start', async() => {
    const backend = new MockBackend({ logger: nullLogger, stepDelayMs: 1 });
    const service = fakeSettings(settings());
    const controller = new AppBackendController(backend, service, appHome, nullLogger);

    controller.requestState('STARTED');
    await waitFor(() => backend.state === State.STARTED);
    expect(service.reload).toHaveBeenCalled();
  });

  it('a start requested while STOPPING runs once the stop has ended', async() => {
    const backend = new MockBackend({ logger: nullLogger, stepDelayMs: 20 });
    const controller = new AppBackendController(backend, fakeSettings(settings()), appHome, nullLogger);
    const states: State[] = [];

    await controller.start();
    backend.onDidChangeState((s) => states.push(s));
    controller.requestState('STOPPED');
    await waitFor(() => backend.state === State.STOPPING);
    controller.requestState('STARTED');
    await waitFor(() => states.length === 4);
    expect(states).toEqual([State.STOPPING, State.STOPPED, State.STARTING, State.STARTED]);
  });

  it('a stop requested while STARTING runs once the start has ended', async() => {
    const backend = new MockBackend({ logger: nullLogger, stepDelayMs: 20 });
    const controller = new AppBackendController(backend, fakeSettings(settings()), appHome, nullLogger);
    const states: State[] = [];

    backend.onDidChangeState((s) => states.push(s));
    controller.requestState('STARTED');
    await waitFor(() => backend.state === State.STARTING);
    controller.requestState('STOPPED');
    await waitFor(() => states.length === 4);
    expect(states).toEqual([State.STARTING, State.STARTED, State.STOPPING, State.STOPPED]);
  });

  it('a restart for changed settings asked for while STOPPING does not run between the stop and a start asked after it', async() => {
    const backend = new MockBackend({ logger: nullLogger, stepDelayMs: 10 });
    const service = fakeSettings(settings());
    const controller = new AppBackendController(backend, service, appHome, nullLogger);
    const states: State[] = [];

    await controller.start();
    backend.onDidChangeState((s) => states.push(s));
    const stopping = controller.stop();

    service.value = { ...settings(), containerEngine: { ...settings().containerEngine, name: 'containerd' } };
    expect(await controller.applySettings(service.value)).toBe('deferred');
    await stopping;
    await controller.start();
    expect(states).toEqual([State.STOPPING, State.STOPPED, State.STARTING, State.STARTED]);
    expect(await controller.restartReasons(service.value)).toEqual({});
  });

  it('a fast reset asked for while STARTING runs once the start has ended, and resolves only when it has run', async() => {
    const backend = new MockBackend({ logger: nullLogger, stepDelayMs: 20 });
    const controller = new AppBackendController(backend, fakeSettings(settings()), appHome, nullLogger);
    const steps: string[] = [];

    backend.onDidChangeProgress((p) => p.description && steps.at(-1) !== p.description && steps.push(p.description));
    const starting = controller.start();

    await waitFor(() => backend.state === State.STARTING);
    await controller.resetKubernetes('fast');
    expect(steps).toContain('Deleting the cluster\'s data');
    expect(steps.indexOf('Deleting the cluster\'s data')).toBeGreaterThan(steps.indexOf('Starting Kubernetes'));
    expect(backend.state).toBe(State.STARTED);
    await starting;
  });

  it('a fast reset asked for while STOPPING is refused once the stop has ended: nothing was reset', async() => {
    const backend = new MockBackend({ logger: nullLogger, stepDelayMs: 20 });
    const controller = new AppBackendController(backend, fakeSettings(settings()), appHome, nullLogger);
    const reset = jest.spyOn(backend, 'resetKubernetes');

    await controller.start();
    controller.requestState('STOPPED');
    await waitFor(() => backend.state === State.STOPPING);
    await expect(controller.resetKubernetes('fast')).rejects.toThrow(/Kubernetes is not running/);
    expect(backend.state).toBe(State.STOPPED);
    expect(reset).not.toHaveBeenCalled();
  });

  it('a wipe reset asked for while STARTING runs after the start: the VM is deleted and started again', async() => {
    const backend = new MockBackend({ logger: nullLogger, stepDelayMs: 10 });
    const controller = new AppBackendController(backend, fakeSettings(settings()), appHome, nullLogger);
    const states: State[] = [];

    backend.onDidChangeState((s) => states.push(s));
    const del = jest.spyOn(backend, 'del');
    const starting = controller.start();

    await controller.resetKubernetes('wipe');
    await starting;
    expect(del).toHaveBeenCalledTimes(1);
    expect(states).toEqual([State.STARTING, State.STARTED, State.STOPPING, State.STOPPED, State.STARTING, State.STARTED]);
  });

  it('a reset that fails in the backend rejects with its error, never resolves as if it had run', async() => {
    let failing = false;
    // A step that fails: the backend goes to ERROR, and its own promise resolves.
    const sleep = () => (failing ? Promise.reject(new Error('kube-apiserver did not come back')) : Promise.resolve());
    const backend = new MockBackend({ logger: nullLogger, sleep });
    const controller = new AppBackendController(backend, fakeSettings(settings()), appHome, nullLogger);

    await controller.start();
    failing = true;
    await expect(controller.resetKubernetes('fast')).rejects.toThrow('kube-apiserver did not come back');
    expect(backend.state).toBe(State.ERROR);
  });

  it('a shutdown refuses what waits its turn and stops after what runs', async() => {
    const backend = new MockBackend({ logger: nullLogger, stepDelayMs: 10 });
    const controller = new AppBackendController(backend, fakeSettings(settings()), appHome, nullLogger);
    const states: State[] = [];

    await controller.start();
    backend.onDidChangeState((s) => states.push(s));
    const stopping = controller.stop();
    const starting = controller.start();
    const reset = controller.resetKubernetes('fast');

    await controller.stopForShutdown();
    await stopping;
    await expect(starting).rejects.toThrow(/shutting down/);
    await expect(reset).rejects.toThrow(/shutting down/);
    expect(states).toEqual([State.STOPPING, State.STOPPED]);
    expect(backend.state).toBe(State.STOPPED);
  });
});
