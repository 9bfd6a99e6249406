import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { nullLogger } from '@pkg/utils/logger';
import { computePaths } from '@pkg/utils/node/paths';

import { loadSettings } from '../loadSettings';

describe('loadSettings with a locked profile', () => {
  let home: string;

  beforeEach(() => {
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'load-settings-'));
    fs.mkdirSync(path.join(home, 'etc-rd'));
  });
  afterEach(() => fs.rmSync(home, { recursive: true, force: true }));

  const load = (locked: unknown) => {
    const paths = { ...computePaths({ platform: 'linux', home, env: {}, resources: path.join(home, 'resources') }), deploymentProfileSystem: path.join(home, 'etc-rd'), altDeploymentProfileSystem: path.join(home, 'none') };

    fs.writeFileSync(path.join(paths.deploymentProfileSystem, 'locked.json'), JSON.stringify(locked));

    return () => loadSettings({ paths, platform: 'linux', argv: [], defaults: { platform: 'linux', kernelMajor: 6, totalMemoryBytes: 8 * 2 ** 30, arch: 'x64' }, logger: nullLogger });
  };

  it('stops the start on an invalid locked value with RD\'s message', () => {
    expect(load({ version: 19, application: { pathManagementStrategy: 'sometimes' } })).toThrow(
      'Error in deployment profiles:\nInvalid value for "application.pathManagementStrategy": <"sometimes">; must be one of ["manual","rcfiles"]',
    );
  });

  it('stops the start when the profile locks on an allow-list this build does not enforce', () => {
    expect(load({ version: 19, containerEngine: { allowedImages: { enabled: true, patterns: ['x/'] } } })).toThrow(
      /^Error in deployment profiles:\nSetting "containerEngine.allowedImages.enabled" to true is not supported in this build/,
    );
  });

  it('locks kubernetes.version and starts with it', () => {
    const { settings } = load({ version: 19, kubernetes: { version: '1.34.4' } })();

    expect(settings.locked).toEqual({ kubernetes: { version: true } });
    expect(settings.current.kubernetes.version).toBe('1.34.4');
  });
});
