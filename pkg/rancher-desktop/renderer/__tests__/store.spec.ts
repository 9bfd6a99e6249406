import { defaultSettings } from '@pkg/config/defaults';
import type { UiClient, UiEventName, UiEvents } from '@pkg/ipc/uiContract';

import { createRdStore } from '../store';

const settings = defaultSettings({ platform: 'linux', kernelMajor: 6, totalMemoryBytes: 8 * 2 ** 30, arch: 'x64' });

/** A client whose replies the test sets, and whose events the test fires. */
function fakeClient(replies: Record<string, (...args: any[]) => unknown>) {
  const listeners = new Map<string, ((p: unknown) => void)[]>();
  const calls: [string, unknown[]][] = [];
  const client: UiClient = {
    request: (async(name: string, ...args: unknown[]) => {
      calls.push([name, args]);
      const reply = replies[name];

      if (!reply) {
        throw new Error(`unexpected request ${ name }`);
      }

      return reply(...args);
    }) as UiClient['request'],
    on: (name, listener) => {
      listeners.set(name, [...(listeners.get(name) ?? []), listener as (p: unknown) => void]);

      return () => {};
    },
  };
  const fire = <E extends UiEventName>(name: E, payload: UiEvents[E]) => listeners.get(name)?.forEach((l) => l(payload));

  return { client, calls, fire };
}

const base = {
  'app.about': () => ({ version: '1.0', platform: 'linux', arch: 'x64', logsDir: '/l', shell: 'headless' }),
  'backend.status': () => ({ state: 'STARTED', progress: { current: 0, max: 0 } }),
  'settings.get': () => settings,
  'settings.locked': () => ({ kubernetes: { enabled: true } }),
};

describe('renderer store', () => {
  it('loads about, backend, settings and locks when the connection comes up', async() => {
    const { client } = fakeClient(base);
    let up: (v: boolean) => void = () => {};
    const store = createRdStore(client, (l) => (up = l));

    up(true);
    await new Promise((r) => setTimeout(r, 0));
    expect(store.state.connected).toBe(true);
    expect(store.state.backend.state).toBe('STARTED');
    expect(store.state.settings?.containerEngine.name).toBe('moby');
    expect(store.state.locked).toEqual({ kubernetes: { enabled: true } });
  });

  it('follows backend and settings events without asking', () => {
    const { client, fire, calls } = fakeClient(base);
    const store = createRdStore(client);

    fire('backend.changed', { state: 'STARTING', progress: { current: 1, max: 3, description: 'Starting virtual machine' } });
    fire('settings.changed', { ...settings, application: { ...settings.application, theme: 'dark' } });
    expect(store.state.backend.progress.description).toBe('Starting virtual machine');
    expect(store.state.settings?.application.theme).toBe('dark');
    expect(calls).toEqual([]);
  });

  it('re-reads the list an action changed, and passes on the engine\'s error', async() => {
    const containers = [{ id: 'a', names: ['web'], image: 'x', state: 'running', status: '', ports: [], created: 0 }];
    const { client, calls } = fakeClient({
      ...base,
      'containers.list': () => containers,
      'containers.stop': (id: string) => {
        if (id !== 'a') {
          throw new Error(`No such container: ${ id }`);
        }
        containers[0].state = 'exited';
      },
    });
    const store = createRdStore(client);

    expect(await store.dispatch('engine/act', { request: 'containers.stop', args: ['a'], refresh: 'Containers' })).toBe(true);
    expect(store.state.engine.containers[0].state).toBe('exited');
    expect(await store.dispatch('engine/act', { request: 'containers.stop', args: ['zz'], refresh: 'Containers' })).toBe(false);
    expect(store.state.actionError).toBe('No such container: zz');
    expect(calls.filter(([n]) => n === 'containers.list')).toHaveLength(2);
  });

  it('shows the validator\'s refusal of a page\'s setting change', async() => {
    const { client } = fakeClient({ ...base, 'settings.update': () => ({ errors: ['field "containers.showAll" is locked'] }) });
    const store = createRdStore(client);

    await store.dispatch('updateSettings', { containers: { showAll: false } });
    expect(store.state.actionError).toBe('field "containers.showAll" is locked');
  });

  it('keeps a list\'s failure for its page', async() => {
    const { client } = fakeClient({ ...base, 'images.namespaces': () => ['default'], 'images.list': () => Promise.reject(new Error('The container engine is not running')) });
    const store = createRdStore(client);

    await store.dispatch('engine/fetchImages');
    expect(store.state.engine.errors.images).toBe('The container engine is not running');
    expect(store.state.engine.loading.images).toBe(false);
  });

  it('asks for the containerd namespace only when containerd runs', async() => {
    const { client, calls, fire } = fakeClient({ ...base, 'volumes.list': () => [] });
    const store = createRdStore(client);

    fire('settings.changed', settings);
    await store.dispatch('engine/fetchVolumes');
    fire('settings.changed', { ...settings, containerEngine: { ...settings.containerEngine, name: 'containerd' }, containers: { showAll: true, namespace: 'k8s.io' } });
    await store.dispatch('engine/fetchVolumes');
    expect(calls.filter(([n]) => n === 'volumes.list').map(([, a]) => a)).toEqual([[undefined], ['k8s.io']]);
  });
});
