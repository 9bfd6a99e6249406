import fs from 'node:fs';
import path from 'node:path';

/**
 * Replaces a file so that a crash at any moment leaves either the old contents or the new,
 * never a torn file: write a temporary file in the same directory, fsync it, rename it
 * over the target, then fsync the directory so the rename itself is durable.
 */
export function atomicWriteFileSync(file: string, contents: string | Buffer, mode = 0o644): void {
  const dir = path.dirname(file);
  const temp = path.join(dir, `.${ path.basename(file) }.${ process.pid }.${ Date.now() }.tmp`);

  fs.mkdirSync(dir, { recursive: true });
  const fd = fs.openSync(temp, 'w', mode);

  try {
    fs.writeFileSync(fd, contents);
    fs.fchmodSync(fd, mode);
    fs.fsyncSync(fd);
  } catch (error) {
    fs.closeSync(fd);
    fs.rmSync(temp, { force: true });
    throw error;
  }
  fs.closeSync(fd);
  try {
    fs.renameSync(temp, file);
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
