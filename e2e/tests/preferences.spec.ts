// Preferences: a change made in the UI is what the API returns; validation comes from the
// core; locked fields cannot change; rdctl set shows in the open UI; restarts are announced.
import { expect, test } from '@playwright/test';

import { type HeadlessApp, startHeadlessApp } from '../helpers/headlessApp';

let app: HeadlessApp;

const settings = async() => JSON.parse(await app.rdctl('api', '/v1/settings'));

test.beforeAll(async() => {
  app = await startHeadlessApp({
    // Locking allowed images on would stop the start (this build does not enforce them): the patterns are locked.
    files: { '.config/rancher-desktop.locked.json': { version: 19, containerEngine: { allowedImages: { patterns: ['docker.io/library/'] } } } },
  });
  await app.rdctl('set', '--kubernetes.enabled=false');
});
test.afterAll(async() => app?.stop());

test('a preference changed in the UI is what GET /v1/settings returns', async({ page }) => {
  await page.goto(app.loginUrl);
  await page.goto(`${ app.origin }/#/preferences/application-behavior`);
  const box = page.getByLabel('Start in the background (no main window)');

  await expect(box).not.toBeChecked();
  await box.check();
  await page.getByTestId('apply').click();
  await expect(page.getByTestId('apply-message')).toHaveText('Applied.');
  expect((await settings()).application.startInBackground).toBe(true);
});

test('the core validates: a bad value shows its message and cannot be applied', async({ page }) => {
  await page.goto(app.loginUrl);
  await page.goto(`${ app.origin }/#/preferences/virtual-machine-hardware`);
  await page.getByLabel('Disk size').fill('lots');
  await expect(page.getByTestId('field-experimental.virtualMachine.diskSize').getByTestId('field-errors')).toContainText('diskSize');
  await expect(page.getByTestId('apply')).toBeDisabled();
  expect((await settings()).experimental.virtualMachine.diskSize).toBe('100GiB');
});

test('a locked setting is shown locked and cannot be changed', async({ page }) => {
  await page.goto(app.loginUrl);
  await page.goto(`${ app.origin }/#/preferences/container-engine-allowed-images`);
  const field = page.getByTestId('field-containerEngine.allowedImages.patterns');

  await expect(field.getByRole('textbox')).toBeDisabled();
  await expect(field.getByTestId('locked')).toContainText('Locked');
  // The API refuses it too: the lock is the core's, not the page's.
  await expect(app.rdctl('api', '-X', 'PUT', '/v1/settings', '--body', '{"version":19,"containerEngine":{"allowedImages":{"patterns":[]}}}')).rejects.toThrow(/locked/);
});

test('allowed images, which this build does not enforce, say so and cannot be turned on', async({ page }) => {
  await page.goto(app.loginUrl);
  await page.goto(`${ app.origin }/#/preferences/container-engine-allowed-images`);
  const field = page.getByTestId('field-containerEngine.allowedImages.enabled');

  await expect(field.getByTestId('no-effect')).toContainText('No effect in this build: image allow-lists are not enforced');
  await expect(field.getByRole('checkbox')).toBeDisabled();
  await expect(field.getByTestId('locked')).toHaveCount(0);
  await expect(app.rdctl('set', '--container-engine.allowed-images.enabled=true')).rejects.toThrow(/not supported in this build/);
});

test('the Kubernetes version is chosen from the versions this install provides', async({ page }) => {
  await page.goto(app.loginUrl);
  await page.goto(`${ app.origin }/#/preferences/kubernetes-kubernetes`);
  const select = page.getByLabel('Kubernetes version');

  await expect(select.locator('option')).toHaveText(['Newest stable (v1.34.4)', 'v1.34.4 (stable)']);
  // As in RD, the started cluster recorded the version it runs in the empty setting.
  await expect(select).toHaveValue('1.34.4');
  await select.selectOption('');
  await page.getByTestId('apply').click();
  // Whether a version change restarts depends on Kubernetes running; confirm if asked.
  await expect(page.getByTestId('apply-message').or(page.getByTestId('restart-confirm'))).toBeVisible();
  if (await page.getByTestId('restart-confirm').isVisible()) {
    await page.getByTestId('apply').click();
  }
  await expect(page.getByTestId('apply-message')).toBeVisible();
  expect((await settings()).kubernetes.version).toBe('');
});

test('a setting changed with rdctl set appears in the open UI without reload', async({ page }) => {
  await page.goto(app.loginUrl);
  await page.goto(`${ app.origin }/#/preferences/virtual-machine-hardware`);
  const cpus = page.getByLabel('CPUs');

  await expect(cpus).toHaveValue('2');
  await app.rdctl('set', '--virtual-machine.number-cpus=3');
  await expect(cpus).toHaveValue('3');
});

test('Apply lists what restarts the VM before committing', async({ page }) => {
  await page.goto(app.loginUrl);
  await page.goto(`${ app.origin }/#/preferences/container-engine-general`);
  await page.getByLabel('Container engine', { exact: true }).selectOption('containerd');
  await expect(page.getByTestId('field-containerEngine.name').getByTestId('needs-restart')).toBeVisible();
  await page.getByTestId('apply').click();
  await expect(page.getByTestId('restart-confirm')).toContainText('containerEngine.name');
  expect((await settings()).containerEngine.name).toBe('moby');
  await page.getByTestId('apply').click();
  await expect(page.getByTestId('apply-message')).toContainText('restart');
  expect((await settings()).containerEngine.name).toBe('containerd');
});
