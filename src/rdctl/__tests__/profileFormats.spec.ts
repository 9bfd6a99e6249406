import plist from 'plist';

import { parseDuration } from '../duration';
import { toPlist, toReg } from '../profileFormats';

describe('create-profile formats', () => {
  const profile = { version: 19, application: { debug: true, locale: 'fr' }, kubernetes: { port: 6443 }, containerEngine: { allowedImages: { patterns: ['a<b', 'c'] } } };

  it('writes a plist that parses back to the same object', () => {
    const text = toPlist(profile);

    expect(text).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<!DOCTYPE plist/);
    expect(plist.parse(text)).toEqual(profile);
  });

  it('writes .reg keys under the chosen hive and type', () => {
    const text = toReg(profile, 'hkcu', 'locked');

    expect(text).toContain('Windows Registry Editor Version 5.00');
    expect(text).toContain('[HKEY_CURRENT_USER\\SOFTWARE\\Policies\\Rancher Desktop\\Locked\\application]\n"debug"=dword:00000001\n"locale"="fr"');
    expect(text).toContain('"port"=dword:0000192b');
    expect(text).toContain('"patterns"=hex(7):61,00,3c,00,62,00,00,00,63,00,00,00,00,00');
    expect(toReg(profile, 'hklm', 'defaults')).toContain('[HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Rancher Desktop\\Defaults]\n"version"=dword:00000013');
  });
});

describe('parseDuration', () => {
  it('reads Go durations', () => {
    expect(parseDuration('10m')).toBe(600_000);
    expect(parseDuration('1h30m')).toBe(5_400_000);
    expect(parseDuration('500ms')).toBe(500);
    expect(() => parseDuration('ten')).toThrow('invalid duration');
  });
});
