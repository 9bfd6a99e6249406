import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { kubeconfigFileFor, removeKubeconfigEntries, writeKubeconfigEntries } from '../kubeconfigFile';

const entries = {
  clusters: { cluster: { server: 'https://127.0.0.1:6443' } },
  users: { user: { 'client-certificate-data': 'Y2VydA==', 'client-key-data': 'a2V5' } },
  contexts: { context: { cluster: 'rancher-desktop', user: 'rancher-desktop' } },
};
const MINE = 'apiVersion: v1\nclusters:\n- cluster:\n    server: https://a\n  name: a\ncontexts:\n- context:\n    cluster: a\n    user: a\n  name: a\n- context:\n    cluster: a\n    user: b\n  name: b\ncurrent-context: b\nkind: Config\nusers:\n- name: a\n  user: {}\n- name: b\n  user: {}\n';

describe('the kubeconfig file', () => {
  let home: string;

  beforeEach(() => {
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'kubefile-'));
  });
  afterEach(() => fs.rmSync(home, { recursive: true, force: true }));

  it('is ~/.kube/config unless a $KUBECONFIG file already holds our context', () => {
    const a = path.join(home, 'a');
    const b = path.join(home, 'b');

    fs.writeFileSync(a, MINE);
    expect(kubeconfigFileFor(home, { KUBECONFIG: `${ a }${ path.delimiter }${ b }` })).toBe(path.join(home, '.kube', 'config'));
    writeKubeconfigEntries(b, entries);
    expect(kubeconfigFileFor(home, { KUBECONFIG: `${ a }${ path.delimiter }${ b }` })).toBe(b);
  });

  it('creates a private file, and deletes it again when ours was all it held', () => {
    const file = path.join(home, '.kube', 'config');

    writeKubeconfigEntries(file, entries);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.statSync(path.dirname(file)).mode & 0o777).toBe(0o700);
    expect(fs.readFileSync(file, 'utf8')).toContain('current-context: rancher-desktop');
    expect(removeKubeconfigEntries(file)).toBe(true);
    expect(fs.existsSync(file)).toBe(false);
  });

  it('gives a user\'s file back byte for byte, made 0600 once it held our client key', () => {
    const file = path.join(home, '.kube', 'config');

    fs.mkdirSync(path.dirname(file));
    fs.writeFileSync(file, MINE);
    fs.chmodSync(file, 0o644);
    writeKubeconfigEntries(file, entries);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    writeKubeconfigEntries(file, { ...entries, clusters: { cluster: { server: 'https://127.0.0.1:7443' } } });
    expect(fs.readFileSync(file, 'utf8')).toContain('current-context: b');
    expect(removeKubeconfigEntries(file)).toBe(true);
    expect(fs.readFileSync(file, 'utf8')).toBe(MINE);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(removeKubeconfigEntries(file)).toBe(false);
  });

  it('keeps the mode of a file whose entries hold no secret', () => {
    const file = path.join(home, 'config');

    fs.writeFileSync(file, MINE);
    fs.chmodSync(file, 0o640);
    writeKubeconfigEntries(file, { ...entries, users: { user: { exec: { command: 'helper' } } } });
    expect(fs.statSync(file).mode & 0o777).toBe(0o640);
  });

  it('writes through a symlinked ~/.kube/config into the dotfiles file, and gives that file back', () => {
    const target = path.join(home, 'dotfiles', 'kubeconfig');
    const file = path.join(home, '.kube', 'config');

    fs.mkdirSync(path.dirname(target));
    fs.mkdirSync(path.dirname(file));
    fs.writeFileSync(target, MINE);
    fs.chmodSync(target, 0o644);
    fs.symlinkSync(path.join('..', 'dotfiles', 'kubeconfig'), file);

    writeKubeconfigEntries(file, entries);
    expect(fs.lstatSync(file).isSymbolicLink()).toBe(true);
    expect(fs.statSync(target).mode & 0o777).toBe(0o600);
    expect(fs.readFileSync(target, 'utf8')).toContain('name: rancher-desktop');
    expect(fs.readdirSync(path.dirname(file))).toEqual(['config']);

    expect(removeKubeconfigEntries(file)).toBe(true);
    expect(fs.lstatSync(file).isSymbolicLink()).toBe(true);
    expect(fs.readFileSync(target, 'utf8')).toBe(MINE);
  });

  it('keeps a symlinked kubeconfig that ours was all of, as a link', () => {
    const target = path.join(home, 'dotfiles', 'kubeconfig');
    const file = path.join(home, 'config');

    fs.mkdirSync(path.dirname(target));
    fs.symlinkSync(target, file);
    writeKubeconfigEntries(file, entries);
    expect(removeKubeconfigEntries(file)).toBe(true);
    expect(fs.lstatSync(file).isSymbolicLink()).toBe(true);
    expect(fs.readFileSync(target, 'utf8')).not.toContain('rancher-desktop');
  });
});
