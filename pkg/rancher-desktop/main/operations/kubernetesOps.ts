import type { K8sResetMode, ServiceEntry } from '@pkg/ipc/kubernetes';
import { UserError } from '@pkg/utils/errors';

import type { CoreServices } from '../coreServices';

import { hostPort, requiredText, servicePort } from './args';

const RESET_MODES: readonly K8sResetMode[] = ['fast', 'wipe'];

/**
 * PUT /v1/k8s_reset and the Troubleshooting page's reset; resolves with the mode once the
 * reset is done. No mode is `fast`, as in RD; an unknown one is refused rather than read as
 * `fast` (RD's rdctl only ever sends the two). The controller's UserError (not running,
 * busy) is the caller's to show: it is never turned into success here.
 */
export async function resetKubernetes(services: CoreServices, mode: unknown): Promise<K8sResetMode> {
  const checked = mode === undefined ? 'fast' : RESET_MODES.find((m) => m === mode);

  if (!checked) {
    throw new UserError('bad-request', `invalid reset mode ${ JSON.stringify(mode) }: use ${ RESET_MODES.join(' or ') }`);
  }
  await services.backend.resetKubernetes(checked);

  return checked;
}

export async function listServices(services: CoreServices, namespace: unknown): Promise<ServiceEntry[]> {
  return await services.kubernetes.listServices(namespace === undefined || namespace === null ? undefined : requiredText(namespace, 'namespace'));
}

/** POST /v1/port_forwarding and the Port Forwarding page: resolves with the host port listening. */
export async function forwardPort(services: CoreServices, namespace: unknown, service: unknown, k8sPort: unknown, port: unknown): Promise<number> {
  const ns = requiredText(namespace, 'namespace');
  const name = requiredText(service, 'service');

  return await services.kubernetes.forwardPort(ns, name, servicePort(k8sPort), hostPort(port));
}

/** DELETE /v1/port_forwarding and the Port Forwarding page; also resolves when there was no such forward. */
export async function cancelForward(services: CoreServices, namespace: unknown, service: unknown, k8sPort: unknown): Promise<void> {
  const ns = requiredText(namespace, 'namespace');
  const name = requiredText(service, 'service');

  await services.kubernetes.cancelForward(ns, name, servicePort(k8sPort));
}
