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
