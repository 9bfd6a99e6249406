import type { VMBackend } from '@pkg/backend/types';
import type { Logger } from '@pkg/utils/logger';

import type { HostUi } from './host';

/** Logs every state change and shows the user why the backend went to ERROR, with the log tail. */
export function reportBackendStates(backend: VMBackend, host: HostUi, log: Logger): void {
  backend.onDidChangeState((state) => {
    log.info(`backend state: ${ state }`);
    const error = backend.lastError;

    if (state === 'ERROR' && error) {
      backend.getFailureDetails(error)
        .then((details) => host.showError('The virtual machine failed', [error.message, ...details.lastLogLines.slice(-5)].join('\n')))
        .catch(() => host.showError('The virtual machine failed', error.message));
    }
  });
}
