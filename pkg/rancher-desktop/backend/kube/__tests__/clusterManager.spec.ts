import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { defaultSettings } from '@pkg/config/defaults';
import { BackendError } from '@pkg/utils/errors';
import type { Logger } from '@pkg/utils/logger';
import { ProcessTimeoutError, runProcess } from '@pkg/utils/node/processRunner';

import { ProgressTracker } from '../../progressTracker';
import type { ExecOptions } from '../../types';
import type { ApiAnswer } from '../apiClient';
import { CLUSTER_BUDGETS_MS, ClusterManager, type ClusterManagerDeps, COMPONENTS } from '../clusterManager';

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

interface ManagerOptions {
  api?: (path: string) => ApiAnswer;
  present?: string[];
  /** Answers a command instead of the default fake; undefined falls through to it. */
  exec?: (...args: Parameters<ClusterManagerDeps['exec']>) => ReturnType<ClusterManagerDeps['exec']> | undefined;
  kubectl?: ClusterManagerDeps['kubectl'];
  budgetMs?: ClusterManagerDeps['budgetMs'];
}

function manager(options: ManagerOptions = {}) {
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
      const answer = options.exec?.(command, execOptions);

      if (answer) {
        return answer;
      }

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
    kubectl: (args, input, timeoutMs) => {
      kubectl.push(args);

      return options.kubectl?.(args, input, timeoutMs) ?? Promise.resolve({ stdout: '', stderr: '', exitCode: 0 });
    },
    api: (_port, apiPath) => Promise.resolve(options.api ? options.api(apiPath) : { status: 200, body: JSON.stringify({ status: { conditions: [{ type: 'Ready', status: 'True' }] } }) }),
    sleep: (ms) => {
      clock += ms;

      return Promise.resolve();
    },
    now: () => clock,
    budgetMs: { apiServer: 10_000, node: 10_000, ...options.budgetMs },
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

  describe('every wait has a bound', () => {
    let bin: string;

    beforeEach(() => {
      bin = fs.mkdtempSync(path.join(os.tmpdir(), 'kubectl-'));
    });
    afterEach(() => fs.rmSync(bin, { recursive: true, force: true }));

    it('a kubectl apply that never returns is stopped, and the start fails with the API server\'s log', async() => {
      // A real child that hangs as kubectl does against an API server that accepted and went quiet.
      const hanging = path.join(bin, 'kubectl');

      fs.writeFileSync(hanging, '#!/bin/sh\necho "I0101 round_trippers.go:553] POST https://127.0.0.1:6443/apis/apps/v1" >&2\nexec sleep 60\n', { mode: 0o755 });
      const { cluster } = manager({
        budgetMs: { kubectl: 300 },
        kubectl: async(args, input, timeoutMs) => {
          const outcome = await runProcess(hanging, args, { input, timeoutMs });

          return { stdout: outcome.stdout, stderr: outcome.stderr, exitCode: outcome.code ?? 1 };
        },
      });
      const error = await cluster.start(settings, '1.34.4', new ProgressTracker()).catch((e) => e);

      expect(error).toBeInstanceOf(BackendError);
      expect(error.message).toContain('Could not deploy CoreDNS and local-path-provisioner: kubectl apply -f - did not finish within 300 ms and was stopped');
      expect(error.message).toContain('The last lines of kube-apiserver\'s log:\nE1202 apiserver: storage is not ready');
      expect(error.details.lastCommand).toBe('kubectl apply -f -');
      expect(error.details.lastLogLines).toEqual(['I0101 round_trippers.go:553] POST https://127.0.0.1:6443/apis/apps/v1', 'E1202 apiserver: storage is not ready']);
    });

    it('the add-ons\' image import and the services\' start are bounded, and a miss quotes the job\'s log', async() => {
      const limits: Record<string, number | undefined> = {};
      // A guest command that hangs until the limit it was given (none: forever), as limactl shell does.
      const hang: ClusterManagerDeps['exec'] = (command, execOptions) => new Promise((_resolve, reject) => {
        if (execOptions?.timeoutMs) {
          setTimeout(() => reject(new ProcessTimeoutError(`limactl shell 0 sudo -- ${ command.join(' ') }`, execOptions.timeoutMs as number, ['importing traefik'])), 10);
        }
      });
      const { cluster, commands } = manager({
        exec: (command, execOptions) => {
          if (command[0] === 'systemctl' && command[1] === 'start') {
            limits[command[2]] = execOptions?.timeoutMs;

            return command[2] === 'rd-k8s-images.service' ? hang(command, execOptions) : undefined;
          }
          if (command[0] === 'tail' || command[0] === 'cat' || command[0] === 'ls') {
            return undefined;
          }

          return execOptions?.timeoutMs ? undefined : hang(command, execOptions);
        },
      });
      const error = await cluster.start(settings, '1.34.4', new ProgressTracker()).catch((e) => e);

      expect(limits).toEqual({ 'rd-kubernetes.target': CLUSTER_BUDGETS_MS.start, 'rd-k8s-images.service': CLUSTER_BUDGETS_MS.imageImport });
      expect(error).toBeInstanceOf(BackendError);
      expect(error.message).toContain(`Could not import the add-ons' images in the virtual machine: limactl shell 0 sudo -- systemctl start rd-k8s-images.service did not finish within ${ CLUSTER_BUDGETS_MS.imageImport / 1000 } s and was stopped; its last output: importing traefik.`);
      expect(error.details.lastLogLines).toEqual(['importing traefik', 'E1202 apiserver: storage is not ready']);
      expect(commands.find((c) => c.command[0] === 'tail')?.command).toEqual(['tail', '-n', '15', '/var/log/rd-k8s/rd-k8s-import-images.log']);
      // Every command in the guest had a limit, the log reads on the failure path included.
      expect(commands.filter((c) => !c.options?.timeoutMs)).toEqual([]);
    });

    it('each copy into the guest has a limit, a minute at least', async() => {
      const limits: number[] = [];
      const { cluster } = manager();

      (cluster as unknown as { deps: ClusterManagerDeps }).deps.copyToGuest = (_host, _guest, timeoutMs) => {
        limits.push(timeoutMs);

        return Promise.resolve();
      };
      await cluster.start(settings, '1.34.4', new ProgressTracker());
      expect(limits).toHaveLength(6);
      expect(limits.every((ms) => ms >= 60_000)).toBe(true);
    });
  });
});
