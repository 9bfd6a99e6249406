import type { AboutInfo } from '@pkg/ipc/uiContract';

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
