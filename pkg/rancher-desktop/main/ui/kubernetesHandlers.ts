import { cancelForward, forwardPort, listServices, resetKubernetes } from '../operations/kubernetesOps';

import type { UiHandlers } from './uiContext';

type KubernetesRequest = 'portForwarding.list' | 'portForwarding.forward' | 'portForwarding.cancel' | 'k8s.reset';

/** The Port Forwarding page's requests and the Troubleshooting page's Kubernetes reset. */
export const kubernetesHandlers: UiHandlers<KubernetesRequest> = {
  'portForwarding.list': ({ services }, namespace) => listServices(services, namespace),
  'portForwarding.forward': ({ services }, namespace, service, k8sPort, port) => forwardPort(services, namespace, service, k8sPort, port),
  'portForwarding.cancel': ({ services }, namespace, service, k8sPort) => cancelForward(services, namespace, service, k8sPort),
  'k8s.reset': async({ services }, mode) => {
    await resetKubernetes(services, mode);
  },
};
