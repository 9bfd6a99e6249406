import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { computePaths } from '@pkg/utils/node/paths';
import { nullLogger } from '@pkg/utils/logger';

import { toReg } from '../../../../../src/rdctl/profileFormats';
import { DeploymentProfileError, normaliseProfile, readDeploymentProfiles } from '../deploymentProfiles';
import { parseRegProfile } from '../regProfile';

const fixtures = path.join(__dirname, 'fixtures');

describe('deployment profiles', () => {
  let home: string;
  let etc: string;

  beforeEach(() => {
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'profiles-'));
    etc = path.join(home, 'etc-rd');
  });
  afterEach(() => fs.rmSync(home, { recursive: true, force: true }));

  const paths = (platform: 'linux' | 'darwin' = 'linux') => ({
    ...computePaths({ platform, home, env: {}, resources: '/r' }),
    ...(platform === 'linux' ? { deploymentProfileSystem: etc, altDeploymentProfileSystem: path.join(home, 'usr-etc') } : {}),
  });

  it('reads the Linux system location and ignores the user one when the system one has a file', () => {
    fs.mkdirSync(etc);
    fs.writeFileSync(path.join(etc, 'locked.json'), JSON.stringify({ version: 19, kubernetes: { enabled: false } }));
    fs.mkdirSync(path.join(home, '.config'));
    fs.writeFileSync(path.join(home, '.config', 'rancher-desktop.defaults.json'), JSON.stringify({ version: 19, application: { debug: true } }));
    expect(readDeploymentProfiles(paths(), 'linux', nullLogger)).toMatchObject({ defaults: undefined, locked: { version: 19, kubernetes: { enabled: false } } });
  });

  it('falls back to the user location and migrates old profiles', () => {
    fs.mkdirSync(path.join(home, '.config'));
    fs.writeFileSync(path.join(home, '.config', 'rancher-desktop.defaults.json'), JSON.stringify({ version: 4, kubernetes: { containerEngine: 'containerd' } }));
    expect(readDeploymentProfiles(paths(), 'linux', nullLogger).defaults).toMatchObject({ version: 19, containerEngine: { name: 'containerd' } });
  });

  it('refuses a profile without a version or with a wrong type, naming the file', () => {
    fs.mkdirSync(etc);
    fs.writeFileSync(path.join(etc, 'defaults.json'), JSON.stringify({ kubernetes: { enabled: false } }));
    expect(() => readDeploymentProfiles(paths(), 'linux', nullLogger)).toThrow(/defaults.json: no version specified/);
    expect(() => normaliseProfile({ version: 19, kubernetes: { enabled: 'no' } }, 'p.json', false, 'linux', nullLogger)).toThrow(DeploymentProfileError);
    fs.writeFileSync(path.join(etc, 'defaults.json'), '{not json');
    expect(() => readDeploymentProfiles(paths(), 'linux', nullLogger)).toThrow(/Error reading deployment profile/);
  });

  it('reads macOS plists and drops unknown keys', () => {
    const dir = path.join(home, 'Library', 'Preferences');

    fs.mkdirSync(dir, { recursive: true });
    fs.copyFileSync(path.join(fixtures, 'io.rancherdesktop.profile.locked.plist'), path.join(dir, 'io.rancherdesktop.profile.locked.plist'));
    const profiles = readDeploymentProfiles({ ...paths('darwin'), deploymentProfileSystem: path.join(home, 'none'), altDeploymentProfileSystem: path.join(home, 'none2') }, 'darwin', nullLogger);

    expect(profiles.locked).toEqual({ version: 19, containerEngine: { name: 'moby', allowedImages: { enabled: true, patterns: ['docker.io/library/'] } } });
  });

  it('parses Windows .reg exports with registry key casing, DWORDs, strings, multi-strings and maps', () => {
    const profiles = parseRegProfile(fs.readFileSync(path.join(fixtures, 'defaults.reg'), 'utf8'));

    expect(profiles.defaults).toEqual({
      version: 19,
      application: { debug: true },
      kubernetes: { version: '1.34.4', port: 6667 },
      containerEngine: { allowedImages: { patterns: ['a', 'b'] } },
      WSL: { integrations: { Ubuntu: true, Debian: false } },
    });
    expect(profiles.locked).toEqual({ kubernetes: { enabled: false } });
  });

  it('reads back what rdctl create-profile --output reg writes', () => {
    const profile = { version: 19, application: { debug: false, locale: 'fr' }, containerEngine: { allowedImages: { patterns: ['x/*', 'y'] } }, diagnostics: { mutedChecks: { A: true } } };

    expect(parseRegProfile(toReg(profile, 'hkcu', 'locked')).locked).toEqual(profile);
  });
});
