/** A JSON object as settings, profiles and API bodies arrive: untyped until validated. */
export type JsonObject = Record<string, unknown>;

/** Whether a value is a plain (non-array, non-null) object. */
export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The value at a dotted path, or undefined. */
export function getPath(obj: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((node, key) => (isObject(node) ? node[key] : undefined), obj);
}

/** Sets the value at a dotted path, creating the groups on the way. */
export function setPath(obj: JsonObject, path: string, value: unknown): void {
  const keys = path.split('.');
  let node = obj;

  for (const key of keys.slice(0, -1)) {
    if (!isObject(node[key])) {
      node[key] = {};
    }
    node = node[key] as JsonObject;
  }
  node[keys[keys.length - 1]] = value;
}

/** Whether the dotted path exists (its value may be undefined). */
export function hasPath(obj: unknown, path: string): boolean {
  const keys = path.split('.');
  const parent = keys.length > 1 ? getPath(obj, keys.slice(0, -1).join('.')) : obj;

  return isObject(parent) && keys[keys.length - 1] in parent;
}

/** Deletes the value at a dotted path; groups left empty are kept. */
export function deletePath(obj: unknown, path: string): void {
  const keys = path.split('.');
  const parent = keys.length > 1 ? getPath(obj, keys.slice(0, -1).join('.')) : obj;

  if (isObject(parent)) {
    delete parent[keys[keys.length - 1]];
  }
}

/** Moves a value from one dotted path to another when the source exists (migrations). */
export function movePath(obj: JsonObject, from: string, to: string, convert: (v: unknown) => unknown = (v) => v): void {
  if (hasPath(obj, from)) {
    setPath(obj, to, convert(getPath(obj, from)));
    deletePath(obj, from);
  }
}

/**
 * RD's settings merge: objects merge recursively, arrays and scalars replace, and a key
 * set to null or undefined is deleted (how WSL.integrations entries are removed).
 */
export function mergeSettings<T extends JsonObject>(target: T, source: unknown): T {
  if (!isObject(source)) {
    return target;
  }
  for (const [key, value] of Object.entries(source)) {
    if (value === null || value === undefined) {
      delete (target as JsonObject)[key];
    } else if (isObject(value)) {
      const existing = (target as JsonObject)[key];

      (target as JsonObject)[key] = mergeSettings(isObject(existing) ? existing : {}, value);
    } else {
      (target as JsonObject)[key] = Array.isArray(value) ? [...value] : value;
    }
  }

  return target;
}
