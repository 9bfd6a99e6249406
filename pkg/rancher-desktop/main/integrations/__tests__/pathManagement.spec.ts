import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { managePath, rcFiles } from '../pathManagement';

describe('PATH management in rc files', () => {
  let home: string;
  const bin = '/home/u/.rd/bin';
  const files = (shells: string[] = []) => rcFiles(home, path.join(home, '.config'), (s) => shells.includes(s));
  const read = (f: string) => fs.readFileSync(path.join(home, f), 'utf8');

  beforeEach(() => {
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'rc-'));
  });
  afterEach(() => fs.rmSync(home, { recursive: true, force: true }));

  it('rcfiles adds the block to bash files (creating .bash_profile when no login file exists) and manual removes it', () => {
    fs.writeFileSync(path.join(home, '.bashrc'), '# mine\nalias k=kubectl\n', { mode: 0o600 });
    const written = managePath('rcfiles', files(), bin);

    expect(written.map((f) => path.basename(f)).sort()).toEqual(['.bash_profile', '.bashrc']);
    expect(read('.bashrc')).toContain(`export PATH="${ bin }:$PATH"`);
    expect(fs.statSync(path.join(home, '.bashrc')).mode & 0o777).toBe(0o600);
    expect(managePath('rcfiles', files(), bin)).toEqual([]);

    managePath('manual', files(), bin);
    expect(read('.bashrc')).toBe('# mine\nalias k=kubectl\n');
    // .bash_profile held only our block: created by rcfiles, so manual deletes it, as RD does.
    expect(fs.existsSync(path.join(home, '.bash_profile'))).toBe(false);
  });

  it('uses the existing login file, fish and csh syntax, and leaves absent shells alone', () => {
    fs.writeFileSync(path.join(home, '.profile'), 'umask 022\n');
    fs.writeFileSync(path.join(home, '.cshrc'), 'set prompt="%"\n');
    managePath('rcfiles', files(['fish']), bin);

    expect(fs.existsSync(path.join(home, '.bash_profile'))).toBe(false);
    expect(read('.profile')).toMatch(/^umask 022\n\n### MANAGED BY RANCHER DESKTOP START/);
    expect(read('.cshrc')).toContain(`setenv PATH "${ bin }:$PATH"`);
    expect(read('.config/fish/config.fish')).toContain(`set --export --prepend PATH "${ bin }"`);
    expect(fs.existsSync(path.join(home, '.zshrc'))).toBe(false);
  });

  it('writes through a symlinked rc file to its target', () => {
    const dotfiles = path.join(home, 'dotfiles');

    fs.mkdirSync(dotfiles);
    fs.writeFileSync(path.join(dotfiles, 'bashrc'), 'x=1\n');
    fs.symlinkSync(path.join(dotfiles, 'bashrc'), path.join(home, '.bashrc'));
    managePath('rcfiles', files(), bin);

    expect(fs.lstatSync(path.join(home, '.bashrc')).isSymbolicLink()).toBe(true);
    expect(fs.readFileSync(path.join(dotfiles, 'bashrc'), 'utf8')).toContain(bin);
  });

  it('manual keeps a symlinked rc file a link, its target byte for byte what the user had', () => {
    const dotfiles = path.join(home, 'dotfiles');
    const mine = 'x=1\r\n\n\n# trailing blank lines\n\n';

    fs.mkdirSync(dotfiles);
    fs.writeFileSync(path.join(dotfiles, 'bashrc'), mine);
    fs.writeFileSync(path.join(dotfiles, 'profile'), '');
    fs.symlinkSync(path.join(dotfiles, 'bashrc'), path.join(home, '.bashrc'));
    fs.symlinkSync(path.join('dotfiles', 'profile'), path.join(home, '.profile'));
    managePath('rcfiles', files(), bin);
    expect(fs.readFileSync(path.join(dotfiles, 'profile'), 'utf8')).toContain(bin);

    const written = managePath('manual', files(), bin);

    expect(written.sort()).toEqual([path.join(fs.realpathSync(dotfiles), 'bashrc'), path.join(fs.realpathSync(dotfiles), 'profile')]);
    expect(fs.lstatSync(path.join(home, '.bashrc')).isSymbolicLink()).toBe(true);
    expect(fs.lstatSync(path.join(home, '.profile')).isSymbolicLink()).toBe(true);
    expect(fs.readFileSync(path.join(dotfiles, 'bashrc'), 'utf8')).toBe(mine);
    // Through a link the file is the user's even when our block was all of it: emptied, never deleted.
    expect(fs.readFileSync(path.join(dotfiles, 'profile'), 'utf8')).toBe('');
  });
});
