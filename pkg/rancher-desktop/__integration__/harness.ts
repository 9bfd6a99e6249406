// Starts the real built headless app (mock backend) for integration tests, as an ordinary
// user: when the tests run as root, the app and rdctl run as $RD_TEST_USER (the app
// refuses root, like Rancher Desktop).
import { execFileSync, spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const repoRoot = path.resolve(__dirname, '..', '..', '..');
export const headlessScript = path.join(repoRoot, 'dist', 'app', 'headless.js');
export const rdctlPath = path.join(repoRoot, 'resources', process.platform, 'bin', 'rdctl');

interface TestUser { uid: number; gid: number; name: string }

/** The ordinary user apps run as; undefined when the tests themselves are not root. */
export function testUser(): TestUser | undefined {
  if (process.getuid?.() !== 0) {
    return undefined;
  }
  const name = process.env.RD_TEST_USER || 'rdtest';

  try {
    const uid = Number(execFileSync('id', ['-u', name]).toString().trim());
    const gid = Number(execFileSync('id', ['-g', name]).toString().trim());

    return { uid, gid, name };
  } catch {
    throw new Error(`integration tests run as root need the ordinary user "${ name }": useradd -m ${ name } (scripts/test.sh does this)`);
  }
}

/** A temporary HOME owned by the test user. */
export function makeHome(): string {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'rd-home-'));
  const user = testUser();

  fs.chmodSync(home, 0o755);
  if (user) {
    fs.chownSync(home, user.uid, user.gid);
  }

  return home;
}

/** Spawn options that run a child as the test user with the given HOME. */
export function spawnOptions(home: string, env: Record<string, string> = {}): SpawnOptions {
  const user = testUser();

  return {
    cwd: home,
    env: {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: home,
      USER: user?.name ?? os.userInfo().username,
      RD_MOCK_BACKEND: '1',
      RD_API_PORT: '0',
      RD_MOCK_BACKEND_DELAY_MS: '100',
      ...env,
    },
    ...(user ? { uid: user.uid, gid: user.gid } : {}),
  };
}

export interface Credentials { user: string; password: string; port: number; pid: number }

export interface RunningApp {
  home: string;
  child: ChildProcess;
  creds: Credentials;
  appHome: string;
  configDir: string;
  logsDir: string;
  output(): string;
  request(method: string, urlPath: string, body?: string, auth?: string | null): Promise<{ status: number; text: string; headers: Headers }>;
  rdctl(args: string[], input?: string): Promise<{ code: number; stdout: string; stderr: string }>;
  stop(): Promise<void>;
}

export function runProcess(file: string, args: string[], options: SpawnOptions, input?: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { ...options, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';

    child.stdout?.on('data', (d) => (stdout += d));
    child.stderr?.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    child.stdin?.end(input ?? '');
  });
}

async function waitFor<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;

  while (Date.now() < deadline) {
    const value = await probe();

    if (value !== undefined) {
      return value;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`timed out waiting for ${ what }`);
}

/** Starts the headless app in a fresh HOME (or the given one) and waits until its API answers. */
export async function startApp(options: { home?: string; args?: string[]; env?: Record<string, string> } = {}): Promise<RunningApp> {
  if (!fs.existsSync(headlessScript)) {
    throw new Error(`${ headlessScript } is missing: run npm run build first`);
  }
  const home = options.home ?? makeHome();
  const appHome = path.join(home, '.local', 'share', 'rancher-desktop');
  const child = spawn(process.execPath, [headlessScript, ...(options.args ?? [])], { ...spawnOptions(home, options.env), stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';

  child.stdout?.on('data', (d) => (output += d));
  child.stderr?.on('data', (d) => (output += d));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stateFile = path.join(appHome, 'rd-engine.json');
  const creds = await waitFor('rd-engine.json', () => {
    if (child.exitCode !== null) {
      throw new Error(`app exited with ${ child.exitCode }: ${ output }`);
    }
    try {
      const parsed = JSON.parse(fs.readFileSync(stateFile, 'utf8')) as Credentials;

      return parsed.pid === child.pid ? parsed : undefined;
    } catch {
      return undefined;
    }
  });
  const basic = `Basic ${ Buffer.from(`${ creds.user }:${ creds.password }`).toString('base64') }`;
  const request: RunningApp['request'] = async(method, urlPath, body, auth = basic) => {
    const headers: Record<string, string> = {};

    if (auth) {
      headers.Authorization = auth;
    }
    const response = await fetch(`http://127.0.0.1:${ creds.port }${ urlPath }`, { method, headers, body });

    return { status: response.status, text: await response.text(), headers: response.headers };
  };

  await waitFor('GET /v1/settings', async() => ((await request('GET', '/v1/settings').catch(() => undefined))?.status === 200 ? true : undefined));

  return {
    home,
    child,
    creds,
    appHome,
    configDir: path.join(home, '.config', 'rancher-desktop'),
    logsDir: path.join(appHome, 'logs'),
    output: () => output,
    request,
    rdctl: (args, input) => runProcess(rdctlPath, args, spawnOptions(home), input),
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        await exited;
      }
    },
  };
}

/** Polls the backend state until it is one of `states`. */
export async function waitForState(app: RunningApp, states: string[], timeoutMs = 20_000): Promise<string> {
  return waitFor(`state ${ states.join('|') }`, async() => {
    const { text } = await app.request('GET', '/v1/backend_state');
    const state = (JSON.parse(text) as { vmState: string }).vmState;

    return states.includes(state) ? state : undefined;
  }, timeoutMs);
}
