import yaml from 'js-yaml';

import type { ClusterSpec } from './clusterSpec';

type Obj = Record<string, unknown>;

const NS = 'kube-system';
const stream = (objects: Obj[]) => objects.map((o) => `---\n${ yaml.dump(o, { lineWidth: -1, noRefs: true }) }`).join('');
const meta = (name: string, extra: Obj = {}) => ({ name, namespace: NS, ...extra });
const clusterRbac = (name: string, account: string, rules: Obj[]): Obj[] => [
  { apiVersion: 'v1', kind: 'ServiceAccount', metadata: meta(account) },
  { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name }, rules },
  {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRoleBinding',
    metadata: { name },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name },
    subjects: [{ kind: 'ServiceAccount', name: account, namespace: NS }],
  },
];
// The cluster's own pods run on the one node whatever taints it gets.
const systemPod = { priorityClassName: 'system-cluster-critical', tolerations: [{ key: 'CriticalAddonsOnly', operator: 'Exists' }, { key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoSchedule' }] };
const deployment = (name: string, labels: Obj, pod: Obj): Obj => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: meta(name, { labels }),
  spec: { replicas: 1, selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { ...systemPod, ...pod } } },
});

/** CoreDNS as the cluster's DNS (the `kube-dns` Service at the address kubelet gives pods). */
export function corednsManifest(spec: ClusterSpec): string {
  const labels = { 'k8s-app': 'kube-dns' };
  const corefile = [
    '.:53 {',
    '    errors',
    '    health',
    '    ready',
    `    kubernetes ${ spec.clusterDomain } in-addr.arpa ip6.arpa {`,
    '        pods insecure',
    '        fallthrough in-addr.arpa ip6.arpa',
    '    }',
    '    prometheus :9153',
    '    forward . /etc/resolv.conf',
    '    cache 30',
    '    loop',
    '    reload',
    '    loadbalance',
    '}',
    '',
  ].join('\n');

  return stream([
    ...clusterRbac('system:coredns', 'coredns', [
      { apiGroups: [''], resources: ['endpoints', 'services', 'pods', 'namespaces'], verbs: ['list', 'watch'] },
      { apiGroups: ['discovery.k8s.io'], resources: ['endpointslices'], verbs: ['list', 'watch'] },
    ]),
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: meta('coredns'), data: { Corefile: corefile } },
    deployment('coredns', labels, {
      serviceAccountName: 'coredns',
      dnsPolicy: 'Default',
      containers: [{
        name: 'coredns',
        image: spec.images.coredns,
        imagePullPolicy: 'IfNotPresent',
        args: ['-conf', '/etc/coredns/Corefile'],
        ports: [{ name: 'dns', containerPort: 53, protocol: 'UDP' }, { name: 'dns-tcp', containerPort: 53, protocol: 'TCP' }, { name: 'metrics', containerPort: 9153, protocol: 'TCP' }],
        securityContext: { capabilities: { add: ['NET_BIND_SERVICE'], drop: ['ALL'] }, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false },
        resources: { requests: { cpu: '50m', memory: '30Mi' }, limits: { memory: '170Mi' } },
        readinessProbe: { httpGet: { path: '/ready', port: 8181 }, periodSeconds: 5 },
        livenessProbe: { httpGet: { path: '/health', port: 8080 }, initialDelaySeconds: 60, periodSeconds: 30, failureThreshold: 5 },
        volumeMounts: [{ name: 'config', mountPath: '/etc/coredns', readOnly: true }],
      }],
      volumes: [{ name: 'config', configMap: { name: 'coredns' } }],
    }),
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: meta('kube-dns', { labels: { ...labels, 'kubernetes.io/name': 'CoreDNS' } }),
      spec: {
        selector: labels,
        clusterIP: spec.clusterDns,
        ports: [{ name: 'dns', port: 53, protocol: 'UDP' }, { name: 'dns-tcp', port: 53, protocol: 'TCP' }, { name: 'metrics', port: 9153, protocol: 'TCP' }],
      },
    },
  ]);
}

/** local-path-provisioner and the default StorageClass `local-path`, as k3s ships them. */
export function localPathManifest(spec: ClusterSpec): string {
  const labels = { app: 'local-path-provisioner' };
  const account = 'local-path-provisioner-service-account';
  const helperPod = yaml.dump({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'helper-pod' },
    spec: {
      priorityClassName: 'system-node-critical',
      tolerations: [{ key: 'node.kubernetes.io/disk-pressure', operator: 'Exists', effect: 'NoSchedule' }],
      containers: [{ name: 'helper-pod', image: spec.images.busybox, imagePullPolicy: 'IfNotPresent' }],
    },
  });

  return stream([
    ...clusterRbac('local-path-provisioner-role', account, [
      { apiGroups: [''], resources: ['nodes', 'persistentvolumeclaims', 'configmaps', 'pods/log'], verbs: ['get', 'list', 'watch'] },
      { apiGroups: [''], resources: ['endpoints', 'persistentvolumes', 'pods'], verbs: ['*'] },
      { apiGroups: [''], resources: ['events'], verbs: ['create', 'patch'] },
      { apiGroups: ['storage.k8s.io'], resources: ['storageclasses'], verbs: ['get', 'list', 'watch'] },
    ]),
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: meta('local-path-config'),
      data: {
        'config.json': JSON.stringify({ nodePathMap: [{ node: 'DEFAULT_PATH_FOR_NON_LISTED_NODES', paths: [spec.storageDir] }] }, null, 2),
        setup: '#!/bin/sh\nset -eu\nmkdir -m 0777 -p "$VOL_DIR"\n',
        teardown: '#!/bin/sh\nset -eu\nrm -rf "$VOL_DIR"\n',
        'helperPod.yaml': helperPod,
      },
    },
    deployment('local-path-provisioner', labels, {
      serviceAccountName: account,
      containers: [{
        name: 'local-path-provisioner',
        image: spec.images.localPath,
        imagePullPolicy: 'IfNotPresent',
        command: ['local-path-provisioner', 'start', '--config', '/etc/config/config.json', '--service-account-name', account, '--configmap-name', 'local-path-config', '--helper-image', spec.images.busybox],
        env: [{ name: 'POD_NAMESPACE', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } }, { name: 'CONFIG_MOUNT_PATH', value: '/etc/config/' }],
        resources: { requests: { cpu: '10m', memory: '20Mi' } },
        volumeMounts: [{ name: 'config', mountPath: '/etc/config/' }],
      }],
      volumes: [{ name: 'config', configMap: { name: 'local-path-config' } }],
    }),
    {
      apiVersion: 'storage.k8s.io/v1',
      kind: 'StorageClass',
      metadata: { name: 'local-path', annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } },
      provisioner: 'rancher.io/local-path',
      volumeBindingMode: 'WaitForFirstConsumer',
      reclaimPolicy: 'Delete',
    },
  ]);
}

/**
 * traefik v3 as the default ingress controller (kubernetes.options.traefik, on by default
 * as in RD): the `traefik` IngressClass, and entry points on the node's ports 80 and 443
 * (hostPorts, which Lima forwards to the host where the user may bind them).
 */
export function traefikManifest(spec: ClusterSpec): string {
  const labels = { 'app.kubernetes.io/name': 'traefik' };

  return stream([
    ...clusterRbac('traefik-kube-system', 'traefik', [
      { apiGroups: [''], resources: ['services', 'endpoints', 'secrets', 'nodes'], verbs: ['get', 'list', 'watch'] },
      { apiGroups: ['discovery.k8s.io'], resources: ['endpointslices'], verbs: ['list', 'watch'] },
      { apiGroups: ['extensions', 'networking.k8s.io'], resources: ['ingresses', 'ingressclasses'], verbs: ['get', 'list', 'watch'] },
      { apiGroups: ['extensions', 'networking.k8s.io'], resources: ['ingresses/status'], verbs: ['update'] },
    ]),
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'IngressClass',
      metadata: { name: 'traefik', annotations: { 'ingressclass.kubernetes.io/is-default-class': 'true' } },
      spec: { controller: 'traefik.io/ingress-controller' },
    },
    deployment('traefik', labels, {
      serviceAccountName: 'traefik',
      containers: [{
        name: 'traefik',
        image: spec.images.traefik,
        imagePullPolicy: 'IfNotPresent',
        args: ['--entryPoints.web.address=:8000/tcp', '--entryPoints.websecure.address=:8443/tcp', '--entryPoints.traefik.address=:9000/tcp', '--ping=true', '--providers.kubernetesingress=true', '--log.level=INFO'],
        ports: [{ name: 'web', containerPort: 8000, hostPort: 80 }, { name: 'websecure', containerPort: 8443, hostPort: 443 }],
        readinessProbe: { httpGet: { path: '/ping', port: 9000 }, periodSeconds: 10 },
        securityContext: { capabilities: { drop: ['ALL'] }, readOnlyRootFilesystem: true, runAsNonRoot: true, runAsUser: 65532, runAsGroup: 65532 },
        volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }],
      }],
      volumes: [{ name: 'tmp', emptyDir: {} }],
    }),
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: meta('traefik', { labels }),
      spec: { type: 'ClusterIP', selector: labels, ports: [{ name: 'web', port: 80, targetPort: 'web' }, { name: 'websecure', port: 443, targetPort: 'websecure' }] },
    },
  ]);
}
