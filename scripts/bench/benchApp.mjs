// What the benchmarks share: the headless app on the mock backend with a throw-away HOME,
// run as the ordinary test user when started as root (the app refuses root).
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);

  return sorted[Math.floor(sorted.length / 2)];
}

/** uid/gid options for spawn: the test user's when root, none otherwise. */
export function asUser() {
  if (process.getuid() !== 0) {
    return {};
  }
  const name = process.env.RD_TEST_USER || 'rdtest';

  return { uid: Number(execFileSync('id', ['-u', name])), gid: Number(execFileSync('id', ['-g', name])) };
}

/** Starts the app and resolves once it wrote its API credentials; `output` collects its stdout. */
export async function startMockApp() {
  const user = asUser();
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'rd-bench-'));

  fs.chmodSync(home, 0o755);
  if (user.uid !== undefined) {
    fs.chownSync(home, user.uid, user.gid);
  }
  const env = { PATH: process.env.PATH, HOME: home, RD_MOCK_BACKEND: '1', RD_MOCK_BACKEND_DELAY_MS: '10', RD_API_PORT: '0' };
  const app = spawn(process.execPath, [path.join(root, 'dist', 'app', 'headless.js')], { env, ...user, stdio: ['ignore', 'pipe', 'ignore'] });
  const stateFile = path.join(home, '.local', 'share', 'rancher-desktop', 'rd-engine.json');
  const started = { app, env, user, home, output: '', creds: undefined };

  app.stdout.on('data', (d) => (started.output += d));
  for (let i = 0; i < 200 && !started.creds; i++) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    try {
      const parsed = JSON.parse(fs.readFileSync(stateFile, 'utf8'));

      started.creds = parsed.pid === app.pid ? parsed : undefined;
    } catch {
      // Not written yet: keep polling.
    }
  }
  if (!started.creds) {
    app.kill();
    throw new Error('the app did not start');
  }

  return started;
}
