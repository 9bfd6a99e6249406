// Container, image and volume actions in the GUI reach the engine: each result is read
// back from the core after a reload, not only from the page's own state.
import { expect, type Page, test } from '@playwright/test';

import { type HeadlessApp, startHeadlessApp } from '../helpers/headlessApp';

let app: HeadlessApp;

test.beforeAll(async() => {
  app = await startHeadlessApp();
  await app.rdctl('set', '--kubernetes.enabled=false');
});
test.afterAll(async() => app?.stop());

async function open(page: Page, route: string) {
  await page.goto(app.loginUrl);
  await expect(page.getByTestId('backend-state').first()).toHaveText(/Running/);
  await page.goto(`${ app.origin }/#/${ route }`);
}

test('containers: stop, start, logs, inspect, delete', async({ page }) => {
  page.on('dialog', (d) => d.accept());
  await open(page, 'containers');
  const web = page.getByTestId('container-web');

  await expect(web.getByTestId('state')).toContainText('running');
  await page.getByRole('button', { name: 'Stop web', exact: true }).click();
  await expect(web.getByTestId('state')).toContainText('exited');
  await page.reload();
  await expect(page.getByTestId('container-web').getByTestId('state')).toContainText('exited');
  await page.getByRole('button', { name: 'Start web', exact: true }).click();
  await expect(page.getByTestId('container-web').getByTestId('state')).toContainText('running');

  await page.getByRole('button', { name: 'Logs web', exact: true }).click();
  await expect(page.getByRole('log', { name: 'Logs of web' })).toContainText('tick 1');

  await page.getByRole('button', { name: 'Inspect web', exact: true }).click();
  await expect(page.getByTestId('inspect-panel')).toContainText('"Running": true');

  // "Show stopped containers" is the containers.showAll setting.
  await page.getByTestId('show-all').uncheck();
  await expect(page.getByTestId('container-db')).toHaveCount(0);
  expect(JSON.parse(await app.rdctl('list-settings')).containers.showAll).toBe(false);
  await page.getByTestId('show-all').check();
  await expect(page.getByTestId('container-db')).toBeVisible();

  await page.getByRole('button', { name: 'Delete db', exact: true }).click();
  await expect(page.getByTestId('container-db')).toHaveCount(0);
  await page.reload();
  await expect(page.getByTestId('container-web')).toBeVisible();
  await expect(page.getByTestId('container-db')).toHaveCount(0);
});

test('containers: the published port opens in the browser', async({ page }) => {
  await open(page, 'containers');
  await expect(page.getByTestId('container-web').getByRole('link', { name: '8080:80' })).toHaveAttribute('href', 'http://localhost:8080');
});

test('images: pull with progress, build, tag, delete; scanning says it is not available', async({ page }) => {
  page.on('dialog', (d) => d.accept());
  await open(page, 'images');
  await expect(page.getByTestId('scanning')).toContainText('not available');
  // "Show system images" is the images.showAll setting.
  await expect(page.getByTestId('image-rancher/mirrored-pause:3.6')).toBeVisible();
  await page.getByTestId('show-all-images').uncheck();
  await expect(page.getByTestId('image-rancher/mirrored-pause:3.6')).toHaveCount(0);
  await expect(page.getByTestId('image-busybox:latest')).toBeVisible();
  expect(JSON.parse(await app.rdctl('list-settings')).images.showAll).toBe(false);
  await page.getByTestId('show-all-images').check();

  await page.getByTestId('pull-ref').fill('alpine:3.20');
  await page.getByRole('button', { name: 'Pull', exact: true }).click();
  await expect(page.getByRole('log', { name: 'Image operation output' })).toContainText('alpine:3.20: Pull complete');
  await expect(page.getByTestId('image-alpine:3.20')).toBeVisible();

  await page.getByTestId('build-dir').fill('/home/me/project');
  await page.getByTestId('build-tag').fill('myapp:dev');
  await page.getByRole('button', { name: 'Build', exact: true }).click();
  await expect(page.getByRole('log', { name: 'Image operation output' })).toContainText('naming to myapp:dev');
  await expect(page.getByTestId('image-myapp:dev')).toBeVisible();

  await page.getByRole('button', { name: 'Tag myapp:dev', exact: true }).click();
  await page.getByTestId('new-tag').fill('myapp:v1');
  await page.getByRole('button', { name: 'Tag', exact: true }).last().click();
  await expect(page.getByTestId('image-myapp:v1')).toBeVisible();
  await expect(page.getByTestId('image-myapp:dev')).toBeVisible();

  await page.getByRole('button', { name: 'Delete alpine:3.20', exact: true }).click();
  await expect(page.getByTestId('image-alpine:3.20')).toHaveCount(0);
  await page.getByRole('button', { name: 'Delete myapp:dev', exact: true }).click();
  await expect(page.getByTestId('image-myapp:dev')).toHaveCount(0);
  await page.reload();
  await expect(page.getByTestId('image-myapp:v1')).toBeVisible();
  await expect(page.getByTestId('image-myapp:dev')).toHaveCount(0);
  await expect(page.getByTestId('image-alpine:3.20')).toHaveCount(0);
});

test('images: an engine error is shown, nothing changes', async({ page }) => {
  page.on('dialog', (d) => d.accept());
  await open(page, 'images');
  await page.getByRole('button', { name: 'Delete nginx:alpine', exact: true }).click();
  await expect(page.getByRole('alert')).toContainText('being used by running container web');
  await page.reload();
  await expect(page.getByTestId('image-nginx:alpine')).toBeVisible();
});

test('volumes: browse folders, delete', async({ page }) => {
  page.on('dialog', (d) => d.accept());
  await open(page, 'volumes');
  await page.getByRole('button', { name: 'Browse data', exact: true }).click();
  const browser = page.getByTestId('volume-browser');

  await expect(browser).toContainText('README');
  await browser.getByRole('button', { name: 'conf/' }).click();
  await expect(browser).toContainText('app.yaml');
  await browser.getByRole('button', { name: 'Up' }).click();
  await expect(browser).toContainText('README');
  await page.getByRole('button', { name: 'Delete data', exact: true }).click();
  await expect(page.getByTestId('volume-data')).toHaveCount(0);
  await page.reload();
  await expect(page.getByTestId('volumes-table')).toContainText('No volumes.');
});

test('engine pages say when the engine is not running', async({ page }) => {
  await open(page, 'containers');
  await app.rdctl('api', '/v1/backend_state', '-X', 'PUT', '--body', '{"vmState":"STOPPED"}');
  await expect(page.getByTestId('engine-not-running')).toContainText('not running');
  // The page says so from STOPPING on; a start is only taken once the stop has finished.
  await expect(page.getByTestId('backend-state').first()).toHaveText('Stopped');
  await app.rdctl('api', '/v1/backend_state', '-X', 'PUT', '--body', '{"vmState":"STARTED"}');
  await expect(page.getByTestId('container-web')).toBeVisible();
});
