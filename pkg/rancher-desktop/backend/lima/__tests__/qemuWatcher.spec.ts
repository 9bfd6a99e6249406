import { QemuWatcher, type QemuWatcherDeps } from '../qemuWatcher';

describe('QemuWatcher', () => {
  it('reports a QEMU whose pid is gone once, and nothing after stop()', () => {
    let tick: (() => void) | undefined;
    let alive = true;
    const deaths: (number | undefined)[] = [];
    const deps: QemuWatcherDeps = {
      readPid: () => 77,
      isAlive: () => alive,
      setInterval: (fn) => {
        tick = fn;

        return {};
      },
      clearInterval: () => {
        tick = undefined;
      },
    };
    const watcher = new QemuWatcher('/x/qemu.pid', (pid) => deaths.push(pid), deps);

    watcher.start();
    tick?.();
    expect(deaths).toEqual([]);
    alive = false;
    tick?.();
    tick?.();
    expect(deaths).toEqual([77]);

    alive = false;
    watcher.start();
    watcher.stop();
    expect(tick).toBeUndefined();
  });
});
