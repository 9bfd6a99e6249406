// Every page loads without console errors, in light and dark themes, with a screenshot of each.
import { expect, test } from '@playwright/test';

import { type HeadlessApp, startHeadlessApp } from '../helpers/headlessApp';
import { collectErrors, screenshotPath } from '../helpers/pageChecks';

const PAGES: [string, string][] = [
  ['general', 'General'], ['containers', 'Containers'], ['port-forwarding', 'Port Forwarding'], ['images', 'Images'],
  ['volumes', 'Volumes'], ['snapshots', 'Snapshots'], ['troubleshooting', 'Troubleshooting'], ['diagnostics', 'Diagnostics'],
  ['extensions', 'Extensions'], ['preferences', 'Preferences'],
];

let app: HeadlessApp;

test.beforeAll(async() => {
  app = await startHeadlessApp();
  await app.rdctl('set', '--kubernetes.enabled=false');
});
test.afterAll(async() => app?.stop());

for (const theme of ['light', 'dark'] as const) {
  test(`every page loads without errors (${ theme })`, async({ page }) => {
    const errors = collectErrors(page);

    await page.emulateMedia({ colorScheme: theme });
    await page.goto(app.loginUrl);
    await expect(page.getByTestId('backend-state').first()).toHaveText(/Running/);
    for (const [route, title] of PAGES) {
      await page.goto(`${ app.origin }/#/${ route }`);
      if (route === 'preferences') {
        await expect(page.getByRole('heading', { name: 'Application · General' })).toBeVisible();
      } else {
        await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
      }
      await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
      await page.waitForLoadState('networkidle');
      await page.screenshot({ path: screenshotPath(`${ route }-${ theme }`), fullPage: true });
    }
    expect(errors).toEqual([]);
  });
}

test('navigation works from the keyboard', async({ page }) => {
  await page.goto(app.loginUrl);
  await expect(page.getByTestId('backend-state').first()).toHaveText(/Running/);
  const nav = page.getByRole('navigation', { name: 'Pages' });

  await nav.getByRole('link', { name: 'General' }).focus();
  await page.keyboard.press('Tab');
  await expect(nav.getByRole('link', { name: 'Containers' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: 'Containers' })).toBeVisible();
});

test('the theme setting overrides the system theme', async({ page }) => {
  await page.emulateMedia({ colorScheme: 'light' });
  await page.goto(app.loginUrl);
  await app.rdctl('api', '/v1/settings', '-X', 'PUT', '--body', JSON.stringify({ version: 19, application: { theme: 'dark' } }));
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await app.rdctl('api', '/v1/settings', '-X', 'PUT', '--body', JSON.stringify({ version: 19, application: { theme: 'system' } }));
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
});
