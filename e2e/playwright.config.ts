// GUI end-to-end tests: the renderer in Debian's Chromium (never a downloaded browser),
// against the headless app with the mock backend. One worker: each file starts its own app.
import { defineConfig } from '@playwright/test';

export default defineConfig({
  testDir: './tests',
  workers: 1,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list'], ['json', { outputFile: process.env.RD_E2E_REPORT ?? 'test-results/e2e.json' }]],
  outputDir: process.env.RD_E2E_OUTPUT ?? 'test-results/artifacts',
  use: {
    browserName: 'chromium',
    testIdAttribute: 'data-test',
    launchOptions: {
      executablePath: process.env.RD_CHROMIUM ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-background-networking'],
    },
    viewport: { width: 1100, height: 750 },
  },
});
