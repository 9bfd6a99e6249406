import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { linkDockerCliPlugins, linkRdBin } from '../rdBinLinks';

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

    expect(linkRdBin([resources], rdBin).sort()).toEqual(['rdctl']);
    expect(fs.readlinkSync(path.join(rdBin, 'rdctl'))).toBe(path.join(resources, 'rdctl'));
    expect(fs.readFileSync(path.join(rdBin, 'docker'), 'utf8')).toBe('user wrapper');
    expect(linkRdBin([resources], rdBin)).toEqual(['rdctl']);
  });

  it('does nothing when the install ships no tools', () => {
    expect(linkRdBin([path.join(dir, 'missing')], path.join(dir, 'bin'))).toEqual([]);
    expect(fs.existsSync(path.join(dir, 'bin'))).toBe(false);
  });

  it('links docker CLI plugins into ~/.rd/bin beside the tools', () => {
    const bin = path.join(dir, 'r', 'bin');
    const plugins = path.join(dir, 'r', 'docker-cli-plugins');

    fs.mkdirSync(bin, { recursive: true });
    fs.mkdirSync(plugins, { recursive: true });
    fs.writeFileSync(path.join(bin, 'docker'), '');
    fs.writeFileSync(path.join(plugins, 'docker-compose'), '');
    expect(linkRdBin([bin, plugins], path.join(dir, 'rdbin')).sort()).toEqual(['docker', 'docker-compose']);
    expect(fs.readlinkSync(path.join(dir, 'rdbin', 'docker-compose'))).toBe(path.join(plugins, 'docker-compose'));
  });
});

describe('linkDockerCliPlugins', () => {
  let dir: string;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plugins-'));
    fs.mkdirSync(path.join(dir, 'shipped'));
    fs.writeFileSync(path.join(dir, 'shipped', 'docker-compose'), '');
    fs.writeFileSync(path.join(dir, 'shipped', 'docker-buildx'), '');
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('links each plugin to ~/.rd/bin, creating ~/.docker/cli-plugins', () => {
    const docker = path.join(dir, '.docker');

    expect(linkDockerCliPlugins(path.join(dir, 'shipped'), '/h/.rd/bin', docker).sort()).toEqual(['docker-buildx', 'docker-compose']);
    expect(fs.readlinkSync(path.join(docker, 'cli-plugins', 'docker-compose'))).toBe('/h/.rd/bin/docker-compose');
    expect(linkDockerCliPlugins(path.join(dir, 'shipped'), '/h/.rd/bin', docker).sort()).toEqual(['docker-buildx', 'docker-compose']);
  });

  it('leaves the user\'s own plugins alone, files and links elsewhere', () => {
    const userPlugins = path.join(dir, '.docker', 'cli-plugins');

    fs.mkdirSync(userPlugins, { recursive: true });
    fs.writeFileSync(path.join(userPlugins, 'docker-buildx'), 'mine');
    fs.symlinkSync('/usr/libexec/docker/cli-plugins/docker-compose', path.join(userPlugins, 'docker-compose'));
    expect(linkDockerCliPlugins(path.join(dir, 'shipped'), '/h/.rd/bin', path.join(dir, '.docker'))).toEqual([]);
    expect(fs.readFileSync(path.join(userPlugins, 'docker-buildx'), 'utf8')).toBe('mine');
    expect(fs.readlinkSync(path.join(userPlugins, 'docker-compose'))).toBe('/usr/libexec/docker/cli-plugins/docker-compose');
  });
});
