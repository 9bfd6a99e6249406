import type { K8sResetMode } from '@pkg/ipc/kubernetes';
import { UserError } from '@pkg/utils/errors';

import type { UiHandlers } from './uiContext';
import { optionalText, text } from './uiArgs';

type KubernetesRequest = 'portForwarding.list' | 'portForwarding.forward' | 'portForwarding.cancel' | 'k8s.reset';

function servicePort(value: unknown): number | string {
  if (typeof value === 'number') {
    return value;
  }

  return text(value, 'Service port');
}

function hostPort(value: unknown): number {
  if (value === undefined || value === null) {
    return 0;
  }
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    throw new UserError('bad-request', 'host port must be a whole number (0 for any free port)');
  }

  return value;
}

/** The Port Forwarding page's requests and the Troubleshooting page's Kubernetes reset. */
export const kubernetesHandlers: UiHandlers<KubernetesRequest> = {
  'portForwarding.list': ({ services }, namespace) => services.kubernetes.listServices(optionalText(namespace, 'namespace')),
  'portForwarding.forward': ({ services }, namespace, service, k8sPort, port) => services.kubernetes.forwardPort(text(namespace, 'namespace'), text(service, 'service'), servicePort(k8sPort), hostPort(port)),
  'portForwarding.cancel': ({ services }, namespace, service, k8sPort) => services.kubernetes.cancelForward(text(namespace, 'namespace'), text(service, 'service'), servicePort(k8sPort)),
  'k8s.reset': ({ services }, mode) => {
    if (mode !== 'fast' && mode !== 'wipe') {
      throw new UserError('bad-request', `invalid reset mode "${ String(mode) }": use fast or wipe`);
    }

    return services.backend.resetKubernetes(mode as K8sResetMode);
  },
};
