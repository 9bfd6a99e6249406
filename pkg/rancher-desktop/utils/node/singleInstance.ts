import fs from 'node:fs';
import net from 'node:net';

/** Held while this process is the one running instance; release() frees it. */
export interface InstanceLock {
  release(): Promise<void>;
}

function listen(server: net.Server, socketPath: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(socketPath, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

/** Whether something answers on the socket (a live instance) rather than a leftover file. */
function isAnswered(socketPath: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(socketPath);

    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/**
 * Takes the single-instance lock by listening on a Unix socket. A socket file left by a
 * crashed instance answers nothing, so it is removed and the lock taken; a live instance
 * answers, and the caller gets undefined. Unlike a pid file this cannot be fooled by a
 * reused pid. `onSecondInstance` runs when a later start knocks (to show the window).
 */
export async function acquireInstanceLock(socketPath: string, onSecondInstance: () => void = () => {}): Promise<InstanceLock | undefined> {
  const server = net.createServer((socket) => {
    socket.end();
    onSecondInstance();
  });

  try {
    await listen(server, socketPath);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE' || await isAnswered(socketPath)) {
      if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
        return undefined;
      }
      throw error;
    }
    fs.rmSync(socketPath, { force: true });
    await listen(server, socketPath);
  }
  fs.chmodSync(socketPath, 0o600);

  return {
    release: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
