import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { MockBackend } from '@pkg/backend/mock/mockBackend';
import { defaultSettings } from '@pkg/config/defaults';
import type { Settings } from '@pkg/config/settingsTypes';
import { State } from '@pkg/ipc/backendState';
import { Emitter } from '@pkg/utils/emitter';
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
    await controller.start();
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
});
