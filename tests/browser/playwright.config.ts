import { defineConfig } from '@playwright/test';

import { CHROMIUM_ARGS, CHROMIUM_PATH } from './chromium.mjs';

const port = Number(process.env.KPI_HARNESS_PORT ?? 4173);

/** Browser tests of the KPI Cards panel: `npx playwright test -c tests/browser/playwright.config.ts`. */
export default defineConfig({
  testDir: '.',
  testMatch: '**/*.browser.ts',
  outputDir: './dist/test-results',
  workers: 1,
  fullyParallel: false,
  forbidOnly: Boolean(process.env.CI),
  reporter: [['list']],
  timeout: 60_000,
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    browserName: 'chromium',
    launchOptions: { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS },
    viewport: { width: 1920, height: 1080 },
  },
  webServer: {
    command: `node tests/browser/server.mjs ${port}`,
    cwd: '../..',
    url: `http://127.0.0.1:${port}/`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: 'pipe',
  },
});
