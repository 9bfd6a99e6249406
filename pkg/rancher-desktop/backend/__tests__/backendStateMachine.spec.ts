import { defaultSettings } from '@pkg/config/defaults';
import { type Progress, State } from '@pkg/ipc/backendState';
import { BackendError, UserError } from '@pkg/utils/errors';
import { nullLogger } from '@pkg/utils/logger';

import { BackendStateMachine, type BackendSteps } from '../backendStateMachine';

const settings = () => defaultSettings({ platform: 'linux', kernelMajor: 6, totalMemoryBytes: 8 * 2 ** 30, arch: 'x64' });

/** A step that ends only when the test says so. */
function gate() {
  let open!: () => void;
  let fail!: (error: Error) => void;
  const passed = new Promise<void>((resolve, reject) => {
    open = resolve;
    fail = reject;
  });

  return { passed, open, fail };
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('BackendStateMachine', () => {
  let calls: string[];
  let startGate: ReturnType<typeof gate> | undefined;
  let stopGate: ReturnType<typeof gate> | undefined;
  let machine: BackendStateMachine;
  let states: State[];

  beforeEach(() => {
    calls = [];
    startGate = undefined;
    stopGate = undefined;
    const steps: BackendSteps = {
      start: async(_settings, from) => {
        calls.push(`start from ${ from }`);
        machine.tracker.begin(1);
        await machine.tracker.step('Starting', () => startGate?.passed ?? Promise.resolve());

        return State.DISABLED;
      },
      stop: async(from) => {
        calls.push(`stop from ${ from }`);
        await (stopGate?.passed ?? Promise.resolve());
      },
      delete: () => {
        calls.push('delete');

        return Promise.resolve();
      },
    };

    machine = new BackendStateMachine({ logger: nullLogger, logPrefix: 'state ' }, steps);
    states = [];
    machine.onDidChangeState((s) => states.push(s));
  });

  it('a start asked for while STOPPING runs once the stop has ended', async() => {
    await machine.start(settings());
    stopGate = gate();
    const stopping = machine.stop();

    expect(machine.state).toBe(State.STOPPING);
    const starting = machine.start(settings());

    await flush();
    expect(machine.state).toBe(State.STOPPING);
    stopGate.open();
    await Promise.all([stopping, starting]);
    expect(machine.state).toBe(State.DISABLED);
    expect(states).toEqual([State.STARTING, State.DISABLED, State.STOPPING, State.STOPPED, State.STARTING, State.DISABLED]);
    expect(calls).toEqual(['start from STOPPED', 'stop from DISABLED', 'start from STOPPED']);
  });

  it('a stop asked for while STARTING runs once the start has ended', async() => {
    startGate = gate();
    const starting = machine.start(settings());
    const stopping = machine.stop();

    await flush();
    expect(machine.state).toBe(State.STARTING);
    startGate.open();
    await Promise.all([starting, stopping]);
    expect(states).toEqual([State.STARTING, State.DISABLED, State.STOPPING, State.STOPPED]);
  });

  it('stop, start, stop asked for while STARTING all run, in order', async() => {
    startGate = gate();
    const requests = [machine.start(settings()), machine.stop(), machine.start(settings()), machine.stop()];

    startGate.open();
    await Promise.all(requests);
    expect(calls).toEqual(['start from STOPPED', 'stop from DISABLED', 'start from STOPPED', 'stop from DISABLED']);
    expect(machine.state).toBe(State.STOPPED);
  });

  it('the same request again while it runs joins it: one start, one stop', async() => {
    startGate = gate();
    const first = machine.start(settings());
    const second = machine.start(settings());

    expect(second).toBe(first);
    startGate.open();
    await second;
    expect(calls).toEqual(['start from STOPPED']);
    await machine.start(settings());
    expect(calls).toEqual(['start from STOPPED']);
    await Promise.all([machine.stop(), machine.stop()]);
    await machine.stop();
    expect(calls).toEqual(['start from STOPPED', 'stop from DISABLED']);
  });

  it('a failed start is ERROR with lastError and no progress left; a start from ERROR runs again', async() => {
    const progress: Progress[] = [];

    machine.tracker.onDidChange((p) => progress.push(p));
    startGate = gate();
    const starting = machine.start(settings());

    startGate.fail(new Error('qemu exited'));
    await starting;
    expect(machine.state).toBe(State.ERROR);
    expect(machine.lastError).toBeInstanceOf(BackendError);
    expect(machine.lastError?.message).toBe('qemu exited');
    expect(progress.at(-1)).toMatchObject({ current: 0, max: 0 });
    startGate = undefined;
    await machine.start(settings());
    expect(machine.state).toBe(State.DISABLED);
    expect(machine.lastError).toBeUndefined();
    expect(calls).toEqual(['start from STOPPED', 'start from ERROR']);
  });

  it('a failed stop is ERROR; a stop from ERROR runs the stop steps again', async() => {
    await machine.start(settings());
    stopGate = gate();
    const stopping = machine.stop();

    stopGate.fail(new BackendError('limactl stop failed'));
    await stopping;
    expect(machine.state).toBe(State.ERROR);
    expect(machine.lastError?.message).toBe('limactl stop failed');
    stopGate = undefined;
    await machine.stop();
    expect(machine.state).toBe(State.STOPPED);
    expect(calls.at(-1)).toBe('stop from ERROR');
  });

  it('a Kubernetes change asked for while STARTING runs once the start has ended', async() => {
    startGate = gate();
    const starting = machine.start(settings());
    const change = machine.changeKubernetes('Kubernetes reset', () => {
      calls.push('reset');

      return Promise.resolve(State.STARTED);
    });

    await flush();
    expect(calls).toEqual(['start from STOPPED']);
    startGate.open();
    await Promise.all([starting, change]);
    expect(calls).toEqual(['start from STOPPED', 'reset']);
    expect(states).toEqual([State.STARTING, State.DISABLED, State.STARTING, State.STARTED]);
  });

  it('a Kubernetes change is refused with a UserError when the VM is not running then, and runs nothing', async() => {
    const body = jest.fn(() => Promise.resolve(State.STARTED));

    await expect(machine.changeKubernetes('Kubernetes reset', body)).rejects.toThrow(UserError);
    await machine.start(settings());
    stopGate = gate();
    const stopping = machine.stop();
    const change = machine.changeKubernetes('Kubernetes reset', body);

    stopGate.open();
    await stopping;
    await expect(change).rejects.toThrow(/not running/);
    await machine.start(settings());
    await expect(machine.changeKubernetes('Kubernetes reset', body, (state) => (state === State.STARTED ? undefined : new UserError('unsupported', 'Kubernetes is off'))))
      .rejects.toThrow('Kubernetes is off');
    expect(body).not.toHaveBeenCalled();
  });

  it('a failed Kubernetes change is ERROR with lastError', async() => {
    await machine.start(settings());
    await machine.changeKubernetes('Kubernetes restart', () => Promise.reject(new Error('apiserver did not answer')));
    expect(machine.state).toBe(State.ERROR);
    expect(machine.lastError?.message).toBe('apiserver did not answer');
  });

  it('del stops first, and a start asked for meanwhile runs after the delete', async() => {
    await machine.start(settings());
    stopGate = gate();
    const deleting = machine.del();
    const starting = machine.start(settings());

    stopGate.open();
    await Promise.all([deleting, starting]);
    expect(calls).toEqual(['start from STOPPED', 'stop from DISABLED', 'delete', 'start from STOPPED']);
  });

  it('a crash is ERROR only while running', async() => {
    expect(machine.crash(new BackendError('QEMU died'))).toBe(false);
    expect(machine.state).toBe(State.STOPPED);
    await machine.start(settings());
    expect(machine.crash(new BackendError('QEMU died'))).toBe(true);
    expect(machine.state).toBe(State.ERROR);
    expect(machine.lastError?.message).toBe('QEMU died');
  });

  it('reports a failure through the backend\'s own reporter', async() => {
    const reported: string[] = [];
    const failing = new BackendStateMachine({
      logger: nullLogger,
      logPrefix: '',
      reportFailure: (error, what) => {
        reported.push(`${ what }: ${ error.message }`);

        return Promise.resolve();
      },
    }, { start: () => Promise.reject(new Error('no KVM')), stop: () => Promise.resolve(), delete: () => Promise.resolve() });

    await failing.start(settings());
    expect(reported).toEqual(['start: no KVM']);
  });
});
