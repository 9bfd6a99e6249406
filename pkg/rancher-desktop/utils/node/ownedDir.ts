// A folder in a place every user can write (/tmp) is only ours if we made it: another user
// could have made it first, or left a link there, and then read or plant what we put in it
// (this one is mounted writable into the VM).
import fs from 'node:fs';

export interface OwnedDirOptions {
  /** Whose it must be; the current user unless a test says otherwise. */
  uid?: number;
}

export class SharedPathError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SharedPathError';
  }
}

function refuse(dir: string, why: string): never {
  throw new SharedPathError(`${ dir } ${ why }, so Rancher Desktop will not use it: another user could read or change what it holds. Remove it (sudo rm -rf ${ dir }) and start again.`);
}

/**
 * Makes `dir` (its parent must exist) as a folder only this user may write, or checks that
 * the existing one is such a folder: a link, another owner, or group/world write access is
 * refused. An empty folder of ours with looser modes (what older versions made) is tightened.
 */
export function ensureOwnedDir(dir: string, options: OwnedDirOptions = {}): void {
  const uid = options.uid ?? process.getuid?.() ?? -1;

  try {
    fs.mkdirSync(dir, { mode: 0o700 });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') {
      throw e;
    }
  }
  // lstat, not stat: a link is refused, never followed.
  const stat = fs.lstatSync(dir);

  if (stat.isSymbolicLink()) {
    refuse(dir, 'is a symbolic link');
  }
  if (!stat.isDirectory()) {
    refuse(dir, 'is not a folder');
  }
  if (stat.uid !== uid) {
    refuse(dir, `belongs to user ${ stat.uid }, not to you (${ uid })`);
  }
  if (stat.mode & 0o022) {
    // Once it is 0700 nobody else can add to it; empty then means nothing was planted.
    fs.chmodSync(dir, 0o700);
    if (fs.readdirSync(dir).length > 0) {
      refuse(dir, 'was writable by other users and is not empty');
    }
  }
}
