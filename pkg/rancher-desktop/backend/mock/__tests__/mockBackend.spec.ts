import { defaultSettings } from '@pkg/config/defaults';
import { type Progress, State } from '@pkg/ipc/backendState';
import { nullLogger } from '@pkg/utils/logger';

import { MockBackend } from '../mockBackend';

const settings = () => defaultSettings({ platform: 'linux', kernelMajor: 6, totalMemoryBytes: 8 * 2 ** 30, arch: 'x64' });
const instant = () => Promise.resolve();

describe('MockBackend', () => {
  it('walks STOPPED → STARTING → STARTED with progress, and back through STOPPING', async() => {
    const backend = new MockBackend({ logger: nullLogger, sleep: instant });
    const states: State[] = [];
    const progress: Progress[] = [];

    backend.onDidChangeState((s) => states.push(s));
    backend.onDidChangeProgress((p) => progress.push(p));
    await backend.start(settings());
    expect(backend.state).toBe(State.STARTED);
    expect(progress.some((p) => p.max === 4 && p.description === 'Starting Kubernetes')).toBe(true);
    expect(progress.at(-1)).toMatchObject({ current: 0, max: 0 });
    await backend.stop();
    expect(states).toEqual([State.STARTING, State.STARTED, State.STOPPING, State.STOPPED]);
  });

  it('ends in DISABLED when Kubernetes is off', async() => {
    const backend = new MockBackend({ logger: nullLogger, sleep: instant });
    const cfg = settings();

    cfg.kubernetes.enabled = false;
    await backend.start(cfg);
    expect(backend.state).toBe(State.DISABLED);
  });

  it('does not start twice when asked again while starting', async() => {
    const backend = new MockBackend({ logger: nullLogger, sleep: instant });
    const states: State[] = [];

    backend.onDidChangeState((s) => states.push(s));
    await Promise.all([backend.start(settings()), backend.start(settings())]);
    expect(states).toEqual([State.STARTING, State.STARTED]);
  });

  it('starts again when a start is asked for while STOPPING, and stops after a start when asked while STARTING', async() => {
    const backend = new MockBackend({ logger: nullLogger, stepDelayMs: 5 });
    const states: State[] = [];

    backend.onDidChangeState((s) => states.push(s));
    await backend.start(settings());
    const stopping = backend.stop();

    expect(backend.state).toBe(State.STOPPING);
    await Promise.all([stopping, backend.start(settings())]);
    expect(states).toEqual([State.STARTING, State.STARTED, State.STOPPING, State.STOPPED, State.STARTING, State.STARTED]);
    expect(backend.state).toBe(State.STARTED);
    await backend.stop();
    states.length = 0;
    const starting = backend.start(settings());

    expect(backend.state).toBe(State.STARTING);
    await Promise.all([starting, backend.stop()]);
    expect(states).toEqual([State.STARTING, State.STARTED, State.STOPPING, State.STOPPED]);
  });

  it('goes to ERROR when a start step fails, and can start again after', async() => {
    const failing = new MockBackend({ logger: nullLogger, sleep: instant, failStart: true });

    await failing.start(settings());
    expect(failing.state).toBe(State.ERROR);
    await expect(failing.executor.exec(['true'])).rejects.toThrow('not running');
  });

  it('reports restart reasons only against a running configuration', async() => {
    const backend = new MockBackend({ logger: nullLogger, sleep: instant });
    const desired = settings();

    desired.containerEngine.name = 'containerd';
    expect(await backend.requiresRestartReasons(desired)).toEqual({});
    await backend.start(settings());
    expect(Object.keys(await backend.requiresRestartReasons(desired))).toEqual(['containerEngine.name']);
  });
});
