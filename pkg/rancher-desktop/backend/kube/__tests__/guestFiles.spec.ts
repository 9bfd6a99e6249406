import yaml from 'js-yaml';

import { defaultSettings } from '@pkg/config/defaults';
import type { Settings } from '@pkg/config/settingsTypes';

import { clusterSpec } from '../clusterSpec';
import { CNI_CONFLIST, guestFiles, installScript } from '../guestFiles';
import { fullImageRef } from '../guestScripts';
import { clusterComponents, componentUnit } from '../guestUnits';
import { clusterCerts, pkiScript } from '../pkiScript';

const images = { pause: 'registry.k8s.io/pause:3.10', coredns: 'rancher/mirrored-coredns-coredns:1.12.3', localPath: 'rancher/local-path-provisioner:v0.0.30', busybox: 'rancher/mirrored-library-busybox:1.35.0', traefik: 'rancher/mirrored-library-traefik:3.5.0' };

function settings(change: (s: Settings) => void = () => {}): Settings {
  const s = structuredClone(defaultSettings({ platform: 'linux', kernelMajor: 6, totalMemoryBytes: 16 * 2 ** 30, arch: 'x64' }));

  change(s);

  return s;
}

const spec = (change?: (s: Settings) => void) => clusterSpec(settings(change), '1.34.4', images);
const file = (files: ReturnType<typeof guestFiles>, suffix: string) => files.find((f) => f.path.endsWith(suffix));

describe('generated guest files', () => {
  it('runs kine and the five components as supervised units, restarting forever', () => {
    const units = clusterComponents(spec((s) => (s.containerEngine.name = 'containerd')));

    const daemons = units.filter((u) => !u.oneshot);

    expect(daemons.map((u) => u.program)).toEqual(['kine', 'kube-apiserver', 'kube-controller-manager', 'kube-scheduler', 'kubelet', 'kube-proxy']);
    for (const unit of daemons) {
      const text = componentUnit(unit);

      expect(text).toContain('Restart=always');
      expect(text).toContain('StartLimitIntervalSec=0');
      expect(text).toContain('PartOf=rd-kubernetes.target');
      expect(text).toMatch(new RegExp(`StandardOutput=append:/var/log/rd-k8s/${ unit.program }.log`));
    }
  });

  it('puts the API server on kubernetes.port and keeps the datastore on loopback', () => {
    const units = clusterComponents(spec((s) => (s.kubernetes.port = 7443)));
    const apiserver = units.find((u) => u.program === 'kube-apiserver');
    const kine = units.find((u) => u.program === 'kine');

    expect(apiserver?.args).toContain('--secure-port=7443');
    expect(apiserver?.args).toContain('--etcd-servers=http://127.0.0.1:2379');
    expect(kine?.args).toContain('--listen-address=127.0.0.1:2379');
    expect(componentUnit(kine!)).toContain('--endpoint=sqlite:///var/lib/rancher-desktop/k8s/db/state.db?_journal=WAL&cache=shared&_busy_timeout=30000');
    // systemd would read % as a specifier and a space as a separator: such arguments are quoted.
    expect(componentUnit({ unit: 'x', program: 'x', args: ['--a=1%', '--b=c d'] })).toContain('"--a=1%%" \\\n  "--b=c d"');
  });

  it('imports only pause before kubelet and the other images in a job of their own, with metrics off the host\'s 8080', () => {
    const units = clusterComponents(spec());
    const images = units.find((u) => u.unit === 'rd-k8s-images')!;
    const kubelet = units.find((u) => u.program === 'kubelet')!;

    expect(componentUnit(images)).toMatch(/Type=oneshot\nRemainAfterExit=yes\nRestart=on-failure/);
    expect(componentUnit(images)).not.toContain('Restart=always');
    expect(kubelet.execStartPre).toEqual(['/var/lib/rancher-desktop/k8s/bin/rd-k8s-import-images pause']);
    expect(units.find((u) => u.program === 'kine')!.args).toContain('--metrics-bind-address=0');
    expect(fullImageRef('rancher/mirrored-coredns-coredns:1.12.1')).toBe('docker.io/rancher/mirrored-coredns-coredns:1.12.1');
    expect(fullImageRef('busybox:1')).toBe('docker.io/library/busybox:1');
    expect(fullImageRef('registry.k8s.io/pause:3.10')).toBe('registry.k8s.io/pause:3.10');
    expect(fullImageRef('localhost/x:1')).toBe('localhost/x:1');
  });

  it('syncs docker images into k8s.io only with moby', () => {
    expect(clusterComponents(spec((s) => (s.containerEngine.name = 'moby'))).map((u) => u.unit)).toContain('rd-k8s-image-sync');
    expect(clusterComponents(spec((s) => (s.containerEngine.name = 'containerd'))).map((u) => u.unit)).not.toContain('rd-k8s-image-sync');
  });

  it('configures kubelet for containerd CRI with systemd cgroups and the cluster DNS', () => {
    const kubelet = yaml.load(file(guestFiles(spec()), '/kubelet.yaml')!.content) as Record<string, unknown>;
    const containerd = file(guestFiles(spec()), '/etc/containerd/config.toml')!.content;

    expect(kubelet).toMatchObject({ cgroupDriver: 'systemd', containerRuntimeEndpoint: 'unix:///run/containerd/containerd.sock', clusterDNS: ['10.43.0.10'], address: '192.168.5.15' });
    expect(containerd).toContain('SystemdCgroup = true');
    expect(containerd).toContain('sandbox_image = "registry.k8s.io/pause:3.10"');
    expect(containerd).toContain('bin_dir = "/usr/lib/cni"');
  });

  it('has the pod network with flannel on and leaves CNI to the user with it off', () => {
    const on = file(guestFiles(spec()), CNI_CONFLIST);

    expect(JSON.parse(on!.content).plugins.map((p: { type: string }) => p.type)).toEqual(['bridge', 'portmap', 'firewall']);
    expect(file(guestFiles(spec((s) => (s.kubernetes.options.flannel = false))), CNI_CONFLIST)).toBeUndefined();
    expect(installScript(spec((s) => (s.kubernetes.options.flannel = false)), {})).toContain(`rm -f ${ CNI_CONFLIST }`);
  });

  it('deploys traefik only when asked and when its image exists', () => {
    expect(file(guestFiles(spec()), 'traefik.yaml')).toBeDefined();
    expect(file(guestFiles(spec((s) => (s.kubernetes.options.traefik = false))), 'traefik.yaml')).toBeUndefined();
    expect(file(guestFiles(clusterSpec(settings(), '1.34.4', { ...images, traefik: undefined })), 'traefik.yaml')).toBeUndefined();
  });

  it('writes manifests that parse and use the add-on images', () => {
    const files = guestFiles(spec());
    const coredns = yaml.loadAll(file(files, 'coredns.yaml')!.content) as { kind: string; spec?: { clusterIP?: string } }[];
    const localPath = file(files, 'local-path.yaml')!.content;

    expect(coredns.map((o) => o.kind)).toEqual(['ServiceAccount', 'ClusterRole', 'ClusterRoleBinding', 'ConfigMap', 'Deployment', 'Service']);
    expect(coredns.find((o) => o.kind === 'Service')?.spec?.clusterIP).toBe('10.43.0.10');
    expect(file(files, 'coredns.yaml')!.content).toContain(images.coredns);
    expect(localPath).toContain('storageclass.kubernetes.io/is-default-class');
    expect(localPath).toContain(images.busybox);
  });

  it('issues the apiserver certificate for every name the API is reached by', () => {
    const apiserver = clusterCerts(spec()).find((c) => c.name === 'apiserver');

    expect(apiserver?.altNames).toEqual(expect.arrayContaining(['IP:127.0.0.1', 'IP:10.43.0.1', 'IP:192.168.5.15', 'DNS:kubernetes.default.svc.cluster.local']));
    expect(pkiScript(spec())).toContain("issue kubelet '/O=system:nodes/CN=system:node:lima-rancher-desktop'");
    expect(pkiScript(spec())).toContain('prime256v1');
  });

  it('is one script that replaces only changed files and links the programs', () => {
    const script = installScript(spec(), { kubelet: '/var/lib/rancher-desktop/k8s/files/abc' });

    expect(script).toContain('ln -sfn /var/lib/rancher-desktop/k8s/files/abc /var/lib/rancher-desktop/k8s/bin/kubelet');
    expect(script).toContain("put /etc/systemd/system/rd-k8s-apiserver.service 644 <<'RD_EOF_7f3a9c'");
    expect(script).toContain('systemctl daemon-reload');
    expect(script).toContain('systemctl restart containerd');
    // Equal specs give the same script: nothing changes in the guest on a plain restart.
    expect(installScript(spec(), {})).toBe(installScript(spec(), {}));
  });
});
