import { spawn } from 'node:child_process';

import type { ContainerEngineClient, ContainerSummary, ImageSummary, OutputListener, PortMapping, VolumeEntry, VolumeSummary } from '@pkg/ipc/containerEngine';
import { UserError } from '@pkg/utils/errors';

import type { VMExecutor } from '../types';

import { browseVolumeInVm } from './volumeBrowser';

/** `0.0.0.0:8080->80/tcp, :::8443->443/tcp` → port mappings. */
export function parsePorts(text: string): PortMapping[] {
  return text.split(',').map((p) => p.trim()).filter(Boolean).flatMap((entry) => {
    const match = /^(?:(.*):(\d+)->)?(\d+)\/(\w+)$/.exec(entry);

    return match ? [{ hostIp: match[1] || undefined, hostPort: match[2] ? Number(match[2]) : undefined, containerPort: Number(match[3]), protocol: match[4] }] : [];
  });
}

const seconds = (text: string | undefined) => Math.floor((Date.parse(text ?? '') || 0) / 1000);

/**
 * The containerd engine through nerdctl in the VM (as Rancher Desktop does on Lima): every
 * call is one `nerdctl --namespace <ns> …` with JSON output, run as root through the executor.
 */
export class NerdctlClient implements ContainerEngineClient {
  readonly engine = 'containerd';

  constructor(private readonly executor: VMExecutor, private readonly defaultNamespace = 'default') {}

  private async nerdctl(args: string[], namespace?: string): Promise<string> {
    const result = await this.executor.exec(['nerdctl', '--namespace', namespace ?? this.defaultNamespace, ...args], { root: true });

    if (result.exitCode !== 0) {
      const message = result.stderr.trim().split('\n').pop()?.replace(/^time="[^"]*" level=\w+ msg=/, '').replace(/^"|"$/g, '') ?? `exit ${ result.exitCode }`;

      throw /no such|not found/i.test(message) ? new UserError('not-found', message) : new Error(`nerdctl ${ args[0] }: ${ message }`);
    }

    return result.stdout;
  }

  private async jsonLines<T>(args: string[], namespace?: string): Promise<T[]> {
    const out = await this.nerdctl([...args, '--format', '{{json .}}'], namespace);

    return out.split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as T);
  }

  async listContainers(options: { all?: boolean; namespace?: string } = {}): Promise<ContainerSummary[]> {
    const raw = await this.jsonLines<{ ID: string; Names: string; Image: string; Status: string; Ports: string; CreatedAt: string }>(['ps', ...(options.all ? ['--all'] : [])], options.namespace);

    return raw.map((c) => ({
      id: c.ID,
      names: c.Names ? c.Names.split(',') : [],
      image: c.Image,
      state: /^up/i.test(c.Status) ? 'running' : (c.Status.split(' ')[0] ?? '').toLowerCase(),
      status: c.Status,
      ports: parsePorts(c.Ports ?? ''),
      created: seconds(c.CreatedAt),
    }));
  }

  async inspectContainer(id: string, namespace?: string): Promise<Record<string, unknown>> {
    const parsed = JSON.parse(await this.nerdctl(['container', 'inspect', id], namespace)) as Record<string, unknown>[];

    return parsed[0] ?? {};
  }

  async startContainer(id: string, namespace?: string): Promise<void> {
    await this.nerdctl(['start', id], namespace);
  }

  async stopContainer(id: string, namespace?: string): Promise<void> {
    await this.nerdctl(['stop', id], namespace);
  }

  async restartContainer(id: string, namespace?: string): Promise<void> {
    await this.nerdctl(['restart', id], namespace);
  }

  async removeContainer(id: string, options: { force?: boolean; namespace?: string } = {}): Promise<void> {
    await this.nerdctl(['rm', ...(options.force ? ['--force'] : []), id], options.namespace);
  }

  logs(id: string, listener: OutputListener, options: { follow?: boolean; tail?: number; namespace?: string; signal?: AbortSignal } = {}): Promise<void> {
    const args = ['nerdctl', '--namespace', options.namespace ?? this.defaultNamespace, 'logs', ...(options.follow ? ['--follow'] : []), ...(options.tail !== undefined ? ['--tail', String(options.tail)] : []), id];

    return this.stream(['sudo', ...args], listener, options.signal);
  }

  async listImages(namespace?: string): Promise<ImageSummary[]> {
    const raw = await this.jsonLines<{ ID: string; Repository: string; Tag: string; Size: string; CreatedAt: string }>(['images'], namespace);

    return raw.map((i) => ({
      id: i.ID,
      tags: i.Repository && i.Repository !== '<none>' ? [`${ i.Repository }:${ i.Tag }`] : [],
      size: parseSize(i.Size),
      created: seconds(i.CreatedAt),
    }));
  }

  pullImage(reference: string, listener?: OutputListener, namespace?: string): Promise<void> {
    return this.stream(['sudo', 'nerdctl', '--namespace', namespace ?? this.defaultNamespace, 'pull', reference], listener ?? (() => {}));
  }

  buildImage(contextDir: string, tag: string, listener?: OutputListener, namespace?: string): Promise<void> {
    // The home folder is mounted at the same path in the VM, so the host path is the VM path.
    return this.stream(['sudo', 'nerdctl', '--namespace', namespace ?? this.defaultNamespace, 'build', '--progress', 'plain', '-t', tag, contextDir], listener ?? (() => {}));
  }

  async tagImage(source: string, target: string, namespace?: string): Promise<void> {
    await this.nerdctl(['tag', source, target], namespace);
  }

  async removeImage(reference: string, namespace?: string): Promise<void> {
    await this.nerdctl(['rmi', reference], namespace);
  }

  async listVolumes(namespace?: string): Promise<VolumeSummary[]> {
    const raw = await this.jsonLines<{ Name: string; Driver: string; Mountpoint: string }>(['volume', 'ls'], namespace);

    return raw.map((v) => ({ name: v.Name, driver: v.Driver, mountpoint: v.Mountpoint }));
  }

  async removeVolume(name: string, namespace?: string): Promise<void> {
    await this.nerdctl(['volume', 'rm', name], namespace);
  }

  async browseVolume(name: string, subPath: string, namespace?: string): Promise<VolumeEntry[]> {
    const [volume] = JSON.parse(await this.nerdctl(['volume', 'inspect', name], namespace)) as { Mountpoint: string }[];

    return browseVolumeInVm(this.executor, volume.Mountpoint, subPath);
  }

  async listNamespaces(): Promise<string[]> {
    const out = await this.nerdctl(['namespace', 'ls', '--quiet']);

    return out.split('\n').map((l) => l.trim()).filter(Boolean);
  }

  /** Runs a long command in the VM, passing its output on as it comes. */
  private stream(command: string[], listener: OutputListener, signal?: AbortSignal): Promise<void> {
    const shell = this.executor.shellCommand(command);

    if (!shell) {
      return Promise.reject(new Error('The virtual machine is not running.'));
    }

    return new Promise((resolve, reject) => {
      const child = spawn(shell.file, shell.args, { env: shell.env, stdio: ['ignore', 'pipe', 'pipe'], signal });
      let stderr = '';

      child.stdout.on('data', (d: Buffer) => listener(d.toString('utf8')));
      child.stderr.on('data', (d: Buffer) => {
        stderr = (stderr + d.toString('utf8')).slice(-4000);
        listener(d.toString('utf8'));
      });
      child.on('error', (error) => (signal?.aborted ? resolve() : reject(error)));
      child.on('close', (code) => (code === 0 || signal?.aborted ? resolve() : reject(new Error(`${ command.slice(1, 5).join(' ') } failed: ${ stderr.trim().split('\n').pop() ?? `exit ${ code }` }`))));
    });
  }
}

/** nerdctl prints sizes like "1.999MB" or "12.5 kB". */
export function parseSize(text: string): number {
  const match = /^([\d.]+)\s*([kKMGT]?i?B)?$/.exec(text.trim());

  if (!match) {
    return 0;
  }
  const unit = (match[2] ?? 'B').toUpperCase().replace('I', '');
  const power = ['B', 'KB', 'MB', 'GB', 'TB'].indexOf(unit);

  return Math.round(Number(match[1]) * 1000 ** Math.max(power, 0));
}
