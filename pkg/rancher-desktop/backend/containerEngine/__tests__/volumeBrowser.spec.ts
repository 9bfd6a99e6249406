import type { VMExecutor } from '../../types';
import { browseVolumeInVm, parseFindListing, safeSubPath } from '../volumeBrowser';

describe('volume browsing', () => {
  it('refuses paths that leave the volume', () => {
    expect(safeSubPath('/conf/./x/')).toBe('conf/x');
    expect(() => safeSubPath('conf/../../etc')).toThrow('leaves the volume');
  });

  it('parses find output, folders first', () => {
    expect(parseFindListing('f\t12\tREADME\nd\t4096\tconf\nl\t7\tlink\ns\t0\tsock\n')).toEqual([
      { name: 'conf', kind: 'directory', size: 4096 },
      { name: 'link', kind: 'symlink', size: 7 },
      { name: 'README', kind: 'file', size: 12 },
      { name: 'sock', kind: 'other', size: 0 },
    ]);
  });

  it('lists as root in the VM under the mount point, and reports what find said on failure', async() => {
    const calls: string[][] = [];
    const executor: VMExecutor = {
      exec: async(command, options) => {
        calls.push([...command, String(options?.root)]);

        return command[1].endsWith('missing') ? { stdout: '', stderr: 'find: No such file or directory', exitCode: 1 } : { stdout: 'f\t1\ta\n', stderr: '', exitCode: 0 };
      },
      shellCommand: () => undefined,
    };

    expect(await browseVolumeInVm(executor, '/var/lib/docker/volumes/v/_data', 'sub')).toEqual([{ name: 'a', kind: 'file', size: 1 }]);
    expect(calls[0].slice(0, 2)).toEqual(['find', '/var/lib/docker/volumes/v/_data/sub']);
    expect(calls[0].at(-1)).toBe('true');
    await expect(browseVolumeInVm(executor, '/v', 'missing')).rejects.toThrow('find: No such file or directory');
  });
});
