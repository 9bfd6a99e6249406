import { cancelForward, forwardPort, resetKubernetes } from '../operations/kubernetesOps';

import { type Handler, JSON_ERROR, parseJson, parseJsonObject, text, answerFailures } from './reply';

const has = (value: object, keys: string[]) => keys.every((k) => k in value);

/** POST /v1/port_forwarding {namespace, service, k8sPort, hostPort} → the host port listening. */
export const createPortForward: Handler = ({ services, body }) => {
  const value = parseJsonObject(body);

  // RD asks for all four keys before it looks at any value.
  if (!value || Array.isArray(value) || !has(value, ['namespace', 'service', 'k8sPort', 'hostPort'])) {
    return text(400, 'missing required parameters');
  }

  return answerFailures('Could not forward port; ', async() => text(200, String(await forwardPort(services, value.namespace, value.service, value.k8sPort, value.hostPort))));
};

/** DELETE /v1/port_forwarding?namespace=&service=&k8sPort= */
export const deletePortForward: Handler = ({ services, query }) => {
  if (!has(query, ['namespace', 'service', 'k8sPort'])) {
    return text(400, 'missing required parameters');
  }

  return answerFailures('Could not delete port forwarding; ', async() => {
    await cancelForward(services, query.namespace, query.service, query.k8sPort);

    return text(200, 'Port forwarding successfully deleted');
  });
};

/** PUT /v1/k8s_reset {mode: fast|wipe}: answers once the reset is done; a reset that cannot run is a 400 saying why. */
export const k8sReset: Handler = ({ services, body }) => {
  let mode: unknown;

  if (body.trim() !== '') {
    const parsed = parseJson(body);

    // RD reads `'mode' in value`, which throws for anything but an object.
    if (!parsed.ok || typeof parsed.value !== 'object' || parsed.value === null) {
      return text(400, JSON_ERROR);
    }
    mode = (parsed.value as { mode?: unknown }).mode;
  }

  return answerFailures('', async() => text(200, `Rancher Desktop ${ await resetKubernetes(services, mode) } reset successful`));
};
