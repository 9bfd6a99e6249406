import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

import { acquireInstanceLock } from '../singleInstance';

describe('acquireInstanceLock', () => {
  let dir: string;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lock-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('lets one holder in and refuses a second while the first holds it', async() => {
    const socket = path.join(dir, 'app.sock');
    const knocked = jest.fn();
    const first = await acquireInstanceLock(socket, knocked);

    expect(first).toBeDefined();
    expect(await acquireInstanceLock(socket)).toBeUndefined();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(knocked).toHaveBeenCalledTimes(1);
    expect(fs.statSync(socket).mode & 0o777).toBe(0o600);
    await first?.release();
    const again = await acquireInstanceLock(socket);

    expect(again).toBeDefined();
    await again?.release();
  });

  it('takes over a socket file left behind by a dead instance', async() => {
    const socket = path.join(dir, 'app.sock');
    // A bound-then-abandoned socket file: nothing listens on it any more.
    const server = net.createServer();

    await new Promise<void>((resolve) => server.listen(socket, resolve));
    await new Promise<void>((resolve) => {
      // Closing removes the file, so recreate one that nothing answers on.
      server.close(() => resolve());
    });
    fs.writeFileSync(socket, '');
    const lock = await acquireInstanceLock(socket);

    expect(lock).toBeDefined();
    await lock?.release();
  });
});
