import type { AboutInfo, UiArgs, UiRequestName, UiResult } from '@pkg/ipc/uiContract';

import type { CoreServices } from '../coreServices';
import type { DiagnosticsRunner } from '../diagnostics/diagnosticsRunner';

import type { StreamRegistry } from './streamRegistry';

/** What a UI request handler may use: the core's services plus the connection's streams. */
export interface UiContext {
  services: CoreServices;
  diagnostics: DiagnosticsRunner;
  about: AboutInfo;
  streams: StreamRegistry;
}

/** A handler per request name, typed by the contract. */
export type UiHandlers<K extends UiRequestName> = { [N in K]: (ctx: UiContext, ...args: UiArgs<N>) => Promise<UiResult<N>> };

/** The requests the running container engine answers; the core's services answer the rest. */
export type EngineRequest = Extract<UiRequestName, `containers.${ string }` | `images.${ string }` | `volumes.${ string }` | 'stream.cancel'>;
