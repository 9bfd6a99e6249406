import { type ClusterSpec, GUEST_K8S_DIR } from './clusterSpec';

/** A client or serving certificate the cluster needs, signed by the cluster's own CA. */
interface CertSpec {
  name: string;
  subject: string;
  usage: 'clientAuth' | 'serverAuth';
  altNames?: string[];
}

export const PKI_DIR = `${ GUEST_K8S_DIR }/pki`;

/** The client certificates, one per component identity the API server's RBAC knows. */
export function clusterCerts(spec: ClusterSpec): CertSpec[] {
  return [
    {
      name: 'apiserver',
      subject: '/CN=kube-apiserver',
      usage: 'serverAuth',
      altNames: [
        'DNS:kubernetes', 'DNS:kubernetes.default', 'DNS:kubernetes.default.svc', `DNS:kubernetes.default.svc.${ spec.clusterDomain }`,
        'DNS:localhost', `DNS:${ spec.nodeName }`, 'IP:127.0.0.1', `IP:${ spec.apiServiceIp }`, `IP:${ spec.nodeIp }`,
      ],
    },
    { name: 'apiserver-kubelet-client', subject: '/O=system:masters/CN=kube-apiserver-kubelet-client', usage: 'clientAuth' },
    { name: 'admin', subject: '/O=system:masters/CN=rancher-desktop', usage: 'clientAuth' },
    { name: 'controller-manager', subject: '/CN=system:kube-controller-manager', usage: 'clientAuth' },
    { name: 'scheduler', subject: '/CN=system:kube-scheduler', usage: 'clientAuth' },
    { name: 'kubelet', subject: `/O=system:nodes/CN=system:node:${ spec.nodeName }`, usage: 'clientAuth' },
    { name: 'kube-proxy', subject: '/CN=system:kube-proxy', usage: 'clientAuth' },
  ];
}

/**
 * A shell script for the guest that makes the cluster's PKI with openssl, once: a CA, the
 * certificates above and the service-account signing key. ECDSA P-256 keys, because RSA
 * key generation costs seconds each under QEMU's emulation. A certificate is re-issued only
 * when what it must say changed (its request is kept beside it), so the keys the host's
 * kubeconfig trusts stay put across restarts. A fast reset deletes the directory.
 */
export function pkiScript(spec: ClusterSpec): string {
  const lines = [
    'set -eu',
    `mkdir -p ${ PKI_DIR } && cd ${ PKI_DIR } && umask 077`,
    'key() { [ -s "$1.key" ] || openssl ecparam -name prime256v1 -genkey -noout -out "$1.key"; }',
    'key ca',
    '[ -s ca.crt ] || openssl req -x509 -new -key ca.key -subj /CN=rancher-desktop-ca -days 3650 -out ca.crt',
    'key sa',
    '[ -s sa.pub ] || openssl ec -in sa.key -pubout -out sa.pub 2>/dev/null',
    // issue NAME SUBJECT EXTENSIONS: the extensions and subject are the certificate's identity.
    'issue() {',
    '  want="$2|$3"',
    '  [ -s "$1.crt" ] && [ "$(cat "$1.want" 2>/dev/null)" = "$want" ] && return 0',
    '  key "$1"',
    '  printf "%b\\n" "$3" > "$1.ext"',
    '  openssl req -new -key "$1.key" -subj "$2" | openssl x509 -req -CA ca.crt -CAkey ca.key -CAcreateserial -days 3650 -extfile "$1.ext" -out "$1.crt" 2>/dev/null',
    '  echo "$want" > "$1.want"',
    '}',
  ];

  for (const cert of clusterCerts(spec)) {
    const ext = [
      'basicConstraints=CA:FALSE',
      'keyUsage=critical,digitalSignature',
      `extendedKeyUsage=${ cert.usage }`,
      ...(cert.altNames ? [`subjectAltName=${ cert.altNames.join(',') }`] : []),
    ].join('\\n');

    lines.push(`issue ${ cert.name } '${ cert.subject }' '${ ext }'`);
  }
  // The host reads the CA and the admin identity for the user's kubeconfig through sudo.
  lines.push('chmod 0644 ca.crt');

  return `${ lines.join('\n') }\n`;
}
