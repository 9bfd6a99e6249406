import { type JsonObject, mergeSettings } from '@pkg/config/objectPaths';
import { defaultTransientSettings, type TransientSettings, validateTransientSettings } from '@pkg/config/transientSettings';
import type { Platform } from '@pkg/config/settingsTypes';
import { Emitter } from '@pkg/utils/emitter';

import type { TransientSettingsService, UpdateResult } from '../coreServices';

/** Transient settings in memory (rd-api.md §3.5); reset at every launch. */
export class TransientSettingsManager implements TransientSettingsService {
  private value: TransientSettings;
  private readonly changed = new Emitter<TransientSettings>();
  readonly onDidChange = this.changed.event;

  constructor(private readonly platform: Platform, noModalDialogs = false) {
    this.value = { ...defaultTransientSettings(platform), noModalDialogs };
  }

  get current(): Record<string, unknown> {
    return this.value as unknown as Record<string, unknown>;
  }

  update(body: unknown): UpdateResult {
    const errors = validateTransientSettings(body, this.platform);

    if (errors.length > 0) {
      return { errors, changed: false };
    }
    const next = mergeSettings(structuredClone(this.value) as unknown as JsonObject, body) as unknown as TransientSettings;

    if (JSON.stringify(next) === JSON.stringify(this.value)) {
      return { errors: [], changed: false };
    }
    this.value = next;
    this.changed.fire(next);

    return { errors: [], changed: true };
  }
}
