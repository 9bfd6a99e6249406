import { isObject, type JsonObject, setPath } from '@pkg/config/objectPaths';
import { appliesOn, forEachLeaf, type GroupSpec, isLeaf, settingsSchema } from '@pkg/config/settingsSchema';
import { CURRENT_SETTINGS_VERSION, type Platform } from '@pkg/config/settingsTypes';

/** One generated `set`/`start` flag. */
export interface SettingFlag {
  /** e.g. `virtual-machine.memory-in-gb` */
  name: string;
  /** e.g. `virtualMachine.memoryInGB` */
  path: string;
  kind: 'boolean' | 'integer' | 'string';
  enum?: readonly string[];
  aliases: readonly string[];
  description: string;
  /** Why the flag cannot be used here (hidden, or another OS), or undefined. */
  unavailable?: string;
}

/** RD's flag rule: each capital run after a lower-case letter becomes `-lowercase` (numberCPUs → number-cpus). */
export function flagName(path: string): string {
  return path.split('.').map((part) => part.replace(/([a-z0-9])([A-Z]+)/g, (_m, a: string, b: string) => `${ a }-${ b.toLowerCase() }`).toLowerCase()).join('.');
}

const OS_NAMES: Record<Platform, string> = { darwin: 'macOS', win32: 'Windows', linux: 'Linux' };

/** The platform name used in "not available on" messages; "Linux in a WSL partition" inside WSL. */
export function platformLabel(platform: Platform, env: Record<string, string | undefined>): string {
  if (platform === 'linux' && (env.WSL_DISTRO_NAME || env.WSL_INTEROP)) {
    return 'Linux in a WSL partition';
  }

  return OS_NAMES[platform];
}

/** The flags generated from the settings schema for a platform (arrays and maps get none). */
export function settingFlags(platform: Platform, env: Record<string, string | undefined> = {}): SettingFlag[] {
  const flags: SettingFlag[] = [];

  forEachLeaf((path, leaf) => {
    if (path === 'version' || (leaf.kind !== 'boolean' && leaf.kind !== 'integer' && leaf.kind !== 'string')) {
      return;
    }
    const name = flagName(path);
    let unavailable: string | undefined;

    if (leaf.hidden || !appliesOn(leaf, platform)) {
      unavailable = `option --${ name } is not available on ${ platformLabel(platform, env) }`;
    }
    flags.push({
      name,
      path,
      kind: leaf.kind,
      enum: leaf.kind === 'string' ? leaf.enum : undefined,
      aliases: leaf.aliases ?? [],
      description: leaf.description ?? '',
      unavailable,
    });
  });

  return flags;
}

/** `'a', 'b', or 'c'` as RD words an enum list. */
function wordList(values: readonly string[]): string {
  const quoted = values.map((v) => `'${ v }'`);

  return quoted.length <= 2 ? quoted.join(' or ') : `${ quoted.slice(0, -1).join(', ') }, or ${ quoted[quoted.length - 1] }`;
}

/** Converts one flag's raw text to its JSON value, or throws RD's message. */
export function flagValue(flag: SettingFlag, raw: string | boolean): boolean | number | string {
  if (flag.unavailable) {
    throw new Error(flag.unavailable);
  }
  if (flag.kind === 'boolean') {
    if (raw === true || raw === 'true') {
      return true;
    }
    if (raw === false || raw === 'false') {
      return false;
    }
    throw new Error(`invalid argument "${ raw }" for "--${ flag.name }" flag: strconv.ParseBool: parsing "${ raw }": invalid syntax`);
  }
  const text = String(raw);

  if (flag.kind === 'integer') {
    if (!/^-?\d+$/.test(text)) {
      throw new Error(`invalid argument "${ text }" for "--${ flag.name }" flag: strconv.ParseInt: parsing "${ text }": invalid syntax`);
    }

    return Number(text);
  }
  if (flag.enum && !flag.enum.includes(text)) {
    throw new Error(`invalid value for option --${ flag.name }: "${ text }"; must be ${ wordList(flag.enum) }`);
  }

  return text;
}

function skeleton(node: GroupSpec): JsonObject {
  const result: JsonObject = {};

  for (const [key, child] of Object.entries(node)) {
    if (!isLeaf(child)) {
      result[key] = skeleton(child);
    }
  }

  return result;
}

/**
 * The body `rdctl set` sends: every settings group present (untouched ones as `{}`, as RD's
 * Go structs serialise), only the changed leaves, and `"version": 19`.
 */
export function settingsBody(changes: Map<SettingFlag, boolean | number | string>): JsonObject {
  const body: JsonObject = { version: CURRENT_SETTINGS_VERSION, ...skeleton(settingsSchema) };

  for (const [flag, value] of changes) {
    setPath(body, flag.path, value);
  }

  return body;
}

/** Whether a group holds any leaf, at any depth. */
function hasLeaf(group: JsonObject): boolean {
  return Object.values(group).some((v) => !isObject(v) || hasLeaf(v));
}

/**
 * Whether a generated body changes anything at all. Only the top-level `version` is the
 * body's own (the settings format); a leaf named `version` deeper down, such as
 * `kubernetes.version`, is a setting like any other.
 */
export function hasChanges(body: JsonObject): boolean {
  return Object.entries(body).some(([k, v]) => k !== 'version' && (!isObject(v) || hasLeaf(v)));
}
