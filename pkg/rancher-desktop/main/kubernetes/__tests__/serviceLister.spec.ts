import fs from 'node:fs';
import path from 'node:path';

import { BackendError } from '@pkg/utils/errors';
import { runProcess } from '@pkg/utils/node/processRunner';

import { kubectlServiceLister, parseServiceList } from '../serviceLister';
import { type FakeKubectl, makeFakeKubectl } from './fakeKubectl';

// The shape `kubectl get services -A -o json` prints, trimmed to what matters.
const LIST = {
  apiVersion: 'v1',
  kind: 'List',
  items: [
    { metadata: { name: 'web', namespace: 'default' }, spec: { ports: [{ name: 'metrics', port: 9090, protocol: 'TCP', targetPort: 9090 }, { name: 'http', port: 80, protocol: 'TCP', targetPort: 'http' }] } },
    { metadata: { name: 'kube-dns', namespace: 'kube-system' }, spec: { ports: [{ name: 'dns', port: 53, protocol: 'UDP' }, { name: 'dns-tcp', port: 53, protocol: 'TCP' }] } },
    { metadata: { name: 'kubernetes', namespace: 'default' }, spec: { ports: [{ name: 'https', port: 443, protocol: 'TCP' }] } },
    { metadata: { name: 'plain', namespace: 'apps' }, spec: { ports: [{ port: 8080 }] } },
    { metadata: { name: 'external', namespace: 'apps' }, spec: { type: 'ExternalName', externalName: 'example.com' } },
  ],
};

describe('parseServiceList', () => {
  it('gives one entry per port, sorted by namespace, name and port; Services without ports are left out', () => {
    expect(parseServiceList(JSON.stringify(LIST))).toEqual([
      { namespace: 'apps', name: 'plain', port: 8080, protocol: 'TCP' },
      { namespace: 'default', name: 'kubernetes', portName: 'https', port: 443, protocol: 'TCP' },
      { namespace: 'default', name: 'web', portName: 'http', port: 80, protocol: 'TCP' },
      { namespace: 'default', name: 'web', portName: 'metrics', port: 9090, protocol: 'TCP' },
      { namespace: 'kube-system', name: 'kube-dns', portName: 'dns-tcp', port: 53, protocol: 'TCP' },
      { namespace: 'kube-system', name: 'kube-dns', portName: 'dns', port: 53, protocol: 'UDP' },
    ]);
    expect(parseServiceList('{"items":[]}')).toEqual([]);
  });
});

describe('kubectlServiceLister', () => {
  let fake: FakeKubectl;

  beforeEach(() => {
    fake = makeFakeKubectl();
    fs.writeFileSync(path.join(fake.dir, 'services.json'), JSON.stringify(LIST));
    fake.target.env.FAKE_KUBECTL_SERVICES = path.join(fake.dir, 'services.json');
  });
  afterEach(() => fake.remove());

  it('asks kubectl for one namespace or all, in our context', async() => {
    const list = kubectlServiceLister(runProcess, fake.target);

    expect(await list()).toHaveLength(6);
    await list('default');
    expect(fake.runs().map((r) => r.args)).toEqual([
      ['--kubeconfig', `${ fake.dir }/kubeconfig`, '--context', 'rancher-desktop', 'get', 'services', '--all-namespaces', '--output', 'json', '--request-timeout', '20s'],
      ['--kubeconfig', `${ fake.dir }/kubeconfig`, '--context', 'rancher-desktop', 'get', 'services', '--namespace', 'default', '--output', 'json', '--request-timeout', '20s'],
    ]);
  });

  it('fails with kubectl\'s stderr, or when kubectl cannot run', async() => {
    fake.target.env.FAKE_KUBECTL_FAIL = 'The connection to the server 127.0.0.1:6443 was refused';
    const failure = kubectlServiceLister(runProcess, fake.target)();

    await expect(failure).rejects.toThrow(BackendError);
    await expect(failure).rejects.toThrow('Could not list the Kubernetes services: The connection to the server 127.0.0.1:6443 was refused');
    await expect(kubectlServiceLister(runProcess, { ...fake.target, kubectl: '/no/such/kubectl' })()).rejects.toThrow('Could not run /no/such/kubectl');
  });
});
