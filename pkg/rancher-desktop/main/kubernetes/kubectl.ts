import path from 'node:path';

import { RD_CONTEXT } from '@pkg/utils/node/kubeconfigFile';

/** How the core runs kubectl against Rancher Desktop's cluster. */
export interface KubectlTarget {
  /** The kubectl executable (the bundled one). */
  kubectl: string;
  /** The kubeconfig that holds the rancher-desktop context; read at each call, as the backend may write it late. */
  kubeconfig: () => string;
  /** The environment kubectl runs with. */
  env: Record<string, string | undefined>;
}

/** The kubectl shipped with the app: `<resources>/<platform>/bin/kubectl`. */
export function bundledKubectl(resources: string, platform: NodeJS.Platform): string {
  return path.join(resources, platform, 'bin', platform === 'win32' ? 'kubectl.exe' : 'kubectl');
}

/** The arguments that point kubectl at our cluster, whatever the user's current context is. */
export function kubectlArgs(target: KubectlTarget, ...args: string[]): string[] {
  return ['--kubeconfig', target.kubeconfig(), '--context', RD_CONTEXT, ...args];
}

// klog's prefix, e.g. `E1202 20:05:21.565846   17500 memcache.go:265] …`: client-go's retries, noise beside kubectl's own message.
const KLOG_LINE = /^[IWEF]\d{4} \d{2}:\d{2}:\d{2}\.\d+\s+\d+ \S+:\d+\]/;

/** What kubectl said went wrong: its stderr without client-go's log lines (unless that is all there is). */
export function kubectlReason(stderr: string): string {
  const lines = stderr.split('\n').map((l) => l.trim()).filter(Boolean);
  const own = lines.filter((l) => !KLOG_LINE.test(l));

  return (own.length > 0 ? own : lines.slice(-1)).slice(-5).join('\n');
}
