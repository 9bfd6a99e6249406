import { type Handler, parseJson, text } from './reply';

export const about: Handler = () => text(200, 'The API is currently at version 1, but is still considered internal and experimental, and is subject to change without any advance notice.');

export const getBackendState: Handler = ({ services }) => ({ status: 200, json: services.backend.status() });

export const setBackendState: Handler = ({ services, body }) => {
  const parsed = parseJson(body);

  if (!parsed.ok) {
    return text(500, 'internal error: SyntaxError: the request body is not valid JSON');
  }
  const desired = (parsed.value as { vmState?: unknown } | null)?.vmState;

  if (desired !== 'STARTED' && desired !== 'STOPPED') {
    return text(500, `internal error: Error: invalid desired VM state "${ String(desired) }"`);
  }
  services.backend.requestState(desired);

  return text(202, 'received backend state');
};

export const shutdown: Handler = ({ services }) => ({ ...text(202, 'Shutting down.'), after: () => services.lifecycle.shutdown() });

export const factoryReset: Handler = ({ services, body }) => {
  const parsed = parseJson(body);

  if (!parsed.ok || typeof parsed.value !== 'object' || parsed.value === null) {
    return text(400, 'error processing JSON request block');
  }
  const keep = (parsed.value as { keepSystemImages?: unknown }).keepSystemImages === true;

  return { ...text(202, 'Doing a full factory reset....'), after: () => services.lifecycle.factoryReset(keep) };
};
