/**
 * The container engine part of the contract between the core and its clients (the GUI's
 * Containers, Images and Volumes pages): the same shapes whichever engine runs.
 */

export interface PortMapping {
  hostIp?: string;
  hostPort?: number;
  containerPort: number;
  protocol: string;
}

export interface ContainerSummary {
  id: string;
  names: string[];
  image: string;
  /** running, exited, created, paused… as the engine says it. */
  state: string;
  /** Human text such as "Up 5 minutes". */
  status: string;
  ports: PortMapping[];
  /** Seconds since the epoch. */
  created: number;
}

export interface ImageSummary {
  id: string;
  /** repo:tag names; empty for a dangling image. */
  tags: string[];
  size: number;
  created: number;
}

export interface VolumeSummary {
  name: string;
  driver: string;
  mountpoint: string;
}

/** One entry of a folder inside a volume. */
export interface VolumeEntry {
  name: string;
  kind: 'file' | 'directory' | 'symlink' | 'other';
  size: number;
}

/** Streamed output of a long operation (pull, build) or of `logs --follow`. */
export type OutputListener = (text: string) => void;

export interface ContainerEngineClient {
  readonly engine: 'moby' | 'containerd';
  listContainers(options?: { all?: boolean; namespace?: string }): Promise<ContainerSummary[]>;
  inspectContainer(id: string, namespace?: string): Promise<Record<string, unknown>>;
  startContainer(id: string, namespace?: string): Promise<void>;
  stopContainer(id: string, namespace?: string): Promise<void>;
  restartContainer(id: string, namespace?: string): Promise<void>;
  removeContainer(id: string, options?: { force?: boolean; namespace?: string }): Promise<void>;
  /** Resolves when the logs end (a stopped container) or `signal` aborts a follow. */
  logs(id: string, listener: OutputListener, options?: { follow?: boolean; tail?: number; namespace?: string; signal?: AbortSignal }): Promise<void>;
  listImages(namespace?: string): Promise<ImageSummary[]>;
  pullImage(reference: string, listener?: OutputListener, namespace?: string): Promise<void>;
  /** Builds the Dockerfile in `contextDir` (a host folder) and tags the result. */
  buildImage(contextDir: string, tag: string, listener?: OutputListener, namespace?: string): Promise<void>;
  tagImage(source: string, target: string, namespace?: string): Promise<void>;
  removeImage(reference: string, namespace?: string): Promise<void>;
  listVolumes(namespace?: string): Promise<VolumeSummary[]>;
  removeVolume(name: string, namespace?: string): Promise<void>;
  /** Lists a folder inside a volume; `subPath` is relative to the volume's root and never leaves it. */
  browseVolume(name: string, subPath: string, namespace?: string): Promise<VolumeEntry[]>;
  /** containerd namespaces (moby has none: ['default']). */
  listNamespaces(): Promise<string[]>;
}
