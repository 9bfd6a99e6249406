import { setBackendState as requestBackendState } from '../operations/backendOps';
import { planFactoryReset, planShutdown } from '../operations/lifecycleOps';

import { type Handler, JSON_ERROR, parseJsonObject, text, answerFailures } from './reply';

export const about: Handler = () => text(200, 'The API is currently at version 1, but is still considered internal and experimental, and is subject to change without any advance notice.');

export const getBackendState: Handler = ({ services }) => ({ status: 200, json: services.backend.status() });

/** RD answers bad input here with a 500 "internal error"; this answers 400, as for every other bad input. */
export const setBackendState: Handler = ({ services, body }) => {
  const value = parseJsonObject(body);

  if (!value) {
    return text(400, JSON_ERROR);
  }

  return answerFailures('', () => {
    requestBackendState(services, value.vmState);

    return text(202, 'received backend state');
  });
};

export const shutdown: Handler = ({ services }) => ({ ...text(202, 'Shutting down.'), after: planShutdown(services) });

export const factoryReset: Handler = ({ services, body }) => {
  const value = parseJsonObject(body);

  if (!value) {
    return text(400, JSON_ERROR);
  }

  return answerFailures('', () => ({ ...text(202, 'Doing a full factory reset....'), after: planFactoryReset(services, value.keepSystemImages) }));
};
