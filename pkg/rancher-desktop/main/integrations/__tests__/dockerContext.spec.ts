import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { contextMetaDir, ensureDockerContext } from '../dockerContext';

describe('the rancher-desktop docker context', () => {
  let docker: string;
  const config = () => JSON.parse(fs.readFileSync(path.join(docker, 'config.json'), 'utf8'));

  beforeEach(() => {
    docker = fs.mkdtempSync(path.join(os.tmpdir(), 'docker-'));
  });
  afterEach(() => fs.rmSync(docker, { recursive: true, force: true }));

  it('writes meta.json under the sha256 of the name and becomes current when there is no config', () => {
    const outcome = ensureDockerContext(docker, '/h/.rd/docker.sock', {});

    expect(contextMetaDir(docker)).toMatch(/b547d66a5de60e5f0843aba28283a8875c2ad72e99ba076060ef9ec7c09917c8$/);
    expect(JSON.parse(fs.readFileSync(path.join(contextMetaDir(docker), 'meta.json'), 'utf8'))).toEqual({
      Name: 'rancher-desktop',
      Metadata: { Description: 'Rancher Desktop moby context' },
      Endpoints: { docker: { Host: 'unix:///h/.rd/docker.sock', SkipTLSVerify: false } },
    });
    expect(outcome).toEqual({ wroteContext: true, madeCurrent: true });
    expect(config()).toEqual({ currentContext: 'rancher-desktop' });
  });

  it('keeps credentials and every other key, and the mode of config.json', () => {
    const mine = { auths: { 'registry.example': { auth: 'dTpw' } }, credsStore: 'pass', plugins: { x: { y: 'z' } } };

    fs.writeFileSync(path.join(docker, 'config.json'), JSON.stringify(mine), { mode: 0o600 });
    ensureDockerContext(docker, '/s', {});

    expect(config()).toEqual({ ...mine, currentContext: 'rancher-desktop' });
    expect(fs.statSync(path.join(docker, 'config.json')).mode & 0o777).toBe(0o600);
  });

  it('never replaces the user\'s current context, nor acts when DOCKER_HOST is set', () => {
    fs.writeFileSync(path.join(docker, 'config.json'), '{"currentContext":"colima"}');
    expect(ensureDockerContext(docker, '/s', {}).madeCurrent).toBe(false);
    expect(config().currentContext).toBe('colima');

    fs.writeFileSync(path.join(docker, 'config.json'), '{}');
    expect(ensureDockerContext(docker, '/s', { DOCKER_HOST: 'tcp://x:2375' }).madeCurrent).toBe(false);
    expect(config()).toEqual({});
  });

  it('leaves a config.json that does not parse untouched', () => {
    fs.writeFileSync(path.join(docker, 'config.json'), '{ "auths": ');
    const outcome = ensureDockerContext(docker, '/s', {});

    expect(outcome.madeCurrent).toBe(false);
    expect(outcome.skipped).toMatch(/not valid JSON/);
    expect(fs.readFileSync(path.join(docker, 'config.json'), 'utf8')).toBe('{ "auths": ');
  });

  it('does not rewrite an unchanged context file', () => {
    ensureDockerContext(docker, '/s', {});
    expect(ensureDockerContext(docker, '/s', {}).wroteContext).toBe(false);
  });

  it('keeps a symlinked config.json a link, and every byte the docker CLI wrote in its target', () => {
    const target = path.join(docker, 'dotfiles', 'docker-config.json');
    const mine = '{\n\t"auths": {\n\t\t"registry.example": {\n\t\t\t"auth": "dTpw"\n\t\t}\n\t}\n}';

    fs.mkdirSync(path.dirname(target));
    fs.writeFileSync(target, mine);
    fs.chmodSync(target, 0o600);
    fs.symlinkSync(target, path.join(docker, 'config.json'));
    expect(ensureDockerContext(docker, '/s', {}).madeCurrent).toBe(true);

    expect(fs.lstatSync(path.join(docker, 'config.json')).isSymbolicLink()).toBe(true);
    expect(fs.readFileSync(target, 'utf8')).toBe('{\n\t"currentContext": "rancher-desktop",\n\t"auths": {\n\t\t"registry.example": {\n\t\t\t"auth": "dTpw"\n\t\t}\n\t}\n}');
    expect(fs.statSync(target).mode & 0o777).toBe(0o600);
  });
});
