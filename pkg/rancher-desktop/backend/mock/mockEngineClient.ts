import type { ContainerEngineClient, ContainerSummary, ImageSummary, OutputListener, VolumeEntry, VolumeSummary } from '@pkg/ipc/containerEngine';
import { UserError } from '@pkg/utils/errors';

import { safeSubPath } from '../containerEngine/volumeBrowser';

interface MockVolume extends VolumeSummary {
  files: Record<string, VolumeEntry[]>;
}

const now = () => Math.floor(Date.now() / 1000);
const hex = (n: number) => Array.from({ length: n }, () => Math.floor(Math.random() * 16).toString(16)).join('');

/**
 * An in-memory engine for the mock backend: a few containers, images and volumes that the
 * GUI's pages can list and act on, so every action is exercised without a VM. Every method
 * is async, so a failure rejects as a real engine's does.
 */
export class MockEngineClient implements ContainerEngineClient {
  engine: 'moby' | 'containerd' = 'moby';
  private containers: ContainerSummary[] = [
    { id: `a1b2c3d4e5f6${ hex(52) }`, names: ['web'], image: 'nginx:alpine', state: 'running', status: 'Up 3 minutes', ports: [{ hostIp: '127.0.0.1', hostPort: 8080, containerPort: 80, protocol: 'tcp' }], created: now() - 180 },
    { id: `0f9e8d7c6b5a${ hex(52) }`, names: ['db'], image: 'busybox:latest', state: 'exited', status: 'Exited (0) 1 hour ago', ports: [], created: now() - 3600 },
  ];

  private images: (ImageSummary & { namespace: string })[] = [
    { id: `sha256:${ hex(64) }`, tags: ['nginx:alpine'], size: 48_000_000, created: now() - 86_400, namespace: 'default' },
    { id: `sha256:${ hex(64) }`, tags: ['busybox:latest'], size: 4_300_000, created: now() - 172_800, namespace: 'default' },
    { id: `sha256:${ hex(64) }`, tags: ['registry.k8s.io/pause:3.10'], size: 736_000, created: now() - 400_000, namespace: 'k8s.io' },
    { id: `sha256:${ hex(64) }`, tags: ['rancher/mirrored-pause:3.6'], size: 683_000, created: now() - 400_000, namespace: 'default' },
  ];

  private volumes: MockVolume[] = [
    { name: 'data', driver: 'local', mountpoint: '/var/lib/docker/volumes/data/_data', files: { '': [{ name: 'conf', kind: 'directory', size: 4096 }, { name: 'README', kind: 'file', size: 12 }], 'conf': [{ name: 'app.yaml', kind: 'file', size: 42 }] } },
  ];

  async listContainers(options: { all?: boolean } = {}): Promise<ContainerSummary[]> {
    return Promise.resolve(structuredClone(this.containers.filter((c) => options.all || c.state === 'running')));
  }

  async inspectContainer(id: string): Promise<Record<string, unknown>> {
    const c = this.container(id);

    return Promise.resolve({ Id: c.id, Name: `/${ c.names[0] }`, Config: { Image: c.image }, State: { Status: c.state, Running: c.state === 'running' } });
  }

  async startContainer(id: string): Promise<void> {
    Object.assign(this.container(id), { state: 'running', status: 'Up Less than a second' });

    return Promise.resolve();
  }

  async stopContainer(id: string): Promise<void> {
    Object.assign(this.container(id), { state: 'exited', status: 'Exited (0) Less than a second ago' });

    return Promise.resolve();
  }

  async restartContainer(id: string): Promise<void> {
    return this.startContainer(id);
  }

  async removeContainer(id: string, options: { force?: boolean } = {}): Promise<void> {
    const c = this.container(id);

    if (c.state === 'running' && !options.force) {
      return Promise.reject(new UserError('busy', `container ${ c.names[0] } is running: stop it first or force the removal`));
    }
    this.containers = this.containers.filter((x) => x !== c);

    return Promise.resolve();
  }

  async logs(id: string, listener: OutputListener, options: { follow?: boolean; signal?: AbortSignal } = {}): Promise<void> {
    const c = this.container(id);

    listener(`${ c.names[0] }: started\n${ c.names[0] }: listening\n`);
    for (let i = 1; options.follow && !options.signal?.aborted && c.state === 'running'; i++) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      if (!options.signal?.aborted) {
        listener(`${ c.names[0] }: tick ${ i }\n`);
      }
    }
  }

  async listImages(namespace = 'default'): Promise<ImageSummary[]> {
    return Promise.resolve(this.images.filter((i) => i.namespace === namespace).map(({ namespace: _ns, ...i }) => structuredClone(i)));
  }

  async pullImage(reference: string, listener: OutputListener = () => {}, namespace = 'default'): Promise<void> {
    for (const step of ['Pulling fs layer', 'Downloading', 'Extracting', 'Pull complete']) {
      listener(`${ reference }: ${ step }\n`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    this.addImage(reference, namespace);
  }

  async buildImage(contextDir: string, tag: string, listener: OutputListener = () => {}, namespace = 'default'): Promise<void> {
    listener(`#1 [internal] load build definition from ${ contextDir }/Dockerfile\n`);
    await new Promise((resolve) => setTimeout(resolve, 100));
    listener(`#2 naming to ${ tag } done\n`);
    this.addImage(tag, namespace);
  }

  async tagImage(source: string, target: string, namespace = 'default'): Promise<void> {
    const image = this.image(source, namespace);

    image.tags = [...new Set([...image.tags, withTag(target)])];

    return Promise.resolve();
  }

  async removeImage(reference: string, namespace = 'default'): Promise<void> {
    const image = this.image(reference, namespace);
    const tag = withTag(reference);
    const user = this.containers.find((c) => c.state === 'running' && image.tags.includes(withTag(c.image)));

    // As dockerd does: an image a running container uses stays.
    if (user) {
      return Promise.reject(new UserError('busy', `conflict: unable to remove repository reference "${ reference }" - image is being used by running container ${ user.names[0] }`));
    }

    if (image.tags.length > 1 && image.tags.includes(tag)) {
      image.tags = image.tags.filter((t) => t !== tag);
    } else {
      this.images = this.images.filter((i) => i !== image);
    }

    return Promise.resolve();
  }

  async listVolumes(): Promise<VolumeSummary[]> {
    return Promise.resolve(this.volumes.map(({ files: _files, ...v }) => ({ ...v })));
  }

  async removeVolume(name: string): Promise<void> {
    this.volume(name);
    this.volumes = this.volumes.filter((v) => v.name !== name);

    return Promise.resolve();
  }

  async browseVolume(name: string, subPath: string): Promise<VolumeEntry[]> {
    const entries = this.volume(name).files[safeSubPath(subPath)];

    return entries ? Promise.resolve(structuredClone(entries)) : Promise.reject(new UserError('not-found', `Cannot list ${ subPath } in the volume: no such folder`));
  }

  async listNamespaces(): Promise<string[]> {
    return Promise.resolve(this.engine === 'moby' ? ['default'] : ['default', 'k8s.io']);
  }

  private addImage(reference: string, namespace: string): void {
    const tag = withTag(reference);

    for (const image of this.images) {
      image.tags = image.tags.filter((t) => t !== tag);
    }
    this.images.push({ id: `sha256:${ hex(64) }`, tags: [tag], size: 1_200_000, created: now(), namespace });
  }

  private container(id: string): ContainerSummary {
    const found = this.containers.find((c) => c.id.startsWith(id) || c.names.includes(id));

    if (!found) {
      throw new UserError('not-found', `No such container: ${ id }`);
    }

    return found;
  }

  private image(reference: string, namespace: string): ImageSummary & { namespace: string } {
    const tag = withTag(reference);
    const found = this.images.find((i) => i.namespace === namespace && (i.id === reference || i.id.startsWith(`sha256:${ reference }`) || i.tags.includes(tag)));

    if (!found) {
      throw new UserError('not-found', `No such image: ${ reference }`);
    }

    return found;
  }

  private volume(name: string): MockVolume {
    const found = this.volumes.find((v) => v.name === name);

    if (!found) {
      throw new UserError('not-found', `No such volume: ${ name }`);
    }

    return found;
  }
}

function withTag(reference: string): string {
  return /:[^/]+$/.test(reference) ? reference : `${ reference }:latest`;
}
