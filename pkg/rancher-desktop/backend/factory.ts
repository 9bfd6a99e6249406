import type { Logger } from '@pkg/utils/logger';

import { MockBackend } from './mock/mockBackend';
import type { VMBackend } from './types';

/** What the factory reads: the environment (RD_MOCK_BACKEND…) and the host platform. */
export interface BackendFactoryOptions {
  platform: NodeJS.Platform;
  env: Record<string, string | undefined>;
  logger: Logger;
}

/** The chosen backend and, when it is not the one the platform would normally get, why. */
export interface BackendChoice {
  backend: VMBackend;
  notice?: string;
}

/**
 * The only place that names backend implementations. RD_MOCK_BACKEND=1 selects the mock;
 * the Lima and WSL backends are not part of this build yet, so other hosts get the mock too,
 * with a notice the app shows the user rather than pretending a VM runs.
 */
export function createBackend(options: BackendFactoryOptions): BackendChoice {
  const mock = new MockBackend({
    logger: options.logger,
    stepDelayMs: options.env.RD_MOCK_BACKEND_DELAY_MS ? Number(options.env.RD_MOCK_BACKEND_DELAY_MS) : undefined,
    failStart: !!options.env.RD_MOCK_BACKEND_FAIL,
  });

  if (options.env.RD_MOCK_BACKEND === '1') {
    return { backend: mock };
  }

  return {
    backend: mock,
    notice: `No VM backend for ${ options.platform } is in this build yet: running the mock backend (no real VM; containers and Kubernetes are simulated).`,
  };
}
