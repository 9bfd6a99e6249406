// Starts the real headless app (mock backend) for a test file, with its own HOME, and
// gives the web UI's login URL, rdctl bound to that HOME, and a way to stop it.
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const root = path.resolve(__dirname, '..', '..');
const run = promisify(execFile);

export interface HeadlessApp {
  home: string;
  /** The app's environment, for running the user's tools (docker) against it. */
  env: Record<string, string | undefined>;
  loginUrl: string;
  origin: string;
  rdctl(...args: string[]): Promise<string>;
  stop(): Promise<void>;
}

export interface AppOptions {
  /** Milliseconds each mock backend step takes (progress is visible when long). */
  stepDelayMs?: number;
  /** Files to write under HOME before the app starts (settings, deployment profiles). */
  files?: Record<string, unknown>;
  /** Run the real VM (Lima + QEMU) instead of the mock backend. */
  realVm?: boolean;
  /** Settings flags for the app's command line, e.g. --kubernetes.enabled=false. */
  args?: string[];
}

export async function startHeadlessApp(options: AppOptions = {}): Promise<HeadlessApp> {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'rd-e2e-'));

  for (const [rel, content] of Object.entries(options.files ?? {})) {
    fs.mkdirSync(path.dirname(path.join(home, rel)), { recursive: true });
    fs.writeFileSync(path.join(home, rel), JSON.stringify(content));
  }
  // The XDG folders must follow HOME, so the user's own are dropped.
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('XDG_')));
  const env = { ...inherited, HOME: home, RD_MOCK_BACKEND: options.realVm ? '0' : '1', RD_API_PORT: '0', RD_MOCK_BACKEND_DELAY_MS: String(options.stepDelayMs ?? 50) };
  const child: ChildProcess = spawn(process.execPath, [path.join(root, 'dist', 'app', 'headless.js'), '--no-modal-dialogs', ...(options.args ?? [])], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const loginUrl = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the app printed no web UI URL:\n${ output }`)), 30_000);
    const read = (d: Buffer) => {
      output += d.toString();
      const match = /web UI: {3}(http:\/\/\S+)/.exec(output);

      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };

    child.stdout?.on('data', read);
    child.stderr?.on('data', read);
    child.once('exit', (code) => reject(new Error(`the app exited (${ code }):\n${ output }`)));
  });
  const rdctl = async(...args: string[]) => (await run(path.join(root, 'resources', process.platform, 'bin', 'rdctl'), args, { env })).stdout;

  return {
    home,
    env,
    loginUrl,
    origin: new URL(loginUrl).origin,
    rdctl,
    stop: async() => {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));

        // SIGTERM is a clean shutdown: a real VM is stopped before the app exits.
        child.kill('SIGTERM');
        await exited;
      }
      fs.rmSync(home, { recursive: true, force: true });
    },
  };
}
