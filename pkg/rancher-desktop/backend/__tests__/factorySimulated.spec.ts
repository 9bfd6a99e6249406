import { computePaths } from '@pkg/utils/node/paths';
import { nullLogger } from '@pkg/utils/logger';

import { createBackend } from '../factory';

const paths = computePaths({ platform: 'win32', home: 'C:\\Users\\me', env: {}, resources: 'C:\\rd\\resources' });
const choose = (env: Record<string, string>) => createBackend({ platform: 'win32', env, paths, logger: nullLogger, debug: () => false });

describe('the mock backend as a stand-in', () => {
  it('is flagged simulated where it runs because the platform has no backend', () => {
    const { backend, notice } = choose({});

    expect(backend.name).toBe('mock');
    expect(backend.simulated).toBe(true);
    expect(notice).toMatch(/simulated/);
  });

  it('is not flagged when a test harness asks for it', () => {
    expect(choose({ RD_MOCK_BACKEND: '1' }).backend.simulated).toBe(false);
  });
});
