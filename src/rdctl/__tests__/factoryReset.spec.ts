import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { computePaths } from '@pkg/utils/node/paths';

import { deleteRancherDesktopData } from '../factoryReset';

describe('factory reset deletion', () => {
  let home: string;

  beforeEach(() => {
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'reset-'));
  });
  afterEach(() => fs.rmSync(home, { recursive: true, force: true }));

  const write = (rel: string, text = 'x') => {
    fs.mkdirSync(path.dirname(path.join(home, rel)), { recursive: true });
    fs.writeFileSync(path.join(home, rel), text);
  };
  const exists = (rel: string) => fs.existsSync(path.join(home, rel));

  it('deletes exactly what Rancher Desktop deletes, and keeps the user\'s other files', () => {
    const paths = computePaths({ platform: 'linux', home, env: {}, resources: '/r' });
    const rdContext = crypto.createHash('sha256').update('rancher-desktop').digest('hex');

    write('.rd/bin/rdctl');
    write('.config/rancher-desktop/settings.json');
    write('.local/share/rancher-desktop/rd-engine.json');
    write('.local/share/rancher-desktop/logs/background.log');
    write('.local/share/rancher-desktop/snapshots/abc/metadata.json');
    write('.cache/rancher-desktop/k3s/x');
    write('.cache/rancher-desktop/updater-longhorn.json');
    write('.config/autostart/rancher-desktop.desktop');
    write('.config/autostart/other.desktop');
    write(`.docker/contexts/meta/${ rdContext }/meta.json`);
    write('.docker/contexts/meta/other/meta.json');
    write('.docker/config.json', JSON.stringify({ currentContext: 'rancher-desktop', auths: { 'r.io': {} } }));
    fs.mkdirSync(path.join(home, '.docker', 'cli-plugins'));
    fs.symlinkSync(path.join(home, '.rd', 'bin', 'docker-buildx'), path.join(home, '.docker', 'cli-plugins', 'docker-buildx'));
    fs.symlinkSync('/usr/libexec/docker/cli-plugins/docker-compose', path.join(home, '.docker', 'cli-plugins', 'docker-compose'));
    write('.bashrc', 'alias ll=ls\n### MANAGED BY RANCHER DESKTOP START (DO NOT EDIT)\nexport PATH="$HOME/.rd/bin:$PATH"\n### MANAGED BY RANCHER DESKTOP END (DO NOT EDIT)\nexport EDITOR=vi\n');
    write('.zshrc', 'setopt x\n');
    write('.kube/config', 'apiVersion: v1\ncontexts:\n- name: mine\n  context: {cluster: c}\n- name: rancher-desktop\n  context: {cluster: rancher-desktop}\ncurrent-context: mine\n');

    deleteRancherDesktopData({ paths, home, xdgConfig: path.join(home, '.config'), removeCache: false });

    for (const gone of ['.rd', '.config/rancher-desktop', '.local/share/rancher-desktop/rd-engine.json', '.local/share/rancher-desktop/logs',
      '.cache/rancher-desktop/updater-longhorn.json', '.config/autostart/rancher-desktop.desktop', `.docker/contexts/meta/${ rdContext }`, '.docker/cli-plugins/docker-buildx']) {
      expect([gone, exists(gone)]).toEqual([gone, false]);
    }
    for (const kept of ['.local/share/rancher-desktop/snapshots/abc/metadata.json', '.cache/rancher-desktop/k3s/x', '.config/autostart/other.desktop',
      '.docker/contexts/meta/other/meta.json']) {
      expect([kept, exists(kept)]).toEqual([kept, true]);
    }
    expect(fs.readlinkSync(path.join(home, '.docker', 'cli-plugins', 'docker-compose'))).toContain('/usr/libexec');
    expect(JSON.parse(fs.readFileSync(path.join(home, '.docker', 'config.json'), 'utf8'))).toEqual({ auths: { 'r.io': {} } });
    expect(fs.readFileSync(path.join(home, '.bashrc'), 'utf8')).toBe('alias ll=ls\nexport EDITOR=vi\n');
    expect(fs.readFileSync(path.join(home, '.zshrc'), 'utf8')).toBe('setopt x\n');
    expect(fs.readFileSync(path.join(home, '.kube/config'), 'utf8')).toBe('apiVersion: v1\ncontexts:\n- name: mine\n  context: {cluster: c}\ncurrent-context: mine\n');
  });

  it('removes the cache and an appHome with empty snapshots when asked', () => {
    const paths = computePaths({ platform: 'linux', home, env: {}, resources: '/r' });

    write('.cache/rancher-desktop/k3s/x');
    fs.mkdirSync(path.join(home, '.local/share/rancher-desktop/snapshots'), { recursive: true });
    deleteRancherDesktopData({ paths, home, xdgConfig: path.join(home, '.config'), removeCache: true });
    expect(exists('.cache/rancher-desktop')).toBe(false);
    expect(exists('.local/share/rancher-desktop')).toBe(false);
  });

  it('keeps symlinked dotfiles links and gives their targets back byte for byte; deletes a file our block was all of', () => {
    const paths = computePaths({ platform: 'linux', home, env: {}, resources: '/r' });
    const block = '### MANAGED BY RANCHER DESKTOP START (DO NOT EDIT)\nexport PATH="$HOME/.rd/bin:$PATH"\n### MANAGED BY RANCHER DESKTOP END (DO NOT EDIT)\n';
    const bashrc = 'alias ll=ls\r\n\n# end\n\n';
    const dockerConfig = '{\n\t"auths": {\n\t\t"r.io": {}\n\t}\n}';
    const kubeconfig = 'apiVersion: v1\n# mine\ncontexts:\n- name: mine\n  context: {cluster: c}\ncurrent-context: mine\n';

    write('dotfiles/bashrc', `${ bashrc }\n${ block }`);
    write('dotfiles/docker.json', `{\n\t"currentContext": "rancher-desktop",${ dockerConfig.slice(1) }`);
    write('dotfiles/kube', `${ kubeconfig }users:\n- name: rancher-desktop\n  user:\n    client-key-data: a2V5\n`.replace('contexts:\n', 'contexts:\n- name: rancher-desktop\n  context: {cluster: rancher-desktop, user: rancher-desktop}\n'));
    write('dotfiles/zshrc', block);
    write('.bash_profile', block);
    fs.mkdirSync(path.join(home, '.docker'));
    fs.mkdirSync(path.join(home, '.kube'));
    fs.symlinkSync(path.join(home, 'dotfiles', 'bashrc'), path.join(home, '.bashrc'));
    fs.symlinkSync(path.join('..', 'dotfiles', 'docker.json'), path.join(home, '.docker', 'config.json'));
    fs.symlinkSync(path.join('..', 'dotfiles', 'kube'), path.join(home, '.kube', 'config'));
    fs.symlinkSync(path.join(home, 'dotfiles', 'zshrc'), path.join(home, '.zshrc'));

    deleteRancherDesktopData({ paths, home, xdgConfig: path.join(home, '.config'), removeCache: false });

    for (const link of ['.bashrc', '.docker/config.json', '.kube/config', '.zshrc']) {
      expect([link, fs.lstatSync(path.join(home, link)).isSymbolicLink()]).toEqual([link, true]);
    }
    expect(fs.readFileSync(path.join(home, 'dotfiles', 'bashrc'), 'utf8')).toBe(bashrc);
    expect(fs.readFileSync(path.join(home, 'dotfiles', 'docker.json'), 'utf8')).toBe(dockerConfig);
    expect(fs.readFileSync(path.join(home, 'dotfiles', 'kube'), 'utf8')).toBe(`${ kubeconfig }users:\n`);
    expect(fs.readFileSync(path.join(home, 'dotfiles', 'zshrc'), 'utf8')).toBe('');
    expect(fs.readdirSync(path.join(home, 'dotfiles')).sort()).toEqual(['bashrc', 'docker.json', 'kube', 'zshrc']);
    expect(exists('.bash_profile')).toBe(false);
  });

  it('cleans the docker config where $DOCKER_CONFIG puts it', () => {
    const paths = computePaths({ platform: 'linux', home, env: {}, resources: '/r' });

    write('dc/config.json', '{"auths": {}, "currentContext": "rancher-desktop"}');
    deleteRancherDesktopData({ paths, home, xdgConfig: path.join(home, '.config'), removeCache: false, env: { DOCKER_CONFIG: path.join(home, 'dc') } });
    expect(fs.readFileSync(path.join(home, 'dc', 'config.json'), 'utf8')).toBe('{"auths": {}}');
  });
});
