import type { K8sResetMode } from '@pkg/ipc/kubernetes';
import { UserError } from '@pkg/utils/errors';

import { type Handler, parseJson, text } from './reply';

/** A port given as a number, or as digits in a string (query strings carry only strings). */
function portValue(value: unknown): number | string | undefined {
  if (typeof value === 'number') {
    return value;
  }
  if (typeof value === 'string' && value.trim() !== '') {
    return /^\d+$/.test(value.trim()) ? Number(value.trim()) : value.trim();
  }

  return undefined;
}

/** Runs an action whose UserError is the caller's 400 answer; anything else is a bug (500). */
async function userErrorAs400(prefix: string, action: () => Promise<string>): Promise<ReturnType<typeof text>> {
  try {
    return text(200, await action());
  } catch (error) {
    if (error instanceof UserError) {
      return text(400, `${ prefix }${ error.message }`);
    }
    throw error;
  }
}

/** POST /v1/port_forwarding {namespace, service, k8sPort, hostPort} → the host port listening. */
export const createPortForward: Handler = ({ services, body }) => {
  const parsed = parseJson(body);
  const value = (parsed.ok && typeof parsed.value === 'object' ? parsed.value : null) as Record<string, unknown> | null;

  if (!value || !['namespace', 'service', 'k8sPort', 'hostPort'].every((k) => k in value)) {
    return text(400, 'missing required parameters');
  }
  const { namespace, service } = value;
  const k8sPort = portValue(value.k8sPort);
  const hostPort = portValue(value.hostPort);

  return userErrorAs400('Could not forward port; ', async() => {
    if (typeof namespace !== 'string' || typeof service !== 'string' || k8sPort === undefined || typeof hostPort !== 'number') {
      throw new UserError('bad-request', 'namespace and service must be strings, k8sPort a port number or name, hostPort a number (0 for any free port)');
    }

    return String(await services.kubernetes.forwardPort(namespace, service, k8sPort, hostPort));
  });
};

/** DELETE /v1/port_forwarding?namespace=&service=&k8sPort= */
export const deletePortForward: Handler = async({ services, query }) => {
  const k8sPort = portValue(query.k8sPort);

  if (!query.namespace || !query.service || k8sPort === undefined) {
    return text(400, 'missing required parameters');
  }
  await services.kubernetes.cancelForward(query.namespace, query.service, k8sPort);

  return text(200, 'Port forwarding successfully deleted');
};

/** PUT /v1/k8s_reset {mode: fast|wipe}: answers once the reset is done (at once while the backend is busy, as RD). */
export const k8sReset: Handler = ({ services, body }) => {
  let mode: K8sResetMode = 'fast';

  if (body.trim() !== '') {
    const parsed = parseJson(body);

    if (!parsed.ok) {
      return text(400, 'error processing JSON request block');
    }
    mode = (parsed.value as { mode?: unknown } | null)?.mode === 'wipe' ? 'wipe' : 'fast';
  }

  return userErrorAs400('', async() => {
    await services.backend.resetKubernetes(mode);

    return `Rancher Desktop ${ mode } reset successful`;
  });
};
