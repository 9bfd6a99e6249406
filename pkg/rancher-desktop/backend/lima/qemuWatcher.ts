import fs from 'node:fs';

/** Seams: reading the pid file and asking the kernel whether a pid lives. */
export interface QemuWatcherDeps {
  readPid(file: string): number | undefined;
  isAlive(pid: number): boolean;
  setInterval(fn: () => void, ms: number): { unref?: () => void };
  clearInterval(handle: unknown): void;
}

export const realWatcherDeps: QemuWatcherDeps = {
  readPid: (file) => {
    try {
      const pid = Number(fs.readFileSync(file, 'utf8').trim());

      return Number.isInteger(pid) && pid > 0 ? pid : undefined;
    } catch {
      return undefined;
    }
  },
  isAlive: (pid) => {
    try {
      process.kill(pid, 0);

      return true;
    } catch (error) {
      // EPERM: it exists but belongs to someone else, which still counts as alive.
      return (error as NodeJS.ErrnoException).code === 'EPERM';
    }
  },
  setInterval: (fn, ms) => setInterval(fn, ms),
  clearInterval: (handle) => clearInterval(handle as NodeJS.Timeout),
};

/**
 * Notices a VM that died behind the app's back (QEMU killed, host OOM): Lima's host agent
 * does not tell anyone, so the pid Lima wrote is polled; a lost pid is reported once.
 */
export class QemuWatcher {
  private handle?: unknown;

  constructor(private readonly pidFile: string, private readonly onDeath: (pid: number | undefined) => void, private readonly deps: QemuWatcherDeps = realWatcherDeps, private readonly intervalMs = 1000) {}

  start(): void {
    this.stop();
    const pid = this.deps.readPid(this.pidFile);
    const timer = this.deps.setInterval(() => {
      const current = this.deps.readPid(this.pidFile);

      if (current === undefined || current !== pid || !this.deps.isAlive(current)) {
        this.stop();
        this.onDeath(pid);
      }
    }, this.intervalMs);

    timer.unref?.();
    this.handle = timer;
  }

  stop(): void {
    if (this.handle !== undefined) {
      this.deps.clearInterval(this.handle);
      this.handle = undefined;
    }
  }
}
