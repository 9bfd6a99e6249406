import { defaultSettings } from '@pkg/config/defaults';
import type { UiClient, UiEventName, UiEvents } from '@pkg/ipc/uiContract';

import { createRdStore } from '../store';
import { isSystemService } from '../store/portForwarding';

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

  it('follows the core\'s Service list, and forwards and cancels through the contract', async() => {
    const web = { namespace: 'default', name: 'web', port: 80, protocol: 'TCP' };
    let listen: number | undefined;
    const { client, calls, fire } = fakeClient({
      ...base,
      'portForwarding.list': () => [{ ...web, ...(listen ? { listenPort: listen } : {}) }],
      'portForwarding.forward': (_ns: string, name: string, _port: number, hostPort: number) => {
        if (name !== 'web') {
          throw new Error('the mock cluster has no Service default/nope with a port 80');
        }

        return (listen = hostPort || 30000);
      },
      'portForwarding.cancel': () => {
        listen = undefined;
      },
    });
    const store = createRdStore(client);

    fire('portForwarding.changed', [{ ...web, listenPort: 1234 }]);
    expect(store.state.portForwarding.services[0].listenPort).toBe(1234);
    expect(await store.dispatch('portForwarding/forward', { service: web, hostPort: 0 })).toBe(true);
    expect(store.state.portForwarding.services[0].listenPort).toBe(30000);
    await store.dispatch('portForwarding/cancel', web);
    expect(store.state.portForwarding.services[0].listenPort).toBeUndefined();
    expect(await store.dispatch('portForwarding/forward', { service: { ...web, name: 'nope' }, hostPort: 8080 })).toBe(false);
    expect(store.state.actionError).toBe('Could not forward default/nope:80: the mock cluster has no Service default/nope with a port 80');
    expect(calls.filter(([n]) => n.startsWith('portForwarding.') && n !== 'portForwarding.list')).toEqual([
      ['portForwarding.forward', ['default', 'web', 80, 0]],
      ['portForwarding.cancel', ['default', 'web', 80]],
      ['portForwarding.forward', ['default', 'nope', 80, 8080]],
    ]);
  });

  it('keeps the listing\'s failure for the page', async() => {
    const { client } = fakeClient({ ...base, 'portForwarding.list': () => Promise.reject(new Error('Could not list the Kubernetes services: refused')) });
    const store = createRdStore(client);

    await store.dispatch('portForwarding/fetch');
    expect(store.state.portForwarding).toMatchObject({ error: 'Could not list the Kubernetes services: refused', loading: false });
  });

  it('counts the cluster\'s own Services as system services', () => {
    expect(isSystemService({ namespace: 'kube-system', name: 'kube-dns', port: 53 })).toBe(true);
    expect(isSystemService({ namespace: 'default', name: 'kubernetes', port: 443 })).toBe(true);
    expect(isSystemService({ namespace: 'default', name: 'web', port: 80 })).toBe(false);
  });
});
