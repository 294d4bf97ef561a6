// `npm run screenshots`: refreshes the committed screenshots from a browser test run.
//
// A test run (`npm run test:browser`, `npm run test:all`) writes its screenshots only to
// tests/browser/output/screenshots/, which git ignores, so running the tests never changes the
// tree. This command runs the browser tests (build first: `npm run build`) and, when every test
// passes, copies the run's screenshots into the committed places:
//
//   tests/browser/screenshots/<name>.png    what README.md and docs/panel.md show;
//   src/**/img/screenshot-<name>.png        each plugin.json's info.screenshots (catalog pages),
//                                           the screenshot <name> of the run.
//
// Arguments go to Playwright, e.g. `npm run screenshots -- -g catalog` (then only the screenshots
// that run took are copied).
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

import { COMMITTED_SCREENSHOT_DIR, SCREENSHOT_DIR } from '../tests/browser/paths.cjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const rel = (path) => relative(root, path);

/** A plugin's catalog screenshot `img/screenshot-<name>.png` is the run's screenshot `<name>`. */
const CATALOG_SCREENSHOT = /^img\/screenshot-([a-z0-9-]+)\.png$/;

function pluginJsonFiles() {
  const src = join(root, 'src');
  const nested = readdirSync(src, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => join(src, entry.name, 'plugin.json'));
  return [join(src, 'plugin.json'), ...nested].filter((file) => existsSync(file));
}

rmSync(SCREENSHOT_DIR, { recursive: true, force: true });
const cli = join(root, 'node_modules', '@playwright', 'test', 'cli.js');
const run = spawnSync(
  process.execPath,
  [cli, 'test', '-c', 'tests/browser/playwright.config.ts', ...process.argv.slice(2)],
  { cwd: root, stdio: 'inherit' }
);
if (run.status !== 0) {
  console.error('screenshots: the browser tests failed; nothing copied');
  process.exit(run.status ?? 1);
}

const taken = existsSync(SCREENSHOT_DIR) ? readdirSync(SCREENSHOT_DIR).filter((f) => f.endsWith('.png')) : [];
if (taken.length === 0) {
  console.error(`screenshots: the run took no screenshots in ${rel(SCREENSHOT_DIR)}`);
  process.exit(1);
}

mkdirSync(COMMITTED_SCREENSHOT_DIR, { recursive: true });
for (const file of taken) {
  copyFileSync(join(SCREENSHOT_DIR, file), join(COMMITTED_SCREENSHOT_DIR, file));
  console.log(`${rel(join(COMMITTED_SCREENSHOT_DIR, file))}`);
}

let missing = 0;
for (const pluginJson of pluginJsonFiles()) {
  const screenshots = JSON.parse(readFileSync(pluginJson, 'utf8')).info?.screenshots ?? [];
  for (const { path } of screenshots) {
    const name = CATALOG_SCREENSHOT.exec(path)?.[1];
    const target = join(dirname(pluginJson), path);
    if (!name) {
      console.error(`screenshots: ${rel(pluginJson)}: ${path} is not img/screenshot-<name>.png`);
      missing++;
      continue;
    }
    const source = join(SCREENSHOT_DIR, `${name}.png`);
    if (!existsSync(source)) {
      console.warn(`screenshots: this run took no ${name}.png; ${rel(target)} left as it is`);
      continue;
    }
    mkdirSync(dirname(target), { recursive: true });
    copyFileSync(source, target);
    console.log(rel(target));
  }
}
process.exit(missing === 0 ? 0 : 1);
