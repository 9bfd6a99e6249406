import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

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

        return command.at(-1) === 'missing' ? { stdout: '', stderr: 'find: No such file or directory', exitCode: 1 } : { stdout: 'f\t1\ta\n', stderr: '', exitCode: 0 };
      },
      shellCommand: () => undefined,
    };

    expect(await browseVolumeInVm(executor, '/var/lib/docker/volumes/v/_data', 'sub')).toEqual([{ name: 'a', kind: 'file', size: 1 }]);
    expect(calls[0].slice(0, 2)).toEqual(['sh', '-c']);
    expect(calls[0].slice(3, 7)).toEqual(['sh', '/var/lib/docker/volumes/v/_data', '/var/lib/docker/volumes/v/_data/sub', 'sub']);
    expect(calls[0].at(-1)).toBe('true');
    await expect(browseVolumeInVm(executor, '/v', 'missing')).rejects.toThrow('find: No such file or directory');
  });

  describe('the guest command, run here on a volume with planted links', () => {
    // The same argv the guest runs as root, run on this host's sh, find and realpath.
    const local: VMExecutor = {
      exec: (command) => new Promise((resolve) => {
        execFile(command[0], command.slice(1), (error, stdout, stderr) => {
          resolve({ stdout, stderr, exitCode: error ? (typeof error.code === 'number' ? error.code : 1) : 0 });
        });
      }),
      shellCommand: () => undefined,
    };
    let base: string;
    let volume: string;

    beforeAll(() => {
      base = fs.mkdtempSync(path.join(os.tmpdir(), 'volbrowse-'));
      volume = path.join(base, 'volume');
      fs.mkdirSync(path.join(base, 'secret', 'inner'), { recursive: true });
      fs.writeFileSync(path.join(base, 'secret', 'shadow'), 'root:x');
      fs.mkdirSync(path.join(volume, 'conf', 'sub'), { recursive: true });
      fs.writeFileSync(path.join(volume, 'conf', 'a.txt'), 'abc');
      // What a container could plant in its volume.
      fs.symlinkSync(path.join(base, 'secret'), path.join(volume, 'escape'));
      fs.symlinkSync('../../secret', path.join(volume, 'conf', 'up'));
      fs.symlinkSync('conf', path.join(volume, 'alias'));
    });
    afterAll(() => fs.rmSync(base, { recursive: true, force: true }));

    it('lists real folders, showing links as links', async() => {
      expect(await browseVolumeInVm(local, volume, '')).toEqual([
        { name: 'conf', kind: 'directory', size: expect.any(Number) },
        { name: 'alias', kind: 'symlink', size: 4 },
        { name: 'escape', kind: 'symlink', size: expect.any(Number) },
      ]);
      expect((await browseVolumeInVm(local, volume, 'conf')).map((e) => [e.name, e.kind])).toEqual([['sub', 'directory'], ['a.txt', 'file'], ['up', 'symlink']]);
    });

    it.each(['escape', 'escape/inner', 'conf/up', 'conf/up/inner', 'alias', 'alias/sub'])('refuses %s, which goes through a link', async(sub) => {
      await expect(browseVolumeInVm(local, volume, sub)).rejects.toThrow('symbolic link');
    });
  });
});
