import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { atomicWriteFileSync, writeOrRemoveFileSync } from '../atomicWrite';

describe('atomicWriteFileSync', () => {
  let dir: string;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atomic-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('replaces the file with the given mode and leaves no temporary file', () => {
    const file = path.join(dir, 'sub', 'settings.json');

    atomicWriteFileSync(file, 'one');
    atomicWriteFileSync(file, 'two', 0o600);
    expect(fs.readFileSync(file, 'utf8')).toBe('two');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.readdirSync(path.dirname(file))).toEqual(['settings.json']);
  });

  it('keeps the old contents when the write fails', () => {
    const file = path.join(dir, 'settings.json');

    fs.writeFileSync(file, 'old');
    const spy = jest.spyOn(fs, 'fsyncSync').mockImplementationOnce(() => {
      throw new Error('disk full');
    });

    expect(() => atomicWriteFileSync(file, 'new')).toThrow('disk full');
    spy.mockRestore();
    expect(fs.readFileSync(file, 'utf8')).toBe('old');
    expect(fs.readdirSync(dir)).toEqual(['settings.json']);
  });
});

describe('atomicWriteFileSync through symlinks', () => {
  let dir: string;
  const dotfiles = () => path.join(dir, 'dotfiles');

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atomic-link-'));
    fs.mkdirSync(dotfiles());
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('keeps a link a link and writes the file it points to, in that file\'s mode', () => {
    const target = path.join(dotfiles(), 'bashrc');
    const link = path.join(dir, '.bashrc');

    fs.writeFileSync(target, 'old', { mode: 0o640 });
    fs.chmodSync(target, 0o640);
    fs.symlinkSync(target, link);
    atomicWriteFileSync(link, 'new');

    expect(fs.lstatSync(link).isSymbolicLink()).toBe(true);
    expect(fs.readlinkSync(link)).toBe(target);
    expect(fs.readFileSync(target, 'utf8')).toBe('new');
    expect(fs.statSync(target).mode & 0o777).toBe(0o640);
    expect(fs.readdirSync(dotfiles())).toEqual(['bashrc']);
    expect(fs.readdirSync(dir).sort()).toEqual(['.bashrc', 'dotfiles']);
  });

  it('follows a chain of relative links, each from its own folder, and a linked folder', () => {
    fs.mkdirSync(path.join(dotfiles(), 'kube'));
    fs.writeFileSync(path.join(dotfiles(), 'kube', 'real'), 'old');
    fs.symlinkSync('real', path.join(dotfiles(), 'kube', 'config'));
    fs.symlinkSync(path.join('dotfiles', 'kube'), path.join(dir, '.kube'));
    fs.mkdirSync(path.join(dir, 'home'));
    fs.symlinkSync(path.join('..', '.kube', 'config'), path.join(dir, 'home', 'config'));

    atomicWriteFileSync(path.join(dir, 'home', 'config'), 'new', 0o600);

    expect(fs.readlinkSync(path.join(dir, 'home', 'config'))).toBe(path.join('..', '.kube', 'config'));
    expect(fs.readlinkSync(path.join(dotfiles(), 'kube', 'config'))).toBe('real');
    expect(fs.readFileSync(path.join(dotfiles(), 'kube', 'real'), 'utf8')).toBe('new');
    expect(fs.statSync(path.join(dotfiles(), 'kube', 'real')).mode & 0o777).toBe(0o600);
  });

  it('creates the file a dangling link points to', () => {
    fs.symlinkSync(path.join(dotfiles(), 'zshrc'), path.join(dir, '.zshrc'));
    atomicWriteFileSync(path.join(dir, '.zshrc'), 'x');

    expect(fs.lstatSync(path.join(dir, '.zshrc')).isSymbolicLink()).toBe(true);
    expect(fs.readFileSync(path.join(dotfiles(), 'zshrc'), 'utf8')).toBe('x');
  });

  it('refuses a link loop and a target that is not a regular file, changing nothing', () => {
    fs.symlinkSync(path.join(dir, 'b'), path.join(dir, 'a'));
    fs.symlinkSync(path.join(dir, 'a'), path.join(dir, 'b'));
    expect(() => atomicWriteFileSync(path.join(dir, 'a'), 'x')).toThrow(/too many levels of symbolic links/);
    fs.mkdirSync(path.join(dir, 'folder'));
    expect(() => atomicWriteFileSync(path.join(dir, 'folder'), 'x')).toThrow(/is not a regular file/);
    expect(fs.readdirSync(dir).sort()).toEqual(['a', 'b', 'dotfiles', 'folder']);
  });
});

describe('writeOrRemoveFileSync', () => {
  let dir: string;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atomic-rm-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('deletes a regular file left empty, and keeps what is left of one that is not', () => {
    fs.writeFileSync(path.join(dir, 'ours'), 'block');
    fs.writeFileSync(path.join(dir, 'theirs'), 'block');
    writeOrRemoveFileSync(path.join(dir, 'ours'), '', true);
    writeOrRemoveFileSync(path.join(dir, 'theirs'), 'mine\n', false);

    expect(fs.existsSync(path.join(dir, 'ours'))).toBe(false);
    expect(fs.readFileSync(path.join(dir, 'theirs'), 'utf8')).toBe('mine\n');
  });

  it('never deletes a link nor the user\'s file behind it', () => {
    fs.writeFileSync(path.join(dir, 'target'), 'block');
    fs.symlinkSync(path.join(dir, 'target'), path.join(dir, 'link'));
    writeOrRemoveFileSync(path.join(dir, 'link'), '', true);

    expect(fs.lstatSync(path.join(dir, 'link')).isSymbolicLink()).toBe(true);
    expect(fs.readFileSync(path.join(dir, 'target'), 'utf8')).toBe('');
  });
});
