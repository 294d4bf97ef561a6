import { defineConfig } from '@playwright/test';

import { CHROMIUM_ARGS, CHROMIUM_PATH } from './chromium.mjs';
import { freePort, TEST_RESULTS_DIR } from './paths.cjs';

// The harness listens on a port that is free when the run starts (never a fixed one: two runs,
// or anything else on the machine, must not collide). The runner picks it when it loads this
// file and puts it in the environment, which the workers inherit, so they (loading this file
// again) use the same port. A KPI_HARNESS_PORT set by the caller is used as it is.
process.env.KPI_HARNESS_PORT ??= String(freePort());
const port = Number(process.env.KPI_HARNESS_PORT);

/**
 * Browser tests of the KPI Cards panel and the catalog page:
 * `npx playwright test -c tests/browser/playwright.config.ts`. Everything a run writes goes to
 * tests/browser/output/ (ignored by git); `npm run screenshots` refreshes the committed screenshots.
 */
export default defineConfig({
  testDir: '.',
  testMatch: '**/*.browser.ts',
  outputDir: TEST_RESULTS_DIR,
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
    // Something already answering on the port is an error, never a server to test against.
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: 'pipe',
  },
});
