import fs from 'node:fs';
import path from 'node:path';

function lstat(file: string): fs.Stats | undefined {
  try {
    return fs.lstatSync(file);
  } catch {
    return undefined;
  }
}

/** Points `link` at `target`, building the new link beside the old one and renaming it over, so the tool never vanishes. */
function replaceLink(target: string, link: string): void {
  const temp = `${ link }.${ process.pid }.tmp`;

  fs.rmSync(temp, { force: true });
  fs.symlinkSync(target, temp);
  fs.renameSync(temp, link);
}

/**
 * Makes `~/.rd/bin` hold a symlink to every tool this install ships in
 * `<resources>/<platform>/bin` and `docker-cli-plugins` (rd-api.md §6). Links that point
 * elsewhere into an old resources directory are replaced; files the user put there are
 * left alone. Returns the names linked.
 */
export function linkRdBin(resourceDirs: string[], rdBin: string): string[] {
  const linked: string[] = [];

  for (const dir of resourceDirs.filter((d) => fs.existsSync(d))) {
    fs.mkdirSync(rdBin, { recursive: true });
    for (const name of fs.readdirSync(dir)) {
      const target = path.join(dir, name);
      const link = path.join(rdBin, name);
      const existing = lstat(link);

      if (existing && !existing.isSymbolicLink()) {
        continue;
      }
      if (!existing || fs.readlinkSync(link) !== target) {
        replaceLink(target, link);
      }
      linked.push(name);
    }
  }

  return linked;
}

/**
 * Lets `docker compose` and `docker buildx` find the bundled plugins: a symlink
 * `~/.docker/cli-plugins/<plugin>` → `~/.rd/bin/<plugin>` for each one, unless the user has
 * a plugin of that name of their own (a file, or a link elsewhere), which stays theirs.
 * Returns the plugins linked.
 */
export function linkDockerCliPlugins(pluginsDir: string, rdBin: string, dockerConfigDir: string): string[] {
  if (!fs.existsSync(pluginsDir)) {
    return [];
  }
  const userPlugins = path.join(dockerConfigDir, 'cli-plugins');
  const linked: string[] = [];

  for (const name of fs.readdirSync(pluginsDir)) {
    const target = path.join(rdBin, name);
    const link = path.join(userPlugins, name);
    const existing = lstat(link);

    if (existing && !(existing.isSymbolicLink() && fs.readlinkSync(link) === target)) {
      continue;
    }
    if (!existing) {
      fs.mkdirSync(userPlugins, { recursive: true });
      replaceLink(target, link);
    }
    linked.push(name);
  }

  return linked;
}
