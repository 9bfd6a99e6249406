import { UserError } from '@pkg/utils/errors';

import type { CoreServices } from '../coreServices';

/** PUT /v1/backend_state and the General page's start/stop: asks the backend, answers at once. */
export function setBackendState(services: CoreServices, desired: unknown): void {
  if (desired !== 'STARTED' && desired !== 'STOPPED') {
    throw new UserError('bad-request', `invalid desired VM state ${ JSON.stringify(desired) ?? 'undefined' }: use STARTED or STOPPED`);
  }
  services.backend.requestState(desired);
}
