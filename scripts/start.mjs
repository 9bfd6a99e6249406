// Starts the app: Electron when its binary is installed and can run here, otherwise the
// headless core (same core, same API), saying which and why.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const headless = path.join(root, 'dist', 'app', 'headless.js');
const electronMain = path.join(root, 'dist', 'app', 'electron.js');
const args = process.argv.slice(2).filter((a) => a !== '--headless');

function electronBinary() {
  try {
    const binary = createRequire(import.meta.url)('electron');

    if (typeof binary !== 'string' || !fs.existsSync(binary)) {
      return { reason: 'the electron package has no binary (its download is not possible here)' };
    }
    const probe = spawnSync(binary, ['--version'], { timeout: 10_000, env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' } });

    return probe.status === 0 ? { binary } : { reason: `${ binary } does not run: ${ probe.stderr?.toString().trim() || probe.error?.message }` };
  } catch {
    return { reason: 'the electron package is not installed' };
  }
}

if (!fs.existsSync(headless)) {
  spawnSync(process.execPath, [path.join(root, 'scripts', 'build.mjs')], { stdio: 'inherit' });
}

let command = [process.execPath, headless, ...args];
const wantsHeadless = process.argv.includes('--headless');
const electron = wantsHeadless ? { reason: '--headless was given' } : electronBinary();

if (electron.binary && fs.existsSync(electronMain)) {
  command = [electron.binary, electronMain, ...args];
} else {
  const why = electron.reason ?? 'the Electron shell is not built';

  console.error(`Electron cannot run here (${ why }): starting headless.`);
}

const child = spawn(command[0], command.slice(1), { stdio: 'inherit' });

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => child.kill(signal));
}
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
