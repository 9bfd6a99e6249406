import type { VMBackend } from '@pkg/backend/types';
import type { Logger } from '@pkg/utils/logger';
import { kubeconfigFileFor } from '@pkg/utils/node/kubeconfigFile';
import { runProcess } from '@pkg/utils/node/processRunner';

import type { BackendController, KubernetesService } from '../coreServices';

import { ClusterServices } from './clusterServices';
import { bundledKubectl, type KubectlTarget } from './kubectl';
import { mockServiceLister, MockPortForwarder } from './mockCluster';
import { KubectlPortForwarder } from './portForwarder';
import { kubectlServiceLister } from './serviceLister';

export interface KubernetesServiceOptions {
  /** Which backend runs: the mock has no cluster, so its Services are simulated. */
  backendName: VMBackend['name'];
  backend: BackendController;
  resources: string;
  platform: NodeJS.Platform;
  home: string;
  env: Record<string, string | undefined>;
  logger: Logger;
}

/** CoreServices.kubernetes: kubectl against the rancher-desktop context, or the mock's simulated cluster. */
export function createKubernetesService(options: KubernetesServiceOptions): KubernetesService {
  const { backend, logger } = options;

  if (options.backendName === 'mock') {
    return new ClusterServices({ backend, lister: mockServiceLister, forwarder: new MockPortForwarder(logger), logger });
  }
  const target: KubectlTarget = {
    kubectl: bundledKubectl(options.resources, options.platform),
    kubeconfig: () => kubeconfigFileFor(options.home, options.env),
    env: options.env,
  };

  return new ClusterServices({ backend, lister: kubectlServiceLister(runProcess, target), forwarder: new KubectlPortForwarder({ target, logger }), logger });
}
