// The Port Forwarding page against the mock backend's simulated cluster: its forwards
// really listen on 127.0.0.1, so each one is checked by connecting to it. Then the
// Troubleshooting page's Kubernetes reset, and the page once Kubernetes is off.
import net from 'node:net';

import { expect, type Page, test } from '@playwright/test';

import { type HeadlessApp, startHeadlessApp } from '../helpers/headlessApp';
import { screenshotPath } from '../helpers/pageChecks';

let app: HeadlessApp;

test.beforeAll(async() => {
  app = await startHeadlessApp();
});
test.afterAll(async() => app?.stop());

function readFrom(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    let text = '';

    socket.on('data', (d) => (text += d.toString()));
    socket.on('end', () => resolve(text));
    socket.on('error', reject);
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;

      server.close(() => resolve(port));
    });
  });
}

async function open(page: Page, route: string) {
  await page.goto(app.loginUrl);
  await expect(page.getByTestId('backend-state').first()).toHaveText(/Running/);
  await page.goto(`${ app.origin }/#/${ route }`);
}

test('lists the Services, filters by namespace, and shows system services on request', async({ page }) => {
  await open(page, 'port-forwarding');
  const table = page.getByRole('table', { name: 'Services' });

  await expect(table.getByTestId('service-default/web:80')).toBeVisible();
  await expect(table.getByTestId('service-default/web:9090')).toContainText('metrics');
  await expect(table.getByTestId('service-default/kubernetes:443')).toHaveCount(0);
  await expect(table.getByTestId('service-kube-system/kube-dns:53')).toHaveCount(0);

  await page.getByTestId('include-system').check();
  await expect(table.getByTestId('service-kube-system/kube-dns:53')).toHaveCount(2);
  await expect(table.getByTestId('service-default/kubernetes:443')).toBeVisible();
  await expect(page.getByText('only TCP ports can be forwarded')).toBeVisible();

  await page.getByTestId('service-namespace').selectOption('kube-system');
  await expect(table.getByTestId('service-default/web:80')).toHaveCount(0);
  await expect(table.getByTestId('service-kube-system/kube-dns:53')).toHaveCount(2);
  await page.getByTestId('service-namespace').selectOption('');
  await page.getByTestId('include-system').uncheck();
  await expect(table.getByTestId('service-default/kubernetes:443')).toHaveCount(0);
});

test('forwards to any free port and to a chosen one; each answers; cancel closes it', async({ page }) => {
  await open(page, 'port-forwarding');
  const web = page.getByTestId('service-default/web:80');

  await page.getByRole('button', { name: 'Forward default/web:80', exact: true }).click();
  const link = web.getByTestId('host-port').getByRole('link');

  await expect(link).toHaveText(/^\d+$/);
  const port = Number(await link.textContent());

  expect(await readFrom(port)).toContain('Rancher Desktop mock service default/web:80');
  await expect(link).toHaveAttribute('href', `http://localhost:${ port }`);

  const chosen = await freePort();

  await page.getByRole('spinbutton', { name: 'Host port for default/web:9090' }).fill(String(chosen));
  await page.getByRole('button', { name: 'Forward default/web:9090', exact: true }).click();
  await expect(page.getByTestId('service-default/web:9090').getByTestId('host-port')).toHaveText(String(chosen));
  expect(await readFrom(chosen)).toContain('default/web:9090');
  await page.screenshot({ path: screenshotPath('port-forwarding-forwarded'), fullPage: true });

  // The forwards are the core's, not the page's: a reload shows them.
  await page.reload();
  await expect(page.getByTestId('service-default/web:80').getByTestId('host-port')).toHaveText(String(port));

  await page.getByRole('button', { name: 'Cancel forward of default/web:80', exact: true }).click();
  await expect(page.getByRole('spinbutton', { name: 'Host port for default/web:80' })).toBeVisible();
  await expect(readFrom(port)).rejects.toThrow(/ECONNREFUSED/);
  await page.getByRole('button', { name: 'Cancel forward of default/web:9090', exact: true }).click();
  await expect(readFrom(chosen)).rejects.toThrow(/ECONNREFUSED/);
});

test('a forward that cannot be made says why', async({ page }) => {
  await open(page, 'port-forwarding');
  const blocker = net.createServer();
  const taken = await new Promise<number>((resolve) => blocker.listen(0, '127.0.0.1', () => resolve((blocker.address() as net.AddressInfo).port)));

  try {
    await page.getByRole('spinbutton', { name: 'Host port for default/web:80' }).fill(String(taken));
    await page.getByRole('button', { name: 'Forward default/web:80', exact: true }).click();
    await expect(page.getByRole('alert')).toContainText(`Could not forward default/web:80: unable to listen on 127.0.0.1:${ taken }`);
    await expect(page.getByRole('spinbutton', { name: 'Host port for default/web:80' })).toBeVisible();
  } finally {
    blocker.close();
  }
});

test('the Troubleshooting page resets Kubernetes, and its forwards end', async({ page }) => {
  page.on('dialog', (d) => d.accept());
  await open(page, 'port-forwarding');
  await page.getByRole('button', { name: 'Forward default/web:80', exact: true }).click();
  const port = Number(await page.getByTestId('service-default/web:80').getByTestId('host-port').getByRole('link').textContent());

  await page.goto(`${ app.origin }/#/troubleshooting`);
  await page.getByTestId('k8s-reset-button').click();
  await expect(page.getByTestId('k8s-reset')).toHaveText('Kubernetes was reset.');
  await expect(readFrom(port)).rejects.toThrow(/ECONNREFUSED/);
  await page.goto(`${ app.origin }/#/port-forwarding`);
  await expect(page.getByRole('spinbutton', { name: 'Host port for default/web:80' })).toBeVisible();
});

test('with Kubernetes disabled the page says so, and the reset says why it cannot run', async({ page }) => {
  page.on('dialog', (d) => d.accept());
  await app.rdctl('set', '--kubernetes.enabled=false');
  await page.goto(app.loginUrl);
  await expect(page.getByTestId('backend-state').first()).toHaveText(/Running/);
  await page.goto(`${ app.origin }/#/port-forwarding`);
  await expect(page.getByTestId('k8s-not-running')).toContainText('Kubernetes is not running (the backend is DISABLED)');
  await expect(page.getByRole('link', { name: 'Enable Kubernetes in Preferences.' })).toBeVisible();

  await page.goto(`${ app.origin }/#/troubleshooting`);
  await page.getByTestId('k8s-reset-button').click();
  await expect(page.getByRole('alert')).toContainText('Kubernetes is not running');
});
