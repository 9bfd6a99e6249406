import { CURRENT_SETTINGS_VERSION } from '@pkg/config/settingsTypes';
import type { RestartReasons } from '@pkg/ipc/backendState';

import type { ApplyOutcome, CoreServices } from '../coreServices';

import { payloadObject } from './args';

/**
 * What a settings change did. Validation errors are a result, not a throw: the GUI shows
 * them next to the fields, the HTTP API words them under its own heading.
 */
export interface SettingsChange {
  errors: string[];
  changed: boolean;
  /** Set when the change was saved: what applying it did to the backend. */
  outcome?: ApplyOutcome;
}

export interface UpdateOptions {
  /**
   * The payload is in the current schema (the GUI's): its version is stamped rather than
   * required, as PUT /v1/settings requires it to migrate older payloads.
   */
  currentSchema?: boolean;
}

/** PUT /v1/settings and the Preferences window's Apply: validates, saves, then applies. */
export async function updateSettings(services: CoreServices, payload: unknown, options: UpdateOptions = {}): Promise<SettingsChange> {
  const partial = payloadObject(payload, 'settings');
  const result = services.settings.update(options.currentSchema ? { ...partial, version: CURRENT_SETTINGS_VERSION } : partial);

  if (result.errors.length > 0 || !result.changed) {
    return { errors: result.errors, changed: false };
  }

  return { errors: [], changed: true, outcome: await services.backend.applySettings(services.settings.current) };
}

/** PUT /v1/propose_settings and the Preferences window's preview: validates without saving. */
export async function proposeSettings(services: CoreServices, payload: unknown): Promise<{ errors: string[]; reasons: RestartReasons }> {
  const { errors, desired } = services.settings.propose(payloadObject(payload, 'settings'));

  return { errors, reasons: errors.length > 0 ? {} : await services.backend.restartReasons(desired) };
}

/** PUT /v1/transient_settings (the GUI has no request for these). */
export function updateTransientSettings(services: CoreServices, payload: unknown): { errors: string[]; changed: boolean } {
  const { errors, changed } = services.transientSettings.update(payloadObject(payload, 'settings'));

  return { errors, changed };
}
