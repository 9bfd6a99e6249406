import fs from 'node:fs';
import path from 'node:path';

/**
 * Makes `~/.rd/bin` hold a symlink to every tool this install ships in
 * `<resources>/<platform>/bin` (rd-api.md §6). Links that point elsewhere into an old
 * resources directory are replaced; files the user put there are left alone.
 * Returns the names linked.
 */
export function linkRdBin(resourcesBin: string, rdBin: string): string[] {
  if (!fs.existsSync(resourcesBin)) {
    return [];
  }
  fs.mkdirSync(rdBin, { recursive: true });
  const linked: string[] = [];

  for (const name of fs.readdirSync(resourcesBin)) {
    const target = path.join(resourcesBin, name);
    const link = path.join(rdBin, name);
    let existing: fs.Stats | undefined;

    try {
      existing = fs.lstatSync(link);
    } catch {
      existing = undefined;
    }
    if (existing && !existing.isSymbolicLink()) {
      continue;
    }
    if (existing && fs.readlinkSync(link) === target) {
      linked.push(name);
      continue;
    }
    // Build the new link beside the old one and rename over it, so the tool never vanishes.
    const temp = `${ link }.${ process.pid }.tmp`;

    fs.rmSync(temp, { force: true });
    fs.symlinkSync(target, temp);
    fs.renameSync(temp, link);
    linked.push(name);
  }

  return linked;
}
