import type { Settings } from '@pkg/config/settingsTypes';

/** Where everything Kubernetes keeps in the guest lives (on the VM's disk, so it survives restarts). */
export const GUEST_K8S_DIR = '/var/lib/rancher-desktop/k8s';

/** The node's name, as Rancher Desktop's node is called. */
export const NODE_NAME = 'lima-rancher-desktop';

/** The image references the cluster's own pods use, read from the built add-on images. */
export interface AddonImages {
  pause: string;
  coredns: string;
  localPath: string;
  busybox: string;
  /** Absent when this install has no traefik image. */
  traefik?: string;
}

/**
 * Everything the generated guest files depend on, computed once from the settings: two
 * starts with equal specs write byte-identical files, so "did anything change" is a string
 * comparison. Addresses are k3s's defaults, which RD users' manifests and habits assume.
 */
export interface ClusterSpec {
  version: string;
  /** kubernetes.port: where the API server listens in the guest, forwarded to the host's 127.0.0.1. */
  port: number;
  nodeName: string;
  /** The guest's address on Lima's user-mode network. */
  nodeIp: string;
  podCidr: string;
  nodePodCidr: string;
  serviceCidr: string;
  /** First address of the service range: the `kubernetes` Service. */
  apiServiceIp: string;
  clusterDns: string;
  clusterDomain: string;
  /** kubernetes.options.flannel: the node's pod network (a bridge on one node); off leaves CNI to the user. */
  podNetwork: boolean;
  traefik: boolean;
  engine: Settings['containerEngine']['name'];
  images: AddonImages;
  /** Where local-path-provisioner puts PersistentVolumes. */
  storageDir: string;
}

export function clusterSpec(settings: Settings, version: string, images: AddonImages): ClusterSpec {
  return {
    version,
    port: settings.kubernetes.port,
    nodeName: NODE_NAME,
    nodeIp: '192.168.5.15',
    podCidr: '10.42.0.0/16',
    nodePodCidr: '10.42.0.0/24',
    serviceCidr: '10.43.0.0/16',
    apiServiceIp: '10.43.0.1',
    clusterDns: '10.43.0.10',
    clusterDomain: 'cluster.local',
    podNetwork: settings.kubernetes.options.flannel,
    traefik: settings.kubernetes.options.traefik && !!images.traefik,
    engine: settings.containerEngine.name,
    images,
    storageDir: '/var/lib/rancher-desktop/storage',
  };
}
