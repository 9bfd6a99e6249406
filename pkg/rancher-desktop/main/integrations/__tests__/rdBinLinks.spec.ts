import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { linkRdBin } from '../rdBinLinks';

describe('linkRdBin', () => {
  let dir: string;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rdbin-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('links every shipped tool, replaces stale links, and keeps the user\'s own files', () => {
    const resources = path.join(dir, 'resources', 'linux', 'bin');
    const rdBin = path.join(dir, 'home', '.rd', 'bin');

    fs.mkdirSync(resources, { recursive: true });
    fs.writeFileSync(path.join(resources, 'rdctl'), '#!/bin/sh\n');
    fs.writeFileSync(path.join(resources, 'docker'), '#!/bin/sh\n');
    fs.mkdirSync(rdBin, { recursive: true });
    fs.symlinkSync('/old/install/rdctl', path.join(rdBin, 'rdctl'));
    fs.writeFileSync(path.join(rdBin, 'docker'), 'user wrapper');

    expect(linkRdBin(resources, rdBin).sort()).toEqual(['rdctl']);
    expect(fs.readlinkSync(path.join(rdBin, 'rdctl'))).toBe(path.join(resources, 'rdctl'));
    expect(fs.readFileSync(path.join(rdBin, 'docker'), 'utf8')).toBe('user wrapper');
    expect(linkRdBin(resources, rdBin)).toEqual(['rdctl']);
  });

  it('does nothing when the install ships no tools', () => {
    expect(linkRdBin(path.join(dir, 'missing'), path.join(dir, 'bin'))).toEqual([]);
    expect(fs.existsSync(path.join(dir, 'bin'))).toBe(false);
  });
});
