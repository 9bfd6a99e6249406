import { checkCrossFields } from './crossFieldChecks';
import { getPath, isObject, type JsonObject, mergeSettings } from './objectPaths';
import { appliesOn, type GroupSpec, isLeaf, type LeafSpec, settingsSchema } from './settingsSchema';
import { CURRENT_SETTINGS_VERSION, type LockedSettings, type Platform, type Settings } from './settingsTypes';
import { isRefused, refusedMessage, unsupportedSetting } from './unsupportedSettings';

/** Inputs of one validation; `k8sVersions` undefined means "not loaded yet" (RD then accepts new and current). */
export interface ValidationInput {
  current: Settings;
  proposed: unknown;
  locked: LockedSettings;
  platform: Platform;
  k8sVersions?: readonly string[];
}

/** Result of a validation: every problem found, and whether anything would change. */
export interface ValidationResult {
  needToUpdate: boolean;
  errors: string[];
  lockedFieldError: boolean;
  /** The proposed object after canonicalisation (docker→moby, "true"→true…). */
  canonical: JsonObject;
}

const show = (value: unknown) => `<${ JSON.stringify(value) }>`;

/** Whether the dotted path is pinned by the locked profile tree. */
export function isLocked(locked: LockedSettings, path: string): boolean {
  const parts = path.split('.');

  // A `true` on the way down locks everything under it (a locked map setting).
  return parts.some((_, i) => getPath(locked, parts.slice(0, i + 1).join('.')) === true);
}

/** RD's canonical forms: `docker` is moby; k8s versions lose `v` and `+k3sN`; strings become the leaf's type. */
function canonicalise(node: GroupSpec, proposed: JsonObject): JsonObject {
  const result: JsonObject = {};

  for (const [key, value] of Object.entries(proposed)) {
    const spec = node[key];

    if (spec && !isLeaf(spec) && isObject(value)) {
      result[key] = canonicalise(spec, value);
    } else if (spec && isLeaf(spec) && typeof value === 'string') {
      result[key] = canonicalLeaf(spec, value);
    } else {
      result[key] = value;
    }
  }

  return result;
}

function canonicalLeaf(spec: LeafSpec, value: string): unknown {
  if (spec.kind === 'boolean' && (value === 'true' || value === 'false')) {
    return value === 'true';
  }
  if (spec.kind === 'integer' && value.trim() !== '' && !Number.isNaN(Number(value))) {
    return Number(value);
  }

  return value;
}

function canonicalSpecials(s: JsonObject): void {
  const engine = getPath(s, 'containerEngine.name');

  if (engine === 'docker' && isObject(s.containerEngine)) {
    s.containerEngine.name = 'moby';
  }
  const version = getPath(s, 'kubernetes.version');

  if (typeof version === 'string' && isObject(s.kubernetes)) {
    s.kubernetes.version = version.replace(/^v/, '').replace(/\+k3s\d+$/, '');
  }
}

/** The type/range/enum error of a changed leaf value, or undefined. */
function leafError(path: string, spec: LeafSpec, value: unknown): string | undefined {
  switch (spec.kind) {
  case 'boolean':
    return typeof value === 'boolean' ? undefined : `Invalid value for "${ path }": ${ show(value) }`;
  case 'integer': {
    const ok = typeof value === 'number' && Number.isInteger(value) && value >= (spec.min ?? -Infinity) && value <= (spec.max ?? Infinity);

    return ok ? undefined : `Invalid value for "${ path }": ${ show(value) }`;
  }
  case 'string':
    if (typeof value !== 'string') {
      return `Invalid value for "${ path }": ${ show(value) }`;
    }
    if (spec.enum && !spec.enum.includes(value)) {
      return `Invalid value for "${ path }": ${ show(value) }; must be one of ${ JSON.stringify(spec.enum.filter((e) => e !== 'docker')) }`;
    }

    return undefined;
  case 'string-array': {
    if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) {
      return `Proposed field "${ path }" should be an array of strings, got ${ show(value) }.`;
    }
    const duplicates = value.filter((v, i) => value.indexOf(v) !== i);

    return duplicates.length ? `field "${ path }" has duplicate entries: ${ [...new Set(duplicates)].map((d) => `"${ d }"`).join(', ') }` : undefined;
  }
  case 'map': {
    if (!isObject(value)) {
      return `Proposed field "${ path }" should be an object, got ${ show(value) }.`;
    }
    const bad = Object.entries(value).find(([, v]) => v !== null && typeof v !== spec.values);

    return bad ? `Invalid value for "${ path }.${ bad[0] }": ${ show(bad[1]) }` : undefined;
  }
  }
}

interface WalkState {
  input: ValidationInput;
  errors: string[];
  changed: string[];
  lockedFieldError: boolean;
}

function walk(node: GroupSpec, proposed: JsonObject, current: unknown, prefix: string, state: WalkState): void {
  for (const [key, value] of Object.entries(proposed)) {
    const spec = node[key];
    const path = prefix ? `${ prefix }.${ key }` : key;
    const now = isObject(current) ? current[key] : undefined;

    if (!spec) {
      continue; // Unknown keys are ignored, as RD does.
    }
    if (!isLeaf(spec)) {
      if (!isObject(value)) {
        state.errors.push(`Setting "${ path }" should wrap an inner object, but got ${ show(value) }.`);
      } else {
        walk(spec, value, now, path, state);
      }
      continue;
    }
    if (isObject(value) && spec.kind !== 'map') {
      state.errors.push(`Setting "${ path }" should be a simple value, but got ${ show(value) }.`);
      continue;
    }
    if (JSON.stringify(value) === JSON.stringify(now) || (spec.kind === 'map' && isObject(value) && isObject(now) && sameMap(value, now))) {
      continue; // An unchanged value is fine even when locked or foreign to this OS.
    }
    if (path === 'version') {
      state.errors.push(`Changing field "version" via the API isn't supported.`);
      continue;
    }
    if (!appliesOn(spec, state.input.platform)) {
      state.errors.push(`Changing field "${ path }" via the API isn't supported.`);
      continue;
    }
    if (isLocked(state.input.locked, path)) {
      state.errors.push(`field "${ path }" is locked`);
      state.lockedFieldError = true;
      continue;
    }
    const error = leafError(path, spec, value);
    const unsupported = unsupportedSetting(path, state.input.platform);

    if (error) {
      state.errors.push(error);
    } else if (isRefused(unsupported, value)) {
      // Accepting it would claim a protection this build does not give.
      state.errors.push(refusedMessage(unsupported, value));
    } else {
      state.changed.push(path);
    }
  }
}

function sameMap(proposed: JsonObject, current: JsonObject): boolean {
  return Object.entries(proposed).every(([k, v]) => (v === null ? !(k in current) : current[k] === v));
}

/**
 * Validates a proposed (partial) settings object against the current settings, the locked
 * fields and the platform, with Rancher Desktop's rules and messages (rd-api.md §3.4).
 * Collects every problem; unknown keys and empty groups are ignored.
 */
export function validateSettings(input: ValidationInput): ValidationResult {
  if (!isObject(input.proposed)) {
    return { needToUpdate: false, errors: ['settings payload is not an object'], lockedFieldError: false, canonical: {} };
  }
  const canonical = canonicalise(settingsSchema, input.proposed);

  canonicalSpecials(canonical);
  if ('version' in canonical && canonical.version === CURRENT_SETTINGS_VERSION) {
    delete canonical.version; // The current version is a precondition, not a change.
  }
  const state: WalkState = { input, errors: [], changed: [], lockedFieldError: false };

  walk(settingsSchema, canonical, input.current, '', state);
  if (state.errors.length === 0 && state.changed.length > 0) {
    const merged = mergeSettings(structuredClone(input.current) as unknown as JsonObject, canonical) as unknown as Settings;

    state.errors.push(...checkCrossFields(input.current, merged, state.changed, input));
  }

  return {
    needToUpdate: state.errors.length === 0 && state.changed.length > 0,
    errors: state.errors,
    lockedFieldError: state.lockedFieldError,
    canonical,
  };
}
