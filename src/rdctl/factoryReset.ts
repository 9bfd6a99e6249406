import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

import { removeTopLevelKey } from '@pkg/utils/dockerConfigEdit';
import { setManagedBlock } from '@pkg/utils/managedBlock';
import { atomicWriteFileSync, writeOrRemoveFileSync } from '@pkg/utils/node/atomicWrite';
import { kubeconfigFileFor, removeKubeconfigEntries } from '@pkg/utils/node/kubeconfigFile';
import type { Paths } from '@pkg/utils/node/paths';

const RC_FILES = ['.bashrc', '.bash_profile', '.bash_login', '.profile', '.zshrc', '.cshrc', '.tcshrc'];

/** What the deletion needs beyond Paths: the user's home, config dir, and whether to drop the cache. */
export interface FactoryResetOptions {
  paths: Paths;
  home: string;
  xdgConfig: string;
  removeCache: boolean;
  limactl?: string;
  /** For $KUBECONFIG: which kubeconfig holds our entries. */
  env?: Record<string, string | undefined>;
}

function remove(target: string): void {
  fs.rmSync(target, { recursive: true, force: true });
}

/** Removes appHome except a non-empty snapshots/ or containerd-shims/ (the user's data). */
function removeAppHome(appHome: string): void {
  if (!fs.existsSync(appHome)) {
    return;
  }
  const keep = ['snapshots', 'containerd-shims'].filter((d) => {
    try {
      return fs.readdirSync(path.join(appHome, d)).length > 0;
    } catch {
      return false;
    }
  });

  if (keep.length === 0) {
    remove(appHome);

    return;
  }
  for (const entry of fs.readdirSync(appHome)) {
    if (!keep.includes(entry)) {
      remove(path.join(appHome, entry));
    }
  }
}

/**
 * Strips RD's managed blocks from the shell rc files, leaving every other byte as it was; a
 * file the block was all of (one the app created) is deleted. Symlinks stay links.
 */
export function stripManagedBlocks(files: string[]): void {
  for (const file of files) {
    let text: string;

    try {
      text = fs.readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    const stripped = setManagedBlock(text, undefined);

    if (stripped !== text) {
      writeOrRemoveFileSync(file, stripped, stripped === '');
    }
  }
}

/** Undoes the docker integration in `docker` (~/.docker or $DOCKER_CONFIG): context, current context, CLI plugin links into ~/.rd/bin. */
export function cleanDockerConfig(docker: string, rdBin: string): void {
  const configFile = path.join(docker, 'config.json');

  try {
    const text = fs.readFileSync(configFile, 'utf8');

    if ((JSON.parse(text) as Record<string, unknown>).currentContext === 'rancher-desktop') {
      atomicWriteFileSync(configFile, removeTopLevelKey(text, 'currentContext'));
    }
  } catch {
    // No docker config, or not ours to fix.
  }
  remove(path.join(docker, 'contexts', 'meta', crypto.createHash('sha256').update('rancher-desktop').digest('hex')));
  remove(path.join(docker, 'plaintext-credentials.config.json'));
  const plugins = path.join(docker, 'cli-plugins');

  for (const name of fs.existsSync(plugins) ? fs.readdirSync(plugins) : []) {
    const link = path.join(plugins, name);

    if (fs.lstatSync(link).isSymbolicLink() && path.resolve(plugins, fs.readlinkSync(link)).startsWith(`${ rdBin }${ path.sep }`)) {
      remove(link);
    }
  }
}

/** Deletes what a factory reset deletes (rd-api.md §2.5), and nothing else. */
export function deleteRancherDesktopData(options: FactoryResetOptions): void {
  const { paths, home, xdgConfig } = options;

  if (options.limactl && paths.lima && fs.existsSync(paths.lima)) {
    spawnSync(options.limactl, ['delete', '--force', '0'], { env: { ...process.env, LIMA_HOME: paths.lima }, stdio: 'ignore', timeout: 120_000 });
  }
  remove(path.join(xdgConfig, 'autostart', 'rancher-desktop.desktop'));
  cleanDockerConfig(options.env?.DOCKER_CONFIG || path.join(home, '.docker'), paths.integration ?? path.join(paths.altAppHome, 'bin'));
  try {
    removeKubeconfigEntries(kubeconfigFileFor(home, options.env ?? {}));
  } catch {
    // A kubeconfig that is not valid YAML is the user's to fix; it stays as it is.
  }
  stripManagedBlocks([...RC_FILES.map((f) => path.join(home, f)), path.join(xdgConfig, 'fish', 'config.fish')]);
  for (const dir of [paths.altAppHome, paths.config, paths.logs, paths.extensionRoot, paths.oldUserData, `${ paths.cache }-updater`,
    path.join(home, '.local', 'state', 'rancher-desktop'), path.join(xdgConfig, 'Rancher Desktop')]) {
    remove(dir);
  }
  removeAppHome(paths.appHome);
  if (options.removeCache) {
    remove(paths.cache);
  } else {
    remove(path.join(paths.cache, 'updater-longhorn.json'));
  }
}
