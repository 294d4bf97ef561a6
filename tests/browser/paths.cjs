// Where the browser tests write and which port their harness listens on.
// A test run writes only below OUTPUT_DIR, which git ignores (.gitignore: /tests/browser/output/);
// the committed pictures (README, docs/panel.md, the plugins' catalog screenshots) change only
// through `npm run screenshots` (scripts/screenshots.mjs).
// CommonJS, so that Playwright's TypeScript loader, plain node scripts and Jest can all load it.
const { execFileSync } = require('node:child_process');
const { join } = require('node:path');

const here = __dirname;

/** Everything a browser test run writes: screenshots and Playwright's test results. */
const OUTPUT_DIR = join(here, 'output');
/** Screenshots of a test run, `<name>.png`. */
const SCREENSHOT_DIR = join(OUTPUT_DIR, 'screenshots');
/** Playwright's outputDir (traces, failure screenshots). */
const TEST_RESULTS_DIR = join(OUTPUT_DIR, 'test-results');
/** The committed screenshots that the README and docs show; `npm run screenshots` refreshes them. */
const COMMITTED_SCREENSHOT_DIR = join(here, 'screenshots');

const PICK_PORT = `
const server = require('node:net').createServer();
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(String(server.address().port));
  server.close();
});`;

/**
 * A TCP port free on 127.0.0.1 right now, found synchronously (Playwright's config is
 * synchronous and its webServer needs the port before it starts): a child node listens on
 * port 0, prints the port the kernel gave it and closes.
 */
function freePort() {
  const port = Number(execFileSync(process.execPath, ['-e', PICK_PORT], { encoding: 'utf8' }).trim());
  if (!Number.isInteger(port) || port <= 0) {
    throw new Error(`could not pick a free port (got ${port})`);
  }
  return port;
}

module.exports = { OUTPUT_DIR, SCREENSHOT_DIR, TEST_RESULTS_DIR, COMMITTED_SCREENSHOT_DIR, freePort };
