import type { CoreServices } from '../coreServices';

import { flag } from './args';

// Both end this process: each operation checks its input now and hands back the action,
// which the caller starts only once it has answered (the HTTP reply sent, the GUI told).

/** PUT /v1/shutdown. */
export function planShutdown(services: CoreServices): () => void {
  return () => services.lifecycle.shutdown();
}

/** PUT /v1/factory_reset and the Troubleshooting page's factory reset. */
export function planFactoryReset(services: CoreServices, keepSystemImages: unknown): () => void {
  const keep = flag(keepSystemImages, 'keepSystemImages', false);

  return () => services.lifecycle.factoryReset(keep);
}
