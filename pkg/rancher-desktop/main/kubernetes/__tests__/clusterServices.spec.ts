import fs from 'node:fs';
import path from 'node:path';

import { State } from '@pkg/ipc/backendState';
import type { ServiceEntry } from '@pkg/ipc/kubernetes';
import { Emitter } from '@pkg/utils/emitter';
import { UserError } from '@pkg/utils/errors';
import { nullLogger } from '@pkg/utils/logger';

import type { BackendController } from '../../coreServices';
import { ClusterServices, withListenPorts } from '../clusterServices';
import { createKubernetesService } from '../createKubernetesService';
import { mockAnswer, mockServiceLister, MockPortForwarder, MOCK_SERVICES } from '../mockCluster';
import { type FakeKubectl, freePort, makeFakeKubectl, readFrom, waitFor } from './fakeKubectl';

function fakeBackend(initial: State = State.STARTED) {
  const changed = new Emitter<State>();
  const backend = {
    state: initial,
    onDidChangeState: changed.event,
    set(state: State) {
      this.state = state;
      changed.fire(state);
    },
  };

  return backend;
}

describe('withListenPorts', () => {
  it('gives each Service port the host port of its forward, by port number or name', () => {
    const entries: ServiceEntry[] = [
      { namespace: 'default', name: 'web', portName: 'http', port: 80 },
      { namespace: 'default', name: 'web', portName: 'metrics', port: 9090 },
      { namespace: 'other', name: 'web', port: 80 },
    ];

    expect(withListenPorts(entries, [
      { namespace: 'default', service: 'web', k8sPort: '80', hostPort: 8080 },
      { namespace: 'default', service: 'web', k8sPort: 'metrics', hostPort: 9999 },
    ])).toEqual([
      { namespace: 'default', name: 'web', portName: 'http', port: 80, listenPort: 8080 },
      { namespace: 'default', name: 'web', portName: 'metrics', port: 9090, listenPort: 9999 },
      { namespace: 'other', name: 'web', port: 80 },
    ]);
  });
});

describe('ClusterServices on the mock cluster', () => {
  let backend: ReturnType<typeof fakeBackend>;
  let k8s: ClusterServices;
  let events: ServiceEntry[][];

  beforeEach(() => {
    backend = fakeBackend();
    k8s = new ClusterServices({ backend, lister: mockServiceLister, forwarder: new MockPortForwarder(nullLogger), logger: nullLogger });
    events = [];
    k8s.onDidChangeServices((list) => events.push(list));
  });
  afterEach(() => backend.set(State.STOPPED));

  it('lists the Services, one namespace or all', async() => {
    expect(await k8s.listServices()).toEqual(MOCK_SERVICES);
    expect((await k8s.listServices('kube-system')).map((s) => s.name)).toEqual(['kube-dns', 'kube-dns']);
  });

  it('forwards a port that really answers, shows it in the list and tells listeners; cancel undoes all of it', async() => {
    const port = await k8s.forwardPort('default', 'web', 'http', 0);

    expect(await readFrom(port)).toBe(mockAnswer(MOCK_SERVICES[1]));
    expect(await readFrom(port)).toContain('Rancher Desktop mock service default/web:80\n');
    expect((await k8s.listServices('default')).find((s) => s.port === 80)?.listenPort).toBe(port);
    await waitFor(() => events.length === 1);
    expect(events[0].find((s) => s.name === 'web' && s.port === 80)?.listenPort).toBe(port);

    await k8s.cancelForward('default', 'web', 'http');
    await expect(readFrom(port)).rejects.toThrow(/ECONNREFUSED/);
    await waitFor(() => events.length === 2);
    expect(events[1].some((s) => s.listenPort)).toBe(false);
  });

  it('listens on the host port asked for; a second forward of the same port replaces the first', async() => {
    const wanted = await freePort();

    expect(await k8s.forwardPort('default', 'web', 80, wanted)).toBe(wanted);
    const other = await k8s.forwardPort('default', 'web', '80', 0);

    expect(other).not.toBe(wanted);
    await expect(readFrom(wanted)).rejects.toThrow(/ECONNREFUSED/);
    expect((await k8s.listServices()).filter((s) => s.listenPort).map((s) => s.listenPort)).toEqual([other]);
  });

  it('says why a forward cannot be made', async() => {
    await expect(k8s.forwardPort('default', 'nope', 80, 0)).rejects.toThrow('the mock cluster has no Service default/nope with a port 80');
    await expect(k8s.forwardPort('', 'web', 80, 0)).rejects.toThrow('namespace and service must be non-empty strings');
    await expect(k8s.forwardPort('default', 'web', 0, 0)).rejects.toThrow('k8sPort must be a port number (1-65535) or a port name, not 0');
    await expect(k8s.forwardPort('default', 'web', 80, 70000)).rejects.toThrow('hostPort must be a port number (1-65535), or 0 for any free port, not 70000');
    const taken = await k8s.forwardPort('default', 'kubernetes', 443, 0);

    await expect(k8s.forwardPort('default', 'web', 80, taken)).rejects.toThrow(`unable to listen on 127.0.0.1:${ taken }`);
  });

  it('while Kubernetes is not running: no Services, forwards refused, cancel harmless', async() => {
    backend.set(State.DISABLED);
    expect(await k8s.listServices()).toEqual([]);
    const refused = k8s.forwardPort('default', 'web', 80, 0);

    await expect(refused).rejects.toThrow(UserError);
    await expect(refused).rejects.toThrow('Kubernetes is not running (the backend is DISABLED)');
    await expect(k8s.cancelForward('default', 'web', 80)).resolves.toBeUndefined();
  });

  it('ends every forward when the backend leaves STARTED, and tells listeners on each state change', async() => {
    const port = await k8s.forwardPort('default', 'web', 80, 0);

    await waitFor(() => events.length === 1);
    backend.set(State.STARTING);
    await waitFor(() => events.length === 2);
    expect(events[1]).toEqual([]);
    await waitFor(async() => (await readFrom(port).then(() => false, () => true)));
    backend.set(State.STARTED);
    await waitFor(() => events.length === 3);
    expect(events[2]).toEqual(MOCK_SERVICES);
  });
});

describe('createKubernetesService', () => {
  let fake: FakeKubectl;

  beforeEach(() => {
    fake = makeFakeKubectl();
  });
  afterEach(() => fake.remove());

  it('drives the bundled kubectl with the user\'s kubeconfig for a real backend', async() => {
    const bin = path.join(fake.dir, 'resources', 'linux', 'bin');
    const services = path.join(fake.dir, 'services.json');

    fs.mkdirSync(bin, { recursive: true });
    fs.copyFileSync(fake.target.kubectl, path.join(bin, 'kubectl'));
    fs.writeFileSync(services, JSON.stringify({ items: [{ metadata: { name: 'web', namespace: 'default' }, spec: { ports: [{ name: 'http', port: 80, protocol: 'TCP' }] } }] }));
    const backend = fakeBackend();
    const k8s = createKubernetesService({
      backendName: 'lima', backend: backend as unknown as BackendController, resources: path.join(fake.dir, 'resources'), platform: 'linux', home: '/home/me',
      env: { ...fake.target.env, FAKE_KUBECTL_SERVICES: services, KUBECONFIG: '' }, logger: nullLogger,
    });
    const port = await k8s.forwardPort('default', 'web', 80, 0);

    expect(await k8s.listServices()).toEqual([{ namespace: 'default', name: 'web', portName: 'http', port: 80, protocol: 'TCP', listenPort: port }]);
    expect(fake.runs()[0].args.slice(0, 4)).toEqual(['--kubeconfig', '/home/me/.kube/config', '--context', 'rancher-desktop']);
    expect(await readFrom(port)).toBe('fake default/web:80\n');
    backend.set(State.STOPPING);
    await waitFor(async() => (await readFrom(port).then(() => false, () => true)));
  });

  it('simulates the cluster for the mock backend', async() => {
    const backend = fakeBackend();
    const k8s = createKubernetesService({ backendName: 'mock', backend: backend as unknown as BackendController, resources: '/none', platform: 'linux', home: '/home/me', env: {}, logger: nullLogger });

    expect(await k8s.listServices()).toEqual(MOCK_SERVICES);
    backend.set(State.STOPPED);
  });
});
