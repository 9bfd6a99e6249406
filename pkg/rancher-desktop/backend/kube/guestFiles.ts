import { corednsManifest, localPathManifest, traefikManifest } from './addonManifests';
import { type ClusterSpec, GUEST_K8S_DIR } from './clusterSpec';
import { cniConflist, componentKubeconfig, containerdConfig, ETC_DIR, kubeletConfig, kubeProxyConfig } from './componentConfigs';
import { imageSyncScript, importImagesScript } from './guestScripts';
import { BIN_DIR, clusterComponents, componentUnit, LOG_DIR, TARGET, targetUnit, unitFile } from './guestUnits';
import { pkiScript } from './pkiScript';

/** A file the cluster needs in the guest. */
export interface GuestFile {
  path: string;
  content: string;
  mode: number;
}

export const ADDONS_DIR = `${ ETC_DIR }/addons`;
export const CNI_CONFLIST = '/etc/cni/net.d/10-rd-pods.conflist';
export const CONTAINERD_CONFIG = '/etc/containerd/config.toml';
/** The admin kubeconfig inside the guest; Lima's guest agent reads this path to forward Services' node ports. */
export const GUEST_ADMIN_KUBECONFIG = '/etc/rancher/k3s/k3s.yaml';

/** Every generated file for this spec: units, component configs, kubeconfigs, add-on manifests, scripts. */
export function guestFiles(spec: ClusterSpec): GuestFile[] {
  const components = clusterComponents(spec);
  const files: GuestFile[] = [
    ...components.map((c) => ({ path: unitFile(c.unit), content: componentUnit(c), mode: 0o644 })),
    { path: `/etc/systemd/system/${ TARGET }`, content: targetUnit(components), mode: 0o644 },
    ...['controller-manager', 'scheduler', 'kubelet', 'kube-proxy'].map((identity) => ({ path: `${ ETC_DIR }/${ identity }.kubeconfig`, content: componentKubeconfig(spec, identity), mode: 0o600 })),
    { path: GUEST_ADMIN_KUBECONFIG, content: componentKubeconfig(spec, 'admin'), mode: 0o600 },
    { path: `${ ETC_DIR }/kubelet.yaml`, content: kubeletConfig(spec), mode: 0o644 },
    { path: `${ ETC_DIR }/kube-proxy.yaml`, content: kubeProxyConfig(spec), mode: 0o644 },
    { path: CONTAINERD_CONFIG, content: containerdConfig(spec), mode: 0o644 },
    { path: `${ ADDONS_DIR }/coredns.yaml`, content: corednsManifest(spec), mode: 0o644 },
    { path: `${ ADDONS_DIR }/local-path.yaml`, content: localPathManifest(spec), mode: 0o644 },
    { path: `${ BIN_DIR }/rd-k8s-import-images`, content: importImagesScript(), mode: 0o755 },
    { path: `${ BIN_DIR }/pki`, content: pkiScript(spec), mode: 0o755 },
  ];

  if (spec.traefik) {
    files.push({ path: `${ ADDONS_DIR }/traefik.yaml`, content: traefikManifest(spec), mode: 0o644 });
  }
  if (spec.podNetwork) {
    files.push({ path: CNI_CONFLIST, content: cniConflist(spec), mode: 0o644 });
  }
  if (spec.engine === 'moby') {
    files.push({ path: `${ BIN_DIR }/rd-k8s-image-sync`, content: imageSyncScript(), mode: 0o755 });
  }

  return files;
}

/** Paths this install may have written before and that the spec no longer wants. */
function staleFiles(spec: ClusterSpec, files: GuestFile[]): string[] {
  const wanted = new Set(files.map((f) => f.path));
  const candidates = [
    CNI_CONFLIST, `${ ADDONS_DIR }/traefik.yaml`, `${ BIN_DIR }/rd-k8s-image-sync`, unitFile('rd-k8s-image-sync'),
  ];

  return candidates.filter((p) => !wanted.has(p));
}

/**
 * One shell script (run as root in the guest, fed on stdin: one round trip however many
 * files) that writes the files that differ, removes those no longer wanted, links the
 * distribution's programs into BIN_DIR, makes the PKI, reloads systemd when a unit changed
 * and restarts containerd when its config did. It prints `changed <path>` per change.
 * `links` maps a program name in BIN_DIR to the guest path of its content.
 */
export function installScript(spec: ClusterSpec, links: Record<string, string>): string {
  const files = guestFiles(spec);
  const marker = 'RD_EOF_7f3a9c';
  const lines = [
    'set -eu',
    'umask 022',
    `mkdir -p ${ BIN_DIR } ${ ETC_DIR } ${ ADDONS_DIR } ${ GUEST_K8S_DIR }/db ${ GUEST_K8S_DIR }/images ${ LOG_DIR } /etc/cni/net.d /etc/rancher/k3s ${ spec.storageDir }`,
    'changes=$(mktemp)',
    // put PATH MODE < content: replaces the file only when its content differs.
    'put() { tmp="$1.rd-new"; cat > "$tmp"; chmod "$2" "$tmp"; if cmp -s "$tmp" "$1"; then rm -f "$tmp"; else mv -f "$tmp" "$1"; echo "changed $1" | tee -a "$changes"; fi; }',
  ];

  for (const file of files) {
    if (file.content.includes(marker)) {
      throw new Error(`generated file ${ file.path } contains the heredoc marker`);
    }
    lines.push(`put ${ file.path } ${ file.mode.toString(8) } <<'${ marker }'`, file.content.replace(/\n$/, ''), marker);
  }
  for (const stale of staleFiles(spec, files)) {
    lines.push(`if [ -e ${ stale } ]; then rm -f ${ stale }; echo "changed ${ stale }" | tee -a "$changes"; fi`);
  }
  for (const [name, target] of Object.entries(links)) {
    lines.push(`ln -sfn ${ target } ${ BIN_DIR }/${ name }`);
  }
  lines.push(
    `${ BIN_DIR }/pki`,
    'if grep -q " /etc/systemd/system/" "$changes"; then systemctl daemon-reload; fi',
    `if grep -q " ${ CONTAINERD_CONFIG }$" "$changes"; then systemctl restart containerd; fi`,
    'rm -f "$changes"',
  );

  return `${ lines.join('\n') }\n`;
}
