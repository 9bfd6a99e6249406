import { parseCatalogue } from '../k8sVersions';

describe('Kubernetes version catalogue', () => {
  it('lists canonical versions newest first and picks the newest stable one as the default', () => {
    const catalogue = parseCatalogue({
      cacheVersion: 2,
      versions: [
        { version: 'v1.34.4', channels: ['stable', 'v1.34'] },
        { version: 'v1.35.4+k3s1', channels: ['latest', 'v1.35'] },
        { version: 'v1.33.9', channels: ['stable', 'v1.33'] },
      ],
    });

    expect(catalogue).toEqual({ versions: ['1.35.4', '1.34.4', '1.33.9'], stable: '1.34.4' });
  });

  it('falls back to the newest version without a stable channel, and drops junk', () => {
    expect(parseCatalogue({ versions: [{ version: 'v1.30.1', channels: [] }, { version: 'banana' }, null] })).toEqual({ versions: ['1.30.1'], stable: '1.30.1' });
    expect(parseCatalogue({})).toEqual({ versions: [], stable: undefined });
  });
});
