import { inject, type InjectionKey } from 'vue';

import type { UiClient } from '@pkg/ipc/uiContract';

export const clientKey: InjectionKey<UiClient> = Symbol('rd-client');

/** The contract client of this renderer (Electron IPC or WebSocket: pages do not know which). */
export function useClient(): UiClient {
  const client = inject(clientKey);

  if (!client) {
    throw new Error('no UI client provided');
  }

  return client;
}
