// force timezone to UTC to allow tests to work regardless of local timezone
// generally used by snapshots, but can affect specific tests
process.env.TZ = 'UTC';

const baseConfig = require('./.config/jest.config');

// The scaffold's swc transform for .ts/.tsx/.js; reused for .mjs files (d3-color ships ESM-only .mjs).
const swcTransform = baseConfig.transform['^.+\\.(t|j)sx?$'];

module.exports = {
  // Jest configuration provided by Grafana scaffolding
  ...baseConfig,
  transform: {
    ...baseConfig.transform,
    '^.+\\.mjs$': swcTransform,
  },
  // Playwright specs (tests/) and build output (dist/, including tests/browser/dist) are not Jest tests.
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/tests/', '/dist/'],
  modulePathIgnorePatterns: ['<rootDir>/dist/'],
  // Editors render real @grafana/ui comboboxes in jsdom, which takes seconds per test on a
  // 2-core machine that is also running Prometheus and Go tests; 5 s is too tight there.
  testTimeout: 30000,
};
