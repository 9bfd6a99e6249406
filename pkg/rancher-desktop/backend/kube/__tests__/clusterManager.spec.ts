import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { defaultSettings } from '@pkg/config/defaults';
import { BackendError } from '@pkg/utils/errors';
import type { Logger } from '@pkg/utils/logger';

import { ProgressTracker } from '../../progressTracker';
import type { ExecOptions } from '../../types';
import type { ApiAnswer } from '../apiClient';
import { ClusterManager, COMPONENTS } from '../clusterManager';

const logger: Logger = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} } as unknown as Logger;
const settings = defaultSettings({ platform: 'linux', kernelMajor: 6, totalMemoryBytes: 16 * 2 ** 30, arch: 'x64' });

function fixture() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cluster-'));
  const dist = path.join(dir, 'dist');

  fs.mkdirSync(dist);
  fs.writeFileSync(path.join(dist, 'kube-apiserver'), 'multicall');
  for (const c of COMPONENTS.filter((c) => c !== 'kube-apiserver')) {
    fs.linkSync(path.join(dist, 'kube-apiserver'), path.join(dist, c));
  }
  fs.writeFileSync(path.join(dir, 'kine'), 'kine');
  const images = ['pause', 'coredns', 'local-path-provisioner', 'busybox'].map((name) => {
    fs.writeFileSync(path.join(dir, `${ name }.tar`), `image ${ name }`);

    return { name, ref: `example/${ name }:1`, file: path.join(dir, `${ name }.tar`) };
  });

  return { dir, dist, images };
}

function manager(options: { api?: (path: string) => ApiAnswer; present?: string[] } = {}) {
  const { dist, images, dir } = fixture();
  const commands: { command: string[]; options?: ExecOptions }[] = [];
  const copies: string[] = [];
  const kubectl: string[][] = [];
  const kubeconfigs: string[] = [];
  let clock = 0;
  const cluster = new ClusterManager({
    logger,
    exec: (command, execOptions) => {
      commands.push({ command, options: execOptions });
      const text = command.join(' ');

      if (text.includes('ls /var/lib/rancher-desktop/k8s/files')) {
        return Promise.resolve({ stdout: (options.present ?? []).join('\n'), stderr: '', exitCode: 0 });
      }
      if (text.includes('cat ca.crt')) {
        return Promise.resolve({ stdout: 'CA\n--RD--\nCERT\n--RD--\nKEY\n', stderr: '', exitCode: 0 });
      }
      if (command[0] === 'tail') {
        return Promise.resolve({ stdout: 'E1202 apiserver: storage is not ready\n', stderr: '', exitCode: 0 });
      }

      return Promise.resolve({ stdout: '', stderr: '', exitCode: 0 });
    },
    copyToGuest: (host) => {
      copies.push(host);

      return Promise.resolve();
    },
    distribution: () => Promise.resolve(dist),
    kine: path.join(dir, 'kine'),
    images,
    writeKubeconfig: (server) => kubeconfigs.push(server),
    kubectl: (args) => {
      kubectl.push(args);

      return Promise.resolve({ stdout: '', stderr: '', exitCode: 0 });
    },
    api: (_port, apiPath) => Promise.resolve(options.api ? options.api(apiPath) : { status: 200, body: JSON.stringify({ status: { conditions: [{ type: 'Ready', status: 'True' }] } }) }),
    sleep: (ms) => {
      clock += ms;

      return Promise.resolve();
    },
    now: () => clock,
    budgetMs: { apiServer: 10_000, node: 10_000 },
  });

  return { cluster, commands, copies, kubectl, kubeconfigs };
}

describe('ClusterManager', () => {
  it('copies each distinct file once, installs, starts the target and deploys the add-ons', async() => {
    const { cluster, commands, copies, kubectl, kubeconfigs } = manager();
    const tracker = new ProgressTracker();

    tracker.begin(ClusterManager.STEPS);
    await cluster.start(settings, '1.34.4', tracker);

    // Six component names, one multicall file: one copy for them, one for kine, one per image.
    expect(copies).toHaveLength(1 + 1 + 4);
    const install = commands.find((c) => c.command.join(' ') === 'sh -s');

    expect(install?.options?.root).toBe(true);
    expect(install?.options?.input).toContain('rd-k8s-apiserver.service');
    expect(commands.some((c) => c.command.join(' ') === 'systemctl start rd-kubernetes.target')).toBe(true);
    expect(kubeconfigs).toEqual([`https://127.0.0.1:${ settings.kubernetes.port }`]);
    expect(kubectl[0]).toEqual(['apply', '-f', '-']);
    expect(tracker.progress.current).toBe(ClusterManager.STEPS);
  });

  it('copies nothing the guest already holds', async() => {
    const first = manager();

    await first.cluster.start(settings, '1.34.4', new ProgressTracker());
    const digests = first.commands.find((c) => c.command.join(' ').includes('mv -f /tmp/rd-k8s-upload'));

    expect(digests).toBeDefined();
    const crypto = await import('node:crypto');
    const present = [...new Set(first.copies.map((f) => crypto.createHash('sha256').update(fs.readFileSync(f)).digest('hex')))];
    const second = manager({ present });

    await second.cluster.start(settings, '1.34.4', new ProgressTracker());
    expect(second.copies).toHaveLength(0);
  });

  it('fails with the API server log when it is not ready within its budget', async() => {
    const { cluster } = manager({ api: () => ({ status: 503, body: '[-]etcd failed' }) });
    const error = await cluster.start(settings, '1.34.4', new ProgressTracker()).catch((e) => e);

    expect(error).toBeInstanceOf(BackendError);
    expect(error.message).toContain('The Kubernetes API server was not ready within 10 s');
    expect(error.message).toContain('E1202 apiserver: storage is not ready');
  });

  it('fails naming the node when it never becomes Ready', async() => {
    const { cluster } = manager({ api: (p) => (p === '/readyz' ? { status: 200, body: 'ok' } : { status: 200, body: '{"status":{"conditions":[{"type":"Ready","status":"False"}]}}' }) });

    await expect(cluster.start(settings, '1.34.4', new ProgressTracker())).rejects.toThrow('Node lima-rancher-desktop was not ready within 10 s');
  });

  it('reports components systemd restarted since the last look', async() => {
    const { cluster, commands } = manager();
    let restarts = 0;

    await cluster.start(settings, '1.34.4', new ProgressTracker());
    (cluster as unknown as { deps: { exec: unknown } }).deps.exec = (command: string[]) => {
      commands.push({ command });

      // As systemd 252 prints it: NRestarts first, whatever order --property asked for.
      return Promise.resolve({ stdout: `NRestarts=0\nId=rd-k8s-kubelet.service\n\nNRestarts=${ restarts }\nId=rd-k8s-scheduler.service\n\nNRestarts=0\nId=rd-k8s-kine.service\n`, stderr: '', exitCode: 0 });
    };
    expect(await cluster.checkRestarts()).toEqual({});
    restarts = 2;
    expect(await cluster.checkRestarts()).toEqual({ 'rd-k8s-scheduler': 2 });
    expect(await cluster.checkRestarts()).toEqual({});
  });

  it('deletes the datastore, PKI, kubelet state and volumes on a fast reset, and kills the pods', async() => {
    const { cluster, commands } = manager();

    await cluster.deleteData();
    const text = commands.map((c) => c.command.join(' ')).join('\n');

    expect(text).toContain('ctr -n k8s.io tasks kill -s KILL');
    expect(text).toMatch(/rm -rf \/var\/lib\/rancher-desktop\/k8s\/db \/var\/lib\/rancher-desktop\/k8s\/pki \/var\/lib\/kubelet/);
  });
});
