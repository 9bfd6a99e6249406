import type { BackendSnapshot } from '@pkg/ipc/uiContract';

import type { BackendController } from '../coreServices';

/** The backend as the General page shows it: state, progress, the error's details, acceleration. */
export function backendSnapshot(backend: BackendController): BackendSnapshot {
  const error = backend.lastError;
  const accel = backend.acceleration;

  return {
    state: backend.state,
    progress: backend.progress,
    ...(error ? { error: { message: error.message, lastCommand: error.details?.lastCommand, lastLogLines: error.details?.lastLogLines ?? [] } } : {}),
    ...(accel ? { acceleration: `${ accel.accel }: ${ accel.reason }` } : {}),
    ...(backend.simulated ? { simulated: true } : {}),
  };
}
