import fs from 'node:fs';

/**
 * The last `count` lines of a file, reading at most its last 64 KiB so a huge log costs
 * nothing; [] when the file does not exist.
 */
export function tailFile(file: string, count: number): string[] {
  let fd: number | undefined;

  try {
    fd = fs.openSync(file, 'r');
    const size = fs.fstatSync(fd).size;
    const length = Math.min(size, 64 * 1024);
    const buffer = Buffer.alloc(length);

    fs.readSync(fd, buffer, 0, length, size - length);

    return buffer.toString('utf8').split('\n').map((l) => l.trimEnd()).filter(Boolean).slice(-count);
  } catch {
    return [];
  } finally {
    if (fd !== undefined) {
      fs.closeSync(fd);
    }
  }
}
