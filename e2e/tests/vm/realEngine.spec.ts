// The Containers and Images pages against the real VM (Lima + QEMU, dockerd): what the GUI
// does is checked with the user's own docker CLI. Needs the VM's dependencies (setup.sh)
// and RD_E2E_VM=1; the test command sets it.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

import { expect, type Page, test } from '@playwright/test';

import { type HeadlessApp, startHeadlessApp } from '../../helpers/headlessApp';

const run = promisify(execFile);
const docker = path.resolve(__dirname, '..', '..', '..', 'resources', process.platform, 'bin', 'docker');

test.describe.configure({ mode: 'serial' });
test.skip(!process.env.RD_E2E_VM, 'set RD_E2E_VM=1 to run the GUI against the real VM');

let app: HeadlessApp;
const dockerCli = async(...args: string[]) => (await run(docker, args, { env: { ...app.env, DOCKER_HOST: `unix://${ app.home }/.rd/docker.sock` } })).stdout.trim();

/** A busybox image made without a registry, as the VM suite does. */
async function importImage(tag: string): Promise<void> {
  const rootfs = path.join(app.home, 'rootfs');

  fs.mkdirSync(path.join(rootfs, 'bin'), { recursive: true });
  fs.copyFileSync('/bin/busybox', path.join(rootfs, 'bin', 'busybox'));
  for (const applet of ['sh', 'echo', 'sleep']) {
    fs.symlinkSync('busybox', path.join(rootfs, 'bin', applet));
  }
  await run('tar', ['-C', rootfs, '-cf', path.join(app.home, 'rootfs.tar'), '.']);
  await dockerCli('import', path.join(app.home, 'rootfs.tar'), tag);
}

async function open(page: Page, route: string) {
  await page.goto(app.loginUrl);
  await page.goto(`${ app.origin }/#/${ route }`);
}

test.beforeAll(async() => {
  test.setTimeout(600_000);
  app = await startHeadlessApp({ realVm: true, args: ['--containerEngine.name=moby', '--kubernetes.enabled=false'] });
  for (let i = 0; i < 540; i++) {
    const state = JSON.parse(await app.rdctl('api', '/v1/backend_state')).vmState;

    if (state === 'DISABLED' || state === 'STARTED') {
      break;
    }
    expect(state).not.toBe('ERROR');
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  await importImage('rdtest/gui:1');
  await dockerCli('run', '-d', '--name', 'gui-web', 'rdtest/gui:1', 'sh', '-c', 'echo hello-from-the-vm; exec sleep 3600');
});

test.afterAll(async() => {
  test.setTimeout(180_000);
  await app?.stop();
});

test('containers page: lists, stops, starts, shows logs and deletes a real container', async({ page }) => {
  test.setTimeout(180_000);
  page.on('dialog', (d) => d.accept());
  await open(page, 'containers');
  const row = page.getByTestId('container-gui-web');

  await expect(row.getByTestId('state')).toContainText('running', { timeout: 30_000 });
  await page.getByRole('button', { name: 'Stop gui-web', exact: true }).click();
  await expect(row.getByTestId('state')).toContainText('exited', { timeout: 60_000 });
  expect(await dockerCli('inspect', '-f', '{{.State.Running}}', 'gui-web')).toBe('false');
  await page.getByRole('button', { name: 'Start gui-web', exact: true }).click();
  await expect(row.getByTestId('state')).toContainText('running', { timeout: 60_000 });
  expect(await dockerCli('inspect', '-f', '{{.State.Running}}', 'gui-web')).toBe('true');
  await page.getByRole('button', { name: 'Logs gui-web', exact: true }).click();
  await expect(page.getByRole('log', { name: 'Logs of gui-web' })).toContainText('hello-from-the-vm');
  await page.getByRole('button', { name: 'Delete gui-web', exact: true }).click();
  await expect(row).toHaveCount(0, { timeout: 60_000 });
  expect(await dockerCli('ps', '-a', '--filter', 'name=gui-web', '-q')).toBe('');
});

test('images page: lists, tags and deletes a real image', async({ page }) => {
  test.setTimeout(180_000);
  page.on('dialog', (d) => d.accept());
  await open(page, 'images');
  await expect(page.getByTestId('image-rdtest/gui:1')).toBeVisible({ timeout: 30_000 });
  await page.getByRole('button', { name: 'Tag rdtest/gui:1', exact: true }).click();
  await page.getByTestId('new-tag').fill('rdtest/gui:tagged');
  await page.getByRole('button', { name: 'Tag', exact: true }).last().click();
  await expect(page.getByTestId('images-table')).toContainText('rdtest/gui:tagged');
  expect(await dockerCli('images', '-q', 'rdtest/gui:tagged')).not.toBe('');
  await page.getByRole('button', { name: 'Delete rdtest/gui:tagged', exact: true }).click();
  await expect(page.getByTestId('images-table')).not.toContainText('rdtest/gui:tagged');
  expect(await dockerCli('images', '-q', 'rdtest/gui:tagged')).toBe('');
  expect(await dockerCli('images', '-q', 'rdtest/gui:1')).not.toBe('');
});
