import yaml from 'js-yaml';

import { type ClusterSpec, GUEST_K8S_DIR } from './clusterSpec';
import { PKI_DIR } from './pkiScript';

export const ETC_DIR = `${ GUEST_K8S_DIR }/etc`;

const dump = (value: unknown) => yaml.dump(value, { lineWidth: -1, noRefs: true });

/** A kubeconfig for a component inside the guest: the API on loopback, the identity by file. */
export function componentKubeconfig(spec: ClusterSpec, identity: string): string {
  return dump({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'local', cluster: { server: `https://127.0.0.1:${ spec.port }`, 'certificate-authority': `${ PKI_DIR }/ca.crt` } }],
    users: [{ name: identity, user: { 'client-certificate': `${ PKI_DIR }/${ identity }.crt`, 'client-key': `${ PKI_DIR }/${ identity }.key` } }],
    contexts: [{ name: 'local', context: { cluster: 'local', user: identity } }],
    'current-context': 'local',
  });
}

export function kubeletConfig(spec: ClusterSpec): string {
  return dump({
    apiVersion: 'kubelet.config.k8s.io/v1beta1',
    kind: 'KubeletConfiguration',
    authentication: {
      anonymous: { enabled: false },
      webhook: { enabled: true },
      x509: { clientCAFile: `${ PKI_DIR }/ca.crt` },
    },
    authorization: { mode: 'Webhook' },
    // Only the API server talks to the kubelet: on the node's address, not on every
    // interface (Lima forwards whatever listens on 0.0.0.0 to the host).
    address: spec.nodeIp,
    cgroupDriver: 'systemd',
    containerRuntimeEndpoint: 'unix:///run/containerd/containerd.sock',
    clusterDNS: [spec.clusterDns],
    clusterDomain: spec.clusterDomain,
    // The guest has no swap, and a desktop VM's disk is mostly the user's images: evict late.
    failSwapOn: false,
    evictionHard: { 'memory.available': '100Mi', 'nodefs.available': '5%', 'imagefs.available': '5%' },
    imageGCHighThresholdPercent: 95,
    imageGCLowThresholdPercent: 90,
    serializeImagePulls: false,
    resolvConf: '/etc/resolv.conf',
    // Under emulation every periodic job costs; the defaults are tuned for real clusters.
    nodeStatusReportFrequency: '1m',
    syncFrequency: '1m',
  });
}

export function kubeProxyConfig(spec: ClusterSpec): string {
  return dump({
    apiVersion: 'kubeproxy.config.k8s.io/v1alpha1',
    kind: 'KubeProxyConfiguration',
    clientConnection: { kubeconfig: `${ ETC_DIR }/kube-proxy.kubeconfig` },
    mode: 'iptables',
    clusterCIDR: spec.podCidr,
    hostnameOverride: spec.nodeName,
    healthzBindAddress: '127.0.0.1:10256',
    metricsBindAddress: '127.0.0.1:10249',
    // Leave the kernel's conntrack table size alone (kube-proxy would set it from the CPU count).
    conntrack: { maxPerCore: 0 },
  });
}

/**
 * The pod network on the single node: one bridge with host-local addresses from the node's
 * pod range (what flannel amounts to with one node), hostPort mappings, and firewall rules
 * that let pod traffic through the FORWARD chain that dockerd sets to DROP.
 */
export function cniConflist(spec: ClusterSpec): string {
  return `${ JSON.stringify({
    cniVersion: '1.0.0',
    name: 'rd-pods',
    plugins: [
      {
        type: 'bridge',
        bridge: 'cni0',
        isGateway: true,
        ipMasq: true,
        hairpinMode: true,
        ipam: { type: 'host-local', ranges: [[{ subnet: spec.nodePodCidr }]], routes: [{ dst: '0.0.0.0/0' }] },
      },
      { type: 'portmap', capabilities: { portMappings: true } },
      { type: 'firewall' },
    ],
  }, null, 2) }\n`;
}

/** containerd with its CRI plugin for kubelet: Debian's CNI plugin folder, systemd cgroups, our pause image. */
export function containerdConfig(spec: ClusterSpec): string {
  return [
    '# Written by Rancher Desktop when Kubernetes starts.',
    'version = 2',
    '',
    '[plugins."io.containerd.grpc.v1.cri"]',
    `  sandbox_image = "${ spec.images.pause }"`,
    '  [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]',
    '    runtime_type = "io.containerd.runc.v2"',
    '    [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]',
    '      SystemdCgroup = true',
    '  [plugins."io.containerd.grpc.v1.cri".cni]',
    '    bin_dir = "/usr/lib/cni"',
    '    conf_dir = "/etc/cni/net.d"',
    '',
  ].join('\n');
}
