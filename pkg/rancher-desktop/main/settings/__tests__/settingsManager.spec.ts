import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { nullLogger } from '@pkg/utils/logger';

import { SettingsManager, lockedTree } from '../settingsManager';

const defaults = { platform: 'linux' as const, kernelMajor: 6, totalMemoryBytes: 16 * 2 ** 30, arch: 'x64' as const };

describe('SettingsManager', () => {
  let dir: string;
  const file = () => path.join(dir, 'settings.json');

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'settings-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('starts a first run from defaults, RAM-based memory and the defaults profile, with the locked profile on top', () => {
    const manager = new SettingsManager({ configDir: dir, defaults, logger: nullLogger, profiles: { defaults: { version: 19, application: { debug: true }, kubernetes: { enabled: false } }, locked: { version: 19, kubernetes: { enabled: true } } } });

    expect(manager.isFirstRun).toBe(true);
    expect(manager.current.virtualMachine.memoryInGB).toBe(4);
    expect(manager.current.application.debug).toBe(true);
    expect(manager.current.kubernetes.enabled).toBe(true);
    expect(JSON.parse(fs.readFileSync(file(), 'utf8'))).toEqual(manager.current);
    expect(manager.locked).toEqual({ kubernetes: { enabled: true } });
  });

  it('ignores the defaults profile once settings.json exists, and migrates an old file', () => {
    fs.writeFileSync(file(), JSON.stringify({ version: 4, kubernetes: { memoryInGB: 3, containerEngine: 'containerd' } }));
    const manager = new SettingsManager({ configDir: dir, defaults, logger: nullLogger, profiles: { defaults: { version: 19, application: { debug: true } } } });

    expect(manager.isFirstRun).toBe(false);
    expect(manager.current).toMatchObject({ version: 19, virtualMachine: { memoryInGB: 3 }, containerEngine: { name: 'containerd' }, application: { debug: false } });
  });

  it.each([['invalid JSON', '{"version": 19,'], ['no version', '{"application":{}}']])('keeps a settings file with %s beside the new one and reports it', (_what, contents) => {
    fs.writeFileSync(file(), contents);
    const manager = new SettingsManager({ configDir: dir, defaults, logger: nullLogger, profiles: {} });
    const kept = fs.readdirSync(dir).find((f) => f.startsWith('settings.json.corrupt-')) as string;

    expect(fs.readFileSync(path.join(dir, kept), 'utf8')).toBe(contents);
    expect(manager.warnings[0]).toContain(kept);
    expect(manager.current.version).toBe(19);
  });

  it('updates atomically and announces changes; errors change nothing', () => {
    const manager = new SettingsManager({ configDir: dir, defaults, logger: nullLogger, profiles: { locked: { version: 19, application: { theme: 'dark' } } } });
    const seen: string[] = [];

    manager.onDidChange((s) => seen.push(s.application.locale));
    expect(manager.update({ application: { locale: 'fr' } }).errors[0]).toMatch(/requires specifying an API version/);
    expect(manager.update({ version: 19, application: { locale: 'fr', theme: 'light' } })).toEqual({ errors: ['field "application.theme" is locked'], changed: false, lockedFieldError: true });
    const before = fs.readFileSync(file(), 'utf8');

    expect(manager.update({ version: 19, application: { locale: 'xx' } }).changed).toBe(false);
    expect(fs.readFileSync(file(), 'utf8')).toBe(before);
    expect(manager.update({ version: 19, application: { locale: 'fr' } })).toEqual({ errors: [], changed: true });
    expect(manager.update({ version: 19, application: { locale: 'fr' } })).toEqual({ errors: [], changed: false });
    expect(seen).toEqual(['fr']);
    expect(JSON.parse(fs.readFileSync(file(), 'utf8')).application.locale).toBe('fr');
  });

  it('proposes without saving', () => {
    const manager = new SettingsManager({ configDir: dir, defaults, logger: nullLogger, profiles: {} });
    const before = fs.readFileSync(file(), 'utf8');
    const { errors, desired } = manager.propose({ containerEngine: { name: 'docker' } });

    expect(errors).toEqual([]);
    expect(desired.containerEngine.name).toBe('moby');
    expect(manager.propose({ kubernetes: { port: -1 } }).errors).toHaveLength(1);
    expect(fs.readFileSync(file(), 'utf8')).toBe(before);
  });

  it('builds the locked tree from leaves only, locking maps whole', () => {
    expect(lockedTree({ version: 19, containerEngine: { name: 'moby', allowedImages: { patterns: [] } }, WSL: { integrations: { a: true } }, bogus: 1 })).toEqual({
      containerEngine: { name: true, allowedImages: { patterns: true } },
      WSL: { integrations: true },
    });
  });

  it('locks kubernetes.version: a setting named version below the top level', () => {
    const locked = { version: 19, kubernetes: { version: '1.34.4', enabled: true } };
    const manager = new SettingsManager({ configDir: dir, defaults, logger: nullLogger, profiles: { locked } });

    expect(manager.locked).toEqual({ kubernetes: { version: true, enabled: true } });
    expect(manager.current.kubernetes.version).toBe('1.34.4');
    expect(manager.update({ version: 19, kubernetes: { version: '1.33.1' } })).toEqual({ errors: ['field "kubernetes.version" is locked'], changed: false, lockedFieldError: true });
    expect(manager.update({ version: 19, kubernetes: { version: 'v1.34.4' } })).toEqual({ errors: [], changed: false });
  });

  it('refuses turning on image allow-lists, which this build does not enforce, and keeps settings.json as it was', () => {
    const manager = new SettingsManager({ configDir: dir, defaults, logger: nullLogger, profiles: {} });
    const before = fs.readFileSync(file(), 'utf8');
    const result = manager.update({ version: 19, containerEngine: { allowedImages: { enabled: true, patterns: ['docker.io/library/'] } } });

    expect(result.errors).toEqual([expect.stringMatching(/^Setting "containerEngine.allowedImages.enabled" to true is not supported in this build: .*not enforced/)]);
    expect(fs.readFileSync(file(), 'utf8')).toBe(before);
    expect(manager.update({ version: 19, containerEngine: { allowedImages: { enabled: false, patterns: ['docker.io/library/'] } } })).toEqual({ errors: [], changed: true });
  });
});
