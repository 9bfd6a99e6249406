import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

import type { KubectlTarget } from '../kubectl';

export interface FakeKubectl {
  dir: string;
  target: KubectlTarget;
  /** Every run so far: its pid and arguments. */
  runs(): { pid: number; args: string[] }[];
  remove(): void;
}

/** A kubectl target whose kubectl is fake-kubectl.cjs, run by this node through a sh wrapper. */
export function makeFakeKubectl(env: Record<string, string> = {}): FakeKubectl {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fake-kubectl-'));
  const kubectl = path.join(dir, 'kubectl');
  const log = path.join(dir, 'runs.log');

  fs.writeFileSync(kubectl, `#!/bin/sh\nexec "${ process.execPath }" "${ path.join(__dirname, 'fake-kubectl.cjs') }" "$@"\n`, { mode: 0o755 });

  return {
    dir,
    target: { kubectl, kubeconfig: () => path.join(dir, 'kubeconfig'), env: { PATH: process.env.PATH, FAKE_KUBECTL_LOG: log, ...env } },
    runs: () => (fs.existsSync(log) ? fs.readFileSync(log, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l)) : []),
    remove: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}

/** Connects to 127.0.0.1:port and reads until the other side closes. */
export function readFrom(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    let text = '';

    socket.on('data', (d) => (text += d.toString()));
    socket.on('end', () => resolve(text));
    socket.on('error', reject);
  });
}

/** A free port right now (the OS picks one, then it is released). */
export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;

      server.close(() => resolve(port));
    });
  });
}

export async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;

  while (!(await check())) {
    if (Date.now() > deadline) {
      throw new Error('timed out');
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Records what a component logs, by level. */
export function recordingLogger() {
  const lines: string[] = [];
  const add = (level: string) => (message: string) => lines.push(`${ level }: ${ message }`);

  return { lines, logger: { debug: add('debug'), info: add('info'), warn: add('warn'), error: add('error') } };
}
