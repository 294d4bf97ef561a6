// Benchmark of the built panel in Chromium: time to first render and re-render on refresh for
// 10, 100 and 500 cards, and the size of dist/panel/module.js.
// `npm run build && node tests/browser/bench.mjs` (optional: card counts, e.g. `node tests/browser/bench.mjs 10 1000`).
import { chromium } from '@playwright/test';
import { readFileSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

import { CHROMIUM_ARGS, CHROMIUM_PATH } from './chromium.mjs';
import { bundleHarness, serve } from './server.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const modulePath = resolve(here, '..', '..', 'dist', 'panel', 'module.js');
const COUNTS = process.argv
  .slice(2)
  .map(Number)
  .filter((n) => n > 0);
const CARD_COUNTS = COUNTS.length ? COUNTS : [10, 100, 500];
const REFRESHES = 7;

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (x) => `${x.toFixed(1)} ms`.padStart(10);

async function measure(browser, port, cards) {
  const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
  const query = new URLSearchParams({
    fixture: 'northstar-catalog,northstar-slo',
    cards: String(cards),
    width: '1880',
    height: '1000',
  });
  await page.goto(`http://127.0.0.1:${port}/?${query}`);
  await page.waitForFunction(() => document.body.dataset.ready === 'true' || document.body.dataset.error !== undefined);
  const error = await page.evaluate(() => document.body.dataset.error);
  if (error) {
    throw new Error(error);
  }
  const first = await page.evaluate(() => window.harness.first);
  const refreshes = [];
  for (let i = 0; i < REFRESHES; i++) {
    refreshes.push(await page.evaluate(() => window.harness.refresh()));
  }
  const rendered = await page.locator('[data-testid="kpi-card"]').count();
  await page.close();
  return {
    cards,
    rendered,
    first,
    refresh: { commitMs: median(refreshes.map((r) => r.commitMs)), paintMs: median(refreshes.map((r) => r.paintMs)) },
  };
}

await bundleHarness();
const { server, port } = await serve(0);
const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
try {
  console.log(`KPI Cards benchmark (Chromium ${browser.version()}, panel 1880×1000, median of ${REFRESHES} refreshes)`);
  console.log('cards   first: commit     paint   refresh: commit     paint');
  for (const cards of CARD_COUNTS) {
    const r = await measure(browser, port, cards);
    if (r.rendered !== cards) {
      throw new Error(`expected ${cards} cards, rendered ${r.rendered}`);
    }
    console.log(
      `${String(cards).padStart(5)}  ${ms(r.first.commitMs)}${ms(r.first.paintMs)}  ${ms(r.refresh.commitMs)}${ms(r.refresh.paintMs)}`
    );
  }
  const bytes = statSync(modulePath).size;
  const gzip = gzipSync(readFileSync(modulePath)).length;
  console.log(
    `dist/panel/module.js: ${bytes} bytes (${(bytes / 1024).toFixed(1)} KiB), gzip ${gzip} bytes (${(gzip / 1024).toFixed(1)} KiB)`
  );
} finally {
  await browser.close();
  server.close();
}
