import { getPath, setPath } from '@pkg/config/objectPaths';
import type { PartialSettings, Settings } from '@pkg/config/settingsTypes';

/** The user's unsaved edits: settings path → value. */
export type Edits = Record<string, unknown>;

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * Edits that still differ from the settings: a change made elsewhere (rdctl set) that equals
 * an edit settles it, and fields the user did not touch always show the current value.
 */
export function pendingEdits(settings: Settings, edits: Edits): Edits {
  return Object.fromEntries(Object.entries(edits).filter(([path, value]) => !same(getPath(settings, path), value)));
}

/** The nested partial settings object the core validates and applies. */
export function editsToPartial(edits: Edits): PartialSettings {
  const partial: Record<string, unknown> = {};

  for (const [path, value] of Object.entries(edits)) {
    setPath(partial, path, value);
  }

  return partial as PartialSettings;
}

/** The value a field shows: the user's edit, else the current setting. */
export function fieldValue(settings: Settings, edits: Edits, path: string): unknown {
  return path in edits ? edits[path] : getPath(settings, path);
}

/** The validator's messages that are about this field (they quote its path). */
export function errorsFor(errors: readonly string[], path: string): string[] {
  return errors.filter((e) => e.includes(`"${ path }"`) || e.includes(`"${ path }.`));
}
