import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { atomicWriteFileSync } from '../atomicWrite';

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
