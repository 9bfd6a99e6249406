import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/** What the kernel allows (Linux's MAXSYMLINKS); more means a loop. */
const MAX_LINKS = 40;

function realDir(dir: string): string {
  try {
    return fs.realpathSync(dir);
  } catch {
    return dir;
  }
}

function lstat(file: string): fs.Stats | undefined {
  try {
    return fs.lstatSync(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      return undefined;
    }
    throw error;
  }
}

/**
 * The file a path finally names, following its chain of symlinks as the kernel does (a
 * relative link from the real folder that holds it). A dangling link names the file it
 * points to, so writing creates that file and the link keeps working.
 */
export function resolveLinkTarget(file: string): string {
  let current = path.resolve(file);

  for (let hop = 0; hop <= MAX_LINKS; hop++) {
    current = path.join(realDir(path.dirname(current)), path.basename(current));
    const stat = lstat(current);

    if (!stat?.isSymbolicLink()) {
      return current;
    }
    current = path.resolve(path.dirname(current), fs.readlinkSync(current));
  }
  throw new Error(`${ file }: too many levels of symbolic links (a loop?); it was left unchanged`);
}

/**
 * Replaces a file so that a crash at any moment leaves either the old contents or the new,
 * never a torn file: write a temporary file beside it, fsync it, rename it over, then fsync
 * the directory so the rename itself is durable. A symlink (a dotfile kept in a dotfiles
 * repo) stays a link: the write lands in the file it points to. The file keeps its mode
 * unless `mode` is given; a new file gets `mode`, or 0644.
 */
export function atomicWriteFileSync(file: string, contents: string | Buffer, mode?: number): void {
  const target = resolveLinkTarget(file);
  const existing = lstat(target);

  if (existing && !existing.isFile()) {
    // Renaming over a FIFO, socket or device would silently replace something that is not ours.
    throw new Error(`${ file } is not a regular file; it was left unchanged`);
  }
  const finalMode = mode ?? (existing ? existing.mode & 0o777 : 0o644);
  const dir = path.dirname(target);
  const temp = path.join(dir, `.${ path.basename(target) }.${ process.pid }.${ crypto.randomBytes(4).toString('hex') }.tmp`);

  fs.mkdirSync(dir, { recursive: true });
  // 'wx': never follow or reuse something already at the temporary name.
  const fd = fs.openSync(temp, 'wx', finalMode);

  try {
    fs.writeFileSync(fd, contents);
    fs.fchmodSync(fd, finalMode);
    fs.fsyncSync(fd);
  } catch (error) {
    fs.closeSync(fd);
    fs.rmSync(temp, { force: true });
    throw error;
  }
  fs.closeSync(fd);
  try {
    fs.renameSync(temp, target);
  } catch (error) {
    fs.rmSync(temp, { force: true });
    throw error;
  }
  try {
    const dirFd = fs.openSync(dir, 'r');

    fs.fsyncSync(dirFd);
    fs.closeSync(dirFd);
  } catch {
    // Some filesystems refuse fsync on directories; the rename is still atomic.
  }
}

/**
 * Puts back what is left of a file once our part (a managed block, our kubeconfig entries) is
 * taken out. When nothing of the user's is left (`empty`), the file was ours: it is deleted,
 * as Rancher Desktop does. A symlink is never ours (the app creates none), so it stays and
 * its target gets `rest`, like any file that still holds something of the user's.
 */
export function writeOrRemoveFileSync(file: string, rest: string, empty: boolean): void {
  if (empty && !lstat(file)?.isSymbolicLink()) {
    fs.rmSync(file, { force: true });
  } else {
    atomicWriteFileSync(file, rest);
  }
}
