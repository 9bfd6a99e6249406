import { spawn } from 'node:child_process';

import type { ContainerEngineClient, ContainerSummary, ImageSummary, OutputListener, VolumeEntry, VolumeSummary } from '@pkg/ipc/containerEngine';
import { UserError } from '@pkg/utils/errors';

import type { VMExecutor } from '../types';

import { type DockerApi, type DockerReply } from './dockerApi';
import { browseVolumeInVm } from './volumeBrowser';

interface RawContainer {
  Id: string;
  Names?: string[];
  Image: string;
  State: string;
  Status: string;
  Created: number;
  Ports?: { IP?: string; PublicPort?: number; PrivatePort: number; Type: string }[];
}

/** Docker's log stream multiplexes stdout/stderr in frames: 8-byte header (stream, 0, 0, 0, size32be). */
export function demultiplex(buffer: Buffer): { text: string; rest: Buffer } {
  let text = '';
  let offset = 0;

  while (buffer.length - offset >= 8) {
    const size = buffer.readUInt32BE(offset + 4);

    if (buffer.length - offset - 8 < size) {
      break;
    }
    text += buffer.subarray(offset + 8, offset + 8 + size).toString('utf8');
    offset += 8 + size;
  }

  return { text, rest: buffer.subarray(offset) };
}

/** Pull and build answer with JSON lines; the text a user reads is in stream/status/error. */
function jsonProgress(listener: OutputListener | undefined, errors: string[]) {
  let partial = '';

  return (chunk: Buffer) => {
    const lines = (partial + chunk.toString('utf8')).split('\n');

    partial = lines.pop() ?? '';
    for (const line of lines.filter(Boolean)) {
      try {
        const event = JSON.parse(line) as { stream?: string; status?: string; progress?: string; error?: string; id?: string };

        if (event.error) {
          errors.push(event.error);
        }
        listener?.(event.stream ?? `${ event.id ? `${ event.id }: ` : '' }${ event.status ?? event.error ?? '' }${ event.progress ? ` ${ event.progress }` : '' }\n`);
      } catch {
        listener?.(`${ line }\n`);
      }
    }
  };
}

/** The moby engine through the Docker Engine API on the forwarded socket. */
export class MobyClient implements ContainerEngineClient {
  readonly engine = 'moby';

  /** `executor` reaches the VM for what the Engine API cannot do (browsing a volume's files). */
  constructor(private readonly api: DockerApi, private readonly executor?: VMExecutor) {}

  private async call(method: string, path: string, okStatuses = [200, 201, 204, 304]): Promise<DockerReply> {
    const reply = await this.api.request({ method, path });

    if (!okStatuses.includes(reply.status)) {
      throw this.failure(reply);
    }

    return reply;
  }

  private failure(reply: DockerReply): Error {
    let message = reply.body.trim();

    try {
      message = (JSON.parse(reply.body) as { message?: string }).message ?? message;
    } catch {
      // Not JSON: keep the text.
    }

    return reply.status === 404 || reply.status === 409 || reply.status === 400 ? new UserError(reply.status === 404 ? 'not-found' : 'bad-request', message) : new Error(`dockerd: ${ message }`);
  }

  async listContainers(options: { all?: boolean } = {}): Promise<ContainerSummary[]> {
    const reply = await this.call('GET', `/containers/json?all=${ options.all ? 1 : 0 }`);

    return (JSON.parse(reply.body) as RawContainer[]).map((c) => ({
      id: c.Id,
      names: (c.Names ?? []).map((n) => n.replace(/^\//, '')),
      image: c.Image,
      state: c.State,
      status: c.Status,
      created: c.Created,
      ports: (c.Ports ?? []).map((p) => ({ hostIp: p.IP, hostPort: p.PublicPort, containerPort: p.PrivatePort, protocol: p.Type })),
    }));
  }

  async inspectContainer(id: string): Promise<Record<string, unknown>> {
    return JSON.parse((await this.call('GET', `/containers/${ encodeURIComponent(id) }/json`)).body) as Record<string, unknown>;
  }

  async startContainer(id: string): Promise<void> {
    await this.call('POST', `/containers/${ encodeURIComponent(id) }/start`);
  }

  async stopContainer(id: string): Promise<void> {
    await this.call('POST', `/containers/${ encodeURIComponent(id) }/stop`);
  }

  async restartContainer(id: string): Promise<void> {
    await this.call('POST', `/containers/${ encodeURIComponent(id) }/restart`);
  }

  async removeContainer(id: string, options: { force?: boolean } = {}): Promise<void> {
    await this.call('DELETE', `/containers/${ encodeURIComponent(id) }?force=${ options.force ? 1 : 0 }`);
  }

  async logs(id: string, listener: OutputListener, options: { follow?: boolean; tail?: number; signal?: AbortSignal } = {}): Promise<void> {
    const info = await this.inspectContainer(id);
    const tty = !!(info.Config as { Tty?: boolean } | undefined)?.Tty;
    let pending: Buffer = Buffer.alloc(0);
    const query = `stdout=1&stderr=1&follow=${ options.follow ? 1 : 0 }&tail=${ options.tail ?? 'all' }`;

    try {
      const reply = await this.api.request({
        path: `/containers/${ encodeURIComponent(id) }/logs?${ query }`,
        signal: options.signal,
        onData: (chunk) => {
          if (tty) {
            listener(chunk.toString('utf8'));

            return;
          }
          const { text, rest } = demultiplex(Buffer.concat([pending, chunk]));

          pending = rest;
          if (text) {
            listener(text);
          }
        },
      });

      if (reply.status !== 200) {
        throw this.failure(reply);
      }
    } catch (error) {
      if (!options.signal?.aborted) {
        throw error;
      }
    }
  }

  async listImages(): Promise<ImageSummary[]> {
    const raw = JSON.parse((await this.call('GET', '/images/json')).body) as { Id: string; RepoTags?: string[] | null; Size: number; Created: number }[];

    return raw.map((i) => ({ id: i.Id, tags: (i.RepoTags ?? []).filter((t) => t !== '<none>:<none>'), size: i.Size, created: i.Created }));
  }

  async pullImage(reference: string, listener?: OutputListener): Promise<void> {
    const [image, tag] = splitReference(reference);
    const errors: string[] = [];
    const reply = await this.api.request({ method: 'POST', path: `/images/create?fromImage=${ encodeURIComponent(image) }&tag=${ encodeURIComponent(tag) }`, onData: jsonProgress(listener, errors) });

    if (reply.status !== 200 || errors.length > 0) {
      throw new Error(`pull ${ reference } failed: ${ errors.join('; ') || `HTTP ${ reply.status }` }`);
    }
  }

  async buildImage(contextDir: string, tag: string, listener?: OutputListener): Promise<void> {
    // The build context goes to dockerd as a tar stream of the folder.
    const tar = spawn('tar', ['-c', '-C', contextDir, '.'], { stdio: ['ignore', 'pipe', 'pipe'] });
    const errors: string[] = [];
    const reply = await this.api.request({ method: 'POST', path: `/build?t=${ encodeURIComponent(tag) }&rm=1`, stream: tar.stdout, onData: jsonProgress(listener, errors) });

    if (reply.status !== 200 || errors.length > 0) {
      throw new Error(`build of ${ contextDir } failed: ${ errors.join('; ') || `HTTP ${ reply.status }` }`);
    }
  }

  async tagImage(source: string, target: string): Promise<void> {
    const [repo, tag] = splitReference(target);

    await this.call('POST', `/images/${ encodeURIComponent(source) }/tag?repo=${ encodeURIComponent(repo) }&tag=${ encodeURIComponent(tag) }`);
  }

  async removeImage(reference: string): Promise<void> {
    await this.call('DELETE', `/images/${ encodeURIComponent(reference) }`);
  }

  async listVolumes(): Promise<VolumeSummary[]> {
    const raw = JSON.parse((await this.call('GET', '/volumes')).body) as { Volumes?: { Name: string; Driver: string; Mountpoint: string }[] | null };

    return (raw.Volumes ?? []).map((v) => ({ name: v.Name, driver: v.Driver, mountpoint: v.Mountpoint }));
  }

  async removeVolume(name: string): Promise<void> {
    await this.call('DELETE', `/volumes/${ encodeURIComponent(name) }`);
  }

  async browseVolume(name: string, subPath: string): Promise<VolumeEntry[]> {
    if (!this.executor) {
      throw new UserError('unsupported', 'Browsing volumes needs the virtual machine.');
    }
    const raw = JSON.parse((await this.call('GET', `/volumes/${ encodeURIComponent(name) }`)).body) as { Mountpoint: string };

    return browseVolumeInVm(this.executor, raw.Mountpoint, subPath);
  }

  listNamespaces(): Promise<string[]> {
    return Promise.resolve(['default']);
  }
}

/** `repo[:tag]` → [repo, tag], minding registry ports (`host:5000/x`) and digests. */
export function splitReference(reference: string): [string, string] {
  if (reference.includes('@')) {
    const [repo, digest] = reference.split('@');

    return [repo, digest];
  }
  const slash = reference.lastIndexOf('/');
  const colon = reference.lastIndexOf(':');

  return colon > slash ? [reference.slice(0, colon), reference.slice(colon + 1)] : [reference, 'latest'];
}
