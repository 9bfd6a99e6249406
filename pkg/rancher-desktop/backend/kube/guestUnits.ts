import { type ClusterSpec, GUEST_K8S_DIR } from './clusterSpec';
import { ETC_DIR } from './componentConfigs';
import { PKI_DIR } from './pkiScript';

export const BIN_DIR = `${ GUEST_K8S_DIR }/bin`;
export const LOG_DIR = '/var/log/rd-k8s';
export const TARGET = 'rd-kubernetes.target';
/** The job that imports the add-ons' images. */
export const IMAGES_UNIT = 'rd-k8s-images';

/** One supervised service of the cluster. */
export interface ComponentUnit {
  /** The systemd unit's name without `.service`. */
  unit: string;
  /** The program in BIN_DIR (the multicall binary's link for Kubernetes components). */
  program: string;
  args: string[];
  after?: string[];
  wants?: string[];
  execStartPre?: string[];
  /** A job that runs once per start and then counts as active (not a daemon). */
  oneshot?: boolean;
}

export const unitFile = (unit: string) => `/etc/systemd/system/${ unit }.service`;

const pki = (file: string) => `${ PKI_DIR }/${ file }`;

function apiServerArgs(spec: ClusterSpec): string[] {
  return [
    `--advertise-address=${ spec.nodeIp }`, '--bind-address=0.0.0.0', `--secure-port=${ spec.port }`,
    '--etcd-servers=http://127.0.0.1:2379', `--service-cluster-ip-range=${ spec.serviceCidr }`,
    `--client-ca-file=${ pki('ca.crt') }`, `--tls-cert-file=${ pki('apiserver.crt') }`, `--tls-private-key-file=${ pki('apiserver.key') }`,
    `--kubelet-client-certificate=${ pki('apiserver-kubelet-client.crt') }`, `--kubelet-client-key=${ pki('apiserver-kubelet-client.key') }`,
    '--kubelet-preferred-address-types=InternalIP',
    `--service-account-key-file=${ pki('sa.pub') }`, `--service-account-signing-key-file=${ pki('sa.key') }`,
    `--service-account-issuer=https://kubernetes.default.svc.${ spec.clusterDomain }`,
    '--authorization-mode=Node,RBAC', '--enable-admission-plugins=NodeRestriction', '--allow-privileged=true',
    // One user on one node: fairness queues and profiling cost CPU that emulation lacks.
    '--enable-priority-and-fairness=false', '--profiling=false',
  ];
}

/** The datastore, and the job that imports the add-ons' images. */
const beforeControlPlane: ComponentUnit[] = [
  {
    unit: 'rd-k8s-kine',
    program: 'kine',
    // Loopback only: nothing but the API server may reach the datastore.
    // Its metrics listener defaults to :8080 on every interface, which Lima would forward
    // to the host's 127.0.0.1:8080, a port users' own servers want: "0" turns it off.
    args: ['--listen-address=127.0.0.1:2379', `--endpoint=sqlite://${ GUEST_K8S_DIR }/db/state.db?_journal=WAL&cache=shared&_busy_timeout=30000`, '--metrics-bind-address=0'],
  },
  {
    // The add-ons' images (traefik's: a minute to unpack under emulation) are imported
    // beside the control plane's start; the host waits for it only to deploy the add-ons.
    unit: IMAGES_UNIT,
    program: 'rd-k8s-import-images',
    oneshot: true,
    after: ['containerd.service'],
    wants: ['containerd.service'],
    args: [],
  },
];

/** The components in start order; the datastore is kine on SQLite, as in k3s. */
export function clusterComponents(spec: ClusterSpec): ComponentUnit[] {
  const kubeconfig = (name: string) => `${ ETC_DIR }/${ name }.kubeconfig`;
  const auth = (name: string) => [`--kubeconfig=${ kubeconfig(name) }`, `--authentication-kubeconfig=${ kubeconfig(name) }`, `--authorization-kubeconfig=${ kubeconfig(name) }`];
  const units: ComponentUnit[] = [
    ...beforeControlPlane,
    {
      unit: 'rd-k8s-apiserver',
      program: 'kube-apiserver',
      after: ['rd-k8s-kine.service'],
      args: apiServerArgs(spec),
    },
    {
      unit: 'rd-k8s-controller-manager',
      program: 'kube-controller-manager',
      after: ['rd-k8s-apiserver.service'],
      args: [
        ...auth('controller-manager'), '--bind-address=127.0.0.1', '--leader-elect=false', '--profiling=false',
        `--cluster-signing-cert-file=${ pki('ca.crt') }`, `--cluster-signing-key-file=${ pki('ca.key') }`,
        `--root-ca-file=${ pki('ca.crt') }`, `--service-account-private-key-file=${ pki('sa.key') }`, '--use-service-account-credentials=true',
        '--allocate-node-cidrs=true', `--cluster-cidr=${ spec.podCidr }`, '--node-cidr-mask-size=24', `--service-cluster-ip-range=${ spec.serviceCidr }`,
      ],
    },
    {
      unit: 'rd-k8s-scheduler',
      program: 'kube-scheduler',
      after: ['rd-k8s-apiserver.service'],
      args: [...auth('scheduler'), '--bind-address=127.0.0.1', '--leader-elect=false', '--profiling=false'],
    },
    {
      unit: 'rd-k8s-kubelet',
      program: 'kubelet',
      after: ['containerd.service', 'rd-k8s-apiserver.service'],
      wants: ['containerd.service'],
      // Every pod needs the sandbox image, which cannot be pulled: it must be in first.
      execStartPre: [`${ BIN_DIR }/rd-k8s-import-images pause`],
      args: [`--config=${ ETC_DIR }/kubelet.yaml`, `--kubeconfig=${ kubeconfig('kubelet') }`, `--hostname-override=${ spec.nodeName }`, `--node-ip=${ spec.nodeIp }`],
    },
    {
      unit: 'rd-k8s-proxy',
      program: 'kube-proxy',
      after: ['rd-k8s-apiserver.service'],
      execStartPre: ['-/sbin/modprobe br_netfilter', '/sbin/sysctl -q -w net.bridge.bridge-nf-call-iptables=1 net.ipv4.ip_forward=1'],
      args: [`--config=${ ETC_DIR }/kube-proxy.yaml`],
    },
  ];

  if (spec.engine === 'moby') {
    units.push({ unit: 'rd-k8s-image-sync', program: 'rd-k8s-image-sync', after: ['docker.service', 'containerd.service'], args: [] });
  }

  return units;
}

/**
 * The systemd unit of a component: restarted whenever it exits (systemd logs each restart
 * and counts them in NRestarts, which the host watches), its output in a log file of its
 * own so a failure can quote it, and bound to the cluster's target so stopping the target
 * stops them all. None is enabled at boot: the backend starts the target when
 * kubernetes.enabled is on, so turning it off needs no change to the VM.
 */
export function componentUnit(component: ComponentUnit): string {
  const command = [`${ BIN_DIR }/${ component.program }`, ...component.args].map((a) => (/[\s%;]/.test(a) ? `"${ a.replace(/%/g, '%%') }"` : a)).join(' \\\n  ');

  return [
    '# Written by Rancher Desktop when Kubernetes starts; edits are replaced.',
    '[Unit]',
    `Description=Rancher Desktop Kubernetes: ${ component.program }`,
    `PartOf=${ TARGET }`,
    ...(component.after ? [`After=${ component.after.join(' ') }`] : []),
    ...(component.wants ? [`Wants=${ component.wants.join(' ') }`] : []),
    // Never give up restarting: a component that crash-loops is the user's signal, not ours.
    'StartLimitIntervalSec=0',
    '',
    '[Service]',
    'Environment=PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
    `WorkingDirectory=${ GUEST_K8S_DIR }`,
    ...(component.execStartPre ?? []).map((c) => `ExecStartPre=${ c }`),
    `ExecStart=${ command }`,
    // systemd allows a oneshot job no more than on-failure.
    ...(component.oneshot ? ['Type=oneshot', 'RemainAfterExit=yes', 'Restart=on-failure'] : ['Type=simple', 'Restart=always']),
    'RestartSec=3',
    `StandardOutput=append:${ LOG_DIR }/${ component.program }.log`,
    'StandardError=inherit',
    // Containers' processes belong to containerd's shims, never to the kubelet's cgroup.
    'KillMode=process',
    'LimitNOFILE=1048576',
    '',
  ].join('\n');
}

export function targetUnit(components: ComponentUnit[]): string {
  return [
    '# Written by Rancher Desktop when Kubernetes starts; edits are replaced.',
    '[Unit]',
    'Description=Rancher Desktop Kubernetes',
    `Wants=${ components.map((c) => `${ c.unit }.service`).join(' ') }`,
    '',
  ].join('\n');
}
