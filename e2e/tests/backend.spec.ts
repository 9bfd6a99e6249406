// The General page follows the backend: progress during a start, errors with their details.
import { expect, test } from '@playwright/test';

import { startHeadlessApp } from '../helpers/headlessApp';

test('progress shows during a start, then the state', async({ page }) => {
  const app = await startHeadlessApp({ stepDelayMs: 1500 });

  try {
    await app.rdctl('set', '--kubernetes.enabled=false');
    await page.goto(app.loginUrl);
    await expect(page.getByTestId('backend-state').first()).toHaveText(/Running/, { timeout: 30_000 });
    await page.getByRole('button', { name: 'Stop' }).click();
    await expect(page.getByTestId('backend-state').first()).toHaveText('Stopped', { timeout: 30_000 });
    await page.getByRole('button', { name: 'Start' }).click();
    await expect(page.getByRole('progressbar')).toBeVisible();
    await expect(page.getByTestId('progress-description')).toContainText(/Starting|Waiting/);
    await expect(page.getByTestId('backend-state').first()).toHaveText(/Running/, { timeout: 30_000 });
    await expect(page.getByRole('progressbar')).toHaveCount(0);
  } finally {
    await app.stop();
  }
});
