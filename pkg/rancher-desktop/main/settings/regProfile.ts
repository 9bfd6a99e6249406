import { type JsonObject, setPath } from '@pkg/config/objectPaths';
import { type GroupSpec, isLeaf, type LeafSpec, settingsSchema } from '@pkg/config/settingsSchema';

/** Which profile a .reg file holds, and where in the registry. */
export interface RegProfiles {
  defaults?: JsonObject;
  locked?: JsonObject;
}

/** Finds the schema's spelling of a registry key name (registry names are case-insensitive). */
function schemaName(node: GroupSpec | undefined, name: string): string {
  if (!node) {
    return name;
  }

  return Object.keys(node).find((k) => k.toLowerCase() === name.toLowerCase()) ?? name;
}

function decodeMultiSz(hex: string): string[] {
  const bytes = Buffer.from(hex.replace(/[\\\s,]/g, ''), 'hex');

  return bytes.toString('utf16le').split('\0').filter((s) => s !== '');
}

function decodeValue(raw: string, spec: LeafSpec | undefined): unknown {
  if (raw.startsWith('dword:')) {
    const n = parseInt(raw.slice(6), 16);

    return spec?.kind === 'boolean' || (spec?.kind === 'map' && spec.values === 'boolean') ? n !== 0 : n;
  }
  if (raw.startsWith('hex(7):')) {
    return decodeMultiSz(raw.slice(7));
  }
  if (raw.startsWith('"')) {
    const text = JSON.parse(raw.replace(/\\\\/g, '\\\\')) as string;

    return spec?.kind === 'string-array' ? [text] : text;
  }
  throw new Error(`unsupported registry value ${ raw }`);
}

/**
 * Parses a Windows `.reg` export of `…\Policies\Rancher Desktop\{Defaults,Locked}` (the format
 * `rdctl create-profile --output reg` writes) into profile objects with the schema's key
 * casing: DWORD → bool/number, SZ → string (or a one-element array), MULTI_SZ → array,
 * user-defined maps as subkeys.
 */
export function parseRegProfile(text: string): RegProfiles {
  const result: RegProfiles = {};
  let target: JsonObject | undefined;
  let prefix: string[] = [];
  let node: GroupSpec | undefined;
  const lines = text.replace(/^\uFEFF/, '').replace(/\\\r?\n\s*/g, '').split(/\r?\n/);

  for (const line of lines) {
    const key = /^\[(.*)\]$/.exec(line.trim());

    if (key) {
      const parts = key[1].split('\\');
      const at = parts.findIndex((p) => /^(defaults|locked)$/i.test(p));

      target = undefined;
      if (at >= 0 && /rancher desktop/i.test(parts.slice(0, at).join('\\'))) {
        const kind = parts[at].toLowerCase() as 'defaults' | 'locked';

        target = result[kind] ??= {};
        prefix = [];
        node = settingsSchema;
        for (const part of parts.slice(at + 1)) {
          const name = schemaName(node, part);
          const child: GroupSpec | LeafSpec | undefined = node?.[name];

          prefix.push(name);
          node = child && !isLeaf(child) ? child : undefined;
        }
      }
      continue;
    }
    const value = /^"((?:[^"\\]|\\.)*)"=(.*)$/.exec(line.trim());

    if (target && value) {
      const parentLeaf = lookupLeaf(prefix);
      const name = parentLeaf?.kind === 'map' ? value[1] : schemaName(node, value[1]);
      const spec = parentLeaf?.kind === 'map' ? parentLeaf : (node?.[name] && isLeaf(node[name]) ? node[name] as LeafSpec : undefined);

      setPath(target, [...prefix, name].join('.'), decodeValue(value[2].trim(), spec));
    }
  }

  return result;
}

function lookupLeaf(path: string[]): LeafSpec | undefined {
  let node: GroupSpec | LeafSpec = settingsSchema;

  for (const part of path) {
    if (isLeaf(node)) {
      return undefined;
    }
    node = (node as GroupSpec)[part];
    if (!node) {
      return undefined;
    }
  }

  return isLeaf(node) ? node : undefined;
}
