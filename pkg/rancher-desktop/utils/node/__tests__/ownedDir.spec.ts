import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { ensureOwnedDir } from '../ownedDir';

describe('ensureOwnedDir', () => {
  let base: string;
  let dir: string;
  const me = process.getuid?.() ?? 0;

  beforeEach(() => {
    base = fs.mkdtempSync(path.join(os.tmpdir(), 'owned-'));
    dir = path.join(base, 'rancher-desktop');
  });
  afterEach(() => fs.rmSync(base, { recursive: true, force: true }));

  it('makes a folder only its owner may use', () => {
    ensureOwnedDir(dir);
    expect(fs.statSync(dir).mode & 0o777).toBe(0o700);
    // Again: the one it made is accepted.
    ensureOwnedDir(dir);
  });

  it('refuses a link, even to a folder of ours, and leaves it alone', () => {
    fs.mkdirSync(path.join(base, 'elsewhere'), { mode: 0o700 });
    fs.symlinkSync(path.join(base, 'elsewhere'), dir);
    expect(() => ensureOwnedDir(dir)).toThrow(`${ dir } is a symbolic link, so Rancher Desktop will not use it`);
    expect(fs.lstatSync(dir).isSymbolicLink()).toBe(true);
  });

  it('refuses a folder someone else made', () => {
    fs.mkdirSync(dir, { mode: 0o700 });
    expect(() => ensureOwnedDir(dir, { uid: me + 1 })).toThrow(`belongs to user ${ me }, not to you (${ me + 1 })`);
  });

  it('refuses a folder others could write into that holds something, and says what to do', () => {
    fs.mkdirSync(dir);
    fs.chmodSync(dir, 0o1777);
    fs.writeFileSync(path.join(dir, 'planted'), '');
    expect(() => ensureOwnedDir(dir)).toThrow(`Remove it (sudo rm -rf ${ dir })`);
    fs.chmodSync(dir, 0o775);
    expect(() => ensureOwnedDir(dir)).toThrow('was writable by other users');
  });

  it('tightens an empty folder of ours that older versions left open', () => {
    fs.mkdirSync(dir);
    fs.chmodSync(dir, 0o1777);
    ensureOwnedDir(dir);
    expect(fs.statSync(dir).mode & 0o7777).toBe(0o700);
  });

  it('refuses a file in its place', () => {
    fs.writeFileSync(dir, '');
    expect(() => ensureOwnedDir(dir)).toThrow('is not a folder');
  });
});
