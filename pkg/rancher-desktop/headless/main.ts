// Entry of the headless app: the core in plain Node, no Electron. Refuses root, holds the
// single-instance lock, and turns SIGTERM/SIGINT into a clean shutdown.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { type RunningCore, startApp } from '@pkg/main/app';
import type { HostUi } from '@pkg/main/host';
import { computePaths, defaultResourcesDir } from '@pkg/utils/node/paths';
import { atomicWriteFileSync } from '@pkg/utils/node/atomicWrite';
import { acquireInstanceLock } from '@pkg/utils/node/singleInstance';

import { startWebUi, type WebUi } from './webUiServer';

/** Exit code of a second instance, as Rancher Desktop's single-instance check uses. */
const EXIT_ALREADY_RUNNING = 201;

const terminal: HostUi = {
  // The headless shell has no windows: what the user must see goes to the terminal.
  notify: (title, message) => process.stderr.write(`${ title }: ${ message }\n`),
  showError: (title, message) => process.stderr.write(`Error: ${ title }: ${ message }\n`),
};

/** Holds the web UI's URL with its token, readable by this user only. */
const WEB_UI_FILE = 'web-ui-url';

/** RD_WEB_UI_PORT, checked before anything starts. */
function webUiPort(): number {
  const port = Number(process.env.RD_WEB_UI_PORT ?? 0);

  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`RD_WEB_UI_PORT=${ process.env.RD_WEB_UI_PORT } is not a port number (use 0 for any free port)`);
  }

  return port;
}

async function startHeadlessWebUi(app: RunningCore, appHome: string, port: number): Promise<WebUi> {
  const staticDir = path.join(__dirname, '..', 'renderer');

  if (!fs.existsSync(path.join(staticDir, 'index.html'))) {
    throw new Error('the renderer is not built: run `npm run build`');
  }
  const webUi = await startWebUi({ staticDir, openSession: app.openUiSession, port, logger: app.logger('web-ui') });

  atomicWriteFileSync(path.join(appHome, WEB_UI_FILE), `${ webUi.loginUrl }\n`, 0o600);

  return webUi;
}

async function main(): Promise<number> {
  if (process.getuid?.() === 0) {
    process.stderr.write('Rancher Desktop must not be run as root (it manages a VM and files in your home directory). Run it as your ordinary user.\n');

    return 1;
  }
  const port = webUiPort();
  const paths = computePaths({
    platform: process.platform as 'linux' | 'darwin' | 'win32',
    home: os.homedir(),
    env: process.env,
    resources: defaultResourcesDir(__dirname),
  });

  fs.mkdirSync(paths.appHome, { recursive: true, mode: 0o700 });
  const lock = await acquireInstanceLock(path.join(paths.appHome, 'instance.sock'));

  if (!lock) {
    process.stderr.write(`Rancher Desktop is already running for this user (see ${ path.join(paths.appHome, 'rd-engine.json') }).\n`);

    return EXIT_ALREADY_RUNNING;
  }
  const app = await startApp({
    paths, host: terminal, argv: process.argv.slice(2), env: process.env, platform: process.platform,
    version: process.env.RD_APP_VERSION ?? 'dev', shell: 'headless',
    // The launcher scripts/build.mjs writes beside resources/.
    executable: path.join(path.dirname(paths.resources), 'rancher-desktop'),
  });
  // The core is up (and a VM may be starting): a web UI failure must not leave it orphaned.
  const webUi = await startHeadlessWebUi(app, paths.appHome, port).catch((error: Error) => {
    process.stderr.write(`The web UI could not start (${ error.message }); the HTTP API and rdctl still work.\n`);
  });

  process.stdout.write([
    `Rancher Desktop is running headless (pid ${ process.pid }).`,
    `  HTTP API: http://127.0.0.1:${ app.apiPort }/v1 (credentials in ${ path.join(paths.appHome, 'rd-engine.json') })`,
    `  rdctl:    ${ path.join(paths.integration ?? paths.altAppHome, 'rdctl') }`,
    `  logs:     ${ paths.logs }`,
    webUi ? `  web UI:   ${ webUi.loginUrl }` : '  web UI:   not available (see the message above)',
    'Stop it with Ctrl-C or `rdctl shutdown`.',
    '',
  ].join('\n'));
  const stop = () => {
    app.shutdown().catch(() => {});
  };

  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  const code = await app.exited;

  await webUi?.close();
  fs.rmSync(path.join(paths.appHome, WEB_UI_FILE), { force: true });

  await lock.release();

  return code;
}

main().then((code) => process.exit(code), (error: unknown) => {
  process.stderr.write(`Rancher Desktop failed to start: ${ error instanceof Error ? error.message : String(error) }\n`);
  process.exit(1);
});
