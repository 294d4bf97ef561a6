import { dirname } from 'path';
import { defineConfig, devices } from '@playwright/test';
import type { PluginOptions } from '@grafana/plugin-e2e';

// plugin-e2e's auth project logs in once and stores the session for the specs.
const pluginE2eAuth = `${dirname(require.resolve('@grafana/plugin-e2e'))}/auth`;

/**
 * End-to-end specs (tests/*.spec.ts) against a real Grafana with this plugin and provisioning/
 * (`npm run server`, or the e2e job of .github/workflows/ci.yml per Grafana version).
 * The browser tests of the panel harness have their own config: tests/browser/playwright.config.ts.
 */
export default defineConfig<PluginOptions>({
  testDir: './tests',
  // Only the specs directly in tests/: not tests/browser/*.browser.ts.
  testMatch: '*.spec.ts',
  testIgnore: ['**/browser/**'],
  outputDir: './test-results',
  fullyParallel: true,
  forbidOnly: Boolean(process.env.CI),
  retries: process.env.CI ? 2 : 0,
  workers: process.env.CI ? 1 : 2,
  reporter: process.env.CI ? [['list'], ['html', { open: 'never' }]] : [['list']],
  use: {
    baseURL: process.env.GRAFANA_URL || 'http://localhost:3000',
    trace: 'on-first-retry',
  },
  projects: [
    {
      name: 'auth',
      testDir: pluginE2eAuth,
      testMatch: [/.*\.js/],
    },
    {
      name: 'run-tests',
      use: {
        ...devices['Desktop Chrome'],
        storageState: 'playwright/.auth/admin.json',
      },
      dependencies: ['auth'],
    },
  ],
});
