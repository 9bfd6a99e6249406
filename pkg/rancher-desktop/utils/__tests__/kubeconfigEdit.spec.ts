import yaml from 'js-yaml';

import { hasContext, type KubeEntries, mergeKubeconfig, removeFromKubeconfig } from '../kubeconfigEdit';

const ours = (server = 'https://127.0.0.1:6443'): KubeEntries => ({
  clusters: { cluster: { server, 'certificate-authority-data': 'Q0E=' } },
  users: { user: { 'client-certificate-data': 'Q0VSVA==', 'client-key-data': 'S0VZ' } },
  contexts: { context: { cluster: 'rancher-desktop', user: 'rancher-desktop' } },
});

// What kubectl writes, plus a user's comments, quoting and indentation choices.
const USERS_FILE = `apiVersion: v1
clusters:
- cluster:
    certificate-authority-data: QUJD   # prod CA
    server: "https://prod.example:443"
  name: prod
- cluster:
    insecure-skip-tls-verify: true
    server: https://10.0.0.5:6443
  name: 'lab'
contexts:
- context:
    cluster: prod
    namespace: payments
    user: me@prod
  name: prod
- context: {cluster: lab, user: admin}
  name: lab
current-context: lab
kind: Config
preferences: {}
users:
  # indented users, as some tools write them
  - name: me@prod
    user:
      exec:
        apiVersion: client.authentication.k8s.io/v1beta1
        command: aws
        args: [eks, get-token]
  - name: admin
    user:
      token: s3cret
`;

const load = (text: string) => yaml.load(text) as Record<string, any>;
const names = (doc: Record<string, any>, section: string) => (doc[section] ?? []).map((e: { name: string }) => e.name);

describe('kubeconfig edits', () => {
  it('adds cluster, user and context, keeping every other byte and the current context', () => {
    const merged = mergeKubeconfig(USERS_FILE, 'rancher-desktop', ours());
    const doc = load(merged);

    expect(names(doc, 'clusters')).toEqual(['prod', 'lab', 'rancher-desktop']);
    expect(names(doc, 'users')).toEqual(['me@prod', 'admin', 'rancher-desktop']);
    expect(names(doc, 'contexts')).toEqual(['prod', 'lab', 'rancher-desktop']);
    expect(doc['current-context']).toBe('lab');
    expect(doc.clusters[2].cluster.server).toBe('https://127.0.0.1:6443');
    expect(doc.contexts[2].context).toEqual({ cluster: 'rancher-desktop', user: 'rancher-desktop' });
    // Only insertions: removing them gives the user's file back, byte for byte.
    expect(removeFromKubeconfig(merged, 'rancher-desktop')).toBe(USERS_FILE);
  });

  it('keeps the indentation of an indented sequence for the entry it adds', () => {
    const merged = mergeKubeconfig(USERS_FILE, 'rancher-desktop', ours());

    expect(merged).toContain('      token: s3cret\n  - name: rancher-desktop\n    user:\n');
  });

  it('replaces its own older entries instead of adding twice', () => {
    const once = mergeKubeconfig(USERS_FILE, 'rancher-desktop', ours());
    const twice = mergeKubeconfig(once, 'rancher-desktop', ours('https://127.0.0.1:7443'));
    const doc = load(twice);

    expect(names(doc, 'clusters')).toEqual(['prod', 'lab', 'rancher-desktop']);
    expect(doc.clusters[2].cluster.server).toBe('https://127.0.0.1:7443');
    expect(removeFromKubeconfig(twice, 'rancher-desktop')).toBe(USERS_FILE);
  });

  it('makes a new file with our context current', () => {
    const doc = load(mergeKubeconfig('', 'rancher-desktop', ours()));

    expect(doc).toMatchObject({ 'apiVersion': 'v1', 'kind': 'Config', 'current-context': 'rancher-desktop' });
    expect(names(doc, 'contexts')).toEqual(['rancher-desktop']);
  });

  it('sets current-context only when there is none, and takes it out again', () => {
    const empty = 'apiVersion: v1\nclusters: []\ncontexts: null\ncurrent-context: ""\nkind: Config\nusers:\n';
    const merged = mergeKubeconfig(empty, 'rancher-desktop', ours());
    const doc = load(merged);

    expect(doc['current-context']).toBe('rancher-desktop');
    expect(names(doc, 'users')).toEqual(['rancher-desktop']);
    expect(load(removeFromKubeconfig(merged, 'rancher-desktop'))).toEqual({ apiVersion: 'v1', clusters: null, contexts: null, kind: 'Config', users: null });
  });

  it('keeps the values of entries a flow sequence held', () => {
    const flow = 'apiVersion: v1\ncontexts: [{name: a, context: {cluster: x}}]\ncurrent-context: a\n';
    const doc = load(mergeKubeconfig(flow, 'rancher-desktop', ours()));

    expect(doc.contexts).toEqual([{ name: 'a', context: { cluster: 'x' } }, { name: 'rancher-desktop', context: ours().contexts.context }]);
    expect(doc['current-context']).toBe('a');
  });

  it('refuses a file that is not a kubeconfig, changing nothing', () => {
    expect(() => mergeKubeconfig('clusters: [unclosed', 'rancher-desktop', ours())).toThrow('not valid YAML');
    expect(() => mergeKubeconfig('- a list', 'rancher-desktop', ours())).toThrow('not a YAML mapping');
  });

  it('tells which file holds a context', () => {
    expect(hasContext(USERS_FILE, 'lab')).toBe(true);
    expect(hasContext(USERS_FILE, 'rancher-desktop')).toBe(false);
    expect(hasContext(': :', 'lab')).toBe(false);
  });
});
