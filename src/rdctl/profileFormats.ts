import { isObject, type JsonObject } from '@pkg/config/objectPaths';

const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function plistValue(value: unknown, indent: string): string[] {
  if (typeof value === 'boolean') {
    return [`${ indent }<${ value }/>`];
  }
  if (typeof value === 'number') {
    return [`${ indent }<integer>${ Math.trunc(value) }</integer>`];
  }
  if (typeof value === 'string') {
    return [`${ indent }<string>${ escapeXml(value) }</string>`];
  }
  if (Array.isArray(value)) {
    return [`${ indent }<array>`, ...value.flatMap((v) => plistValue(v, `${ indent }  `)), `${ indent }</array>`];
  }
  if (isObject(value)) {
    return [`${ indent }<dict>`, ...Object.entries(value).flatMap(([k, v]) => [`${ indent }  <key>${ escapeXml(k) }</key>`, ...plistValue(v, `${ indent }  `)]), `${ indent }</dict>`];
  }

  return [];
}

/** A deployment profile as a macOS property list. */
export function toPlist(profile: JsonObject): string {
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">',
    '<plist version="1.0">',
    ...plistValue(profile, '  '),
    '</plist>',
    '',
  ].join('\n');
}

/** REG_MULTI_SZ as a .reg file writes it: UTF-16LE strings, each NUL-terminated, plus a final NUL. */
function multiSz(values: string[]): string {
  const bytes = Buffer.from(`${ values.join('\0') }\0\0`, 'utf16le');

  return `hex(7):${ [...bytes].map((b) => b.toString(16).padStart(2, '0')).join(',') }`;
}

function regValue(value: unknown): string | undefined {
  if (typeof value === 'boolean') {
    return `dword:${ value ? '00000001' : '00000000' }`;
  }
  if (typeof value === 'number') {
    return `dword:${ (value >>> 0).toString(16).padStart(8, '0') }`;
  }
  if (typeof value === 'string') {
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) {
    return multiSz(value.map(String));
  }

  return undefined;
}

function regKeys(key: string, node: JsonObject, lines: string[]): void {
  lines.push('', `[${ key }]`);
  const groups: [string, JsonObject][] = [];

  for (const [name, value] of Object.entries(node)) {
    if (isObject(value)) {
      groups.push([name, value]);
    } else {
      const encoded = regValue(value);

      if (encoded !== undefined) {
        lines.push(`${ JSON.stringify(name) }=${ encoded }`);
      }
    }
  }
  for (const [name, value] of groups) {
    regKeys(`${ key }\\${ name }`, value, lines);
  }
}

/** A deployment profile as a Windows .reg file under the Policies key of the chosen hive. */
export function toReg(profile: JsonObject, hive: 'hklm' | 'hkcu', type: 'defaults' | 'locked'): string {
  const root = `${ hive === 'hklm' ? 'HKEY_LOCAL_MACHINE' : 'HKEY_CURRENT_USER' }\\SOFTWARE\\Policies\\Rancher Desktop`;
  const lines = ['Windows Registry Editor Version 5.00', '', `[${ root }]`];

  regKeys(`${ root }\\${ type === 'defaults' ? 'Defaults' : 'Locked' }`, profile, lines);

  return `${ lines.join('\n') }\n`;
}
