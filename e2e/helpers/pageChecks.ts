import type { Page } from '@playwright/test';

/** Collects console errors and uncaught exceptions of a page, for "loads without errors". */
export function collectErrors(page: Page): string[] {
  const errors: string[] = [];

  page.on('console', (m) => {
    if (m.type() === 'error') {
      errors.push(`console: ${ m.text() }`);
    }
  });
  page.on('pageerror', (e) => errors.push(`exception: ${ e.message }`));

  return errors;
}

/** Screenshots go beside the test results (not committed), one per page and theme. */
export function screenshotPath(name: string): string {
  return `${ process.env.RD_E2E_SCREENSHOTS ?? 'test-results/screenshots' }/${ name }.png`;
}
