import { createContainerEngineClient } from '@pkg/backend/factory';
import type { VMBackend } from '@pkg/backend/types';
import type { ContainerEngineClient } from '@pkg/ipc/containerEngine';
import { UserError } from '@pkg/utils/errors';
import type { Paths } from '@pkg/utils/node/paths';

import type { SettingsService } from './coreServices';

/** CoreServices.containerEngine: the client for the engine that runs now, or a UserError. */
export function containerEngineProvider(backend: VMBackend, settings: SettingsService, paths: Paths): () => ContainerEngineClient {
  return () => {
    if (backend.state !== 'STARTED' && backend.state !== 'DISABLED') {
      throw new UserError('busy', `The container engine is not running (the backend is ${ backend.state }).`);
    }

    return createContainerEngineClient(settings.current.containerEngine.name, backend, paths);
  };
}
