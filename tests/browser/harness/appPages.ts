import { expect, Page } from '@playwright/test';
import { build } from 'esbuild';
import { join } from 'node:path';

/**
 * The app pages' harness for the overview and KPI page tests: harness/app-pages.tsx bundled in
 * memory with esbuild (like server.mjs bundles the other harnesses), served by Playwright's
 * routing at /a/northstar-kpi-app/..., with POST /api/ds/query and the data source's resource
 * calls answered by the test (recorded answers of the real backend).
 */

const HTML = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>Northstar KPI app pages harness</title>
    <script src="/app-pages.js" defer></script>
  </head>
  <body>
    <main id="root"></main>
  </body>
</html>`;

let bundled: Promise<string> | undefined;

/** harness/app-pages.tsx as one script (built once per test worker). */
export function appPagesBundle(): Promise<string> {
  bundled ??= build({
    entryPoints: [join(__dirname, 'app-pages.tsx')],
    bundle: true,
    write: false,
    // An output path, so that CSS the packages import (monaco-editor's) goes to a CSS output; only the JS is served.
    outfile: join(__dirname, '..', 'dist', 'app-pages.js'),
    format: 'iife',
    platform: 'browser',
    target: 'es2020',
    jsx: 'automatic',
    minify: true,
    logLevel: 'warning',
    define: { 'process.env.NODE_ENV': '"production"', global: 'window' },
    loader: { '.svg': 'dataurl', '.woff': 'dataurl', '.woff2': 'dataurl', '.ttf': 'dataurl' },
  }).then((result) => {
    const js = result.outputFiles.find((file) => file.path.endsWith('.js'));
    if (!js) {
      throw new Error('esbuild wrote no app-pages.js');
    }
    return js.text;
  });
  return bundled;
}

/** A query of a POST /api/ds/query body. */
export interface DsQueryJSON {
  refId: string;
  datasource?: { type?: string; uid?: string };
  kpi?: string;
  selector?: Record<string, unknown>;
  slo?: string;
  measures?: string[];
  intervalMs?: number;
  maxDataPoints?: number;
}

export interface DsRequestJSON {
  queries: DsQueryJSON[];
  from: string;
  to: string;
}

/** A recorded answer of a resource route: JSON (`body`) or text (`text`, e.g. YAML). */
export interface ResourceAnswer {
  status: number;
  body?: unknown;
  text?: string;
  contentType?: string;
}

export interface AppPageOptions {
  /** Date.now() in the page (epoch milliseconds): the instant the fixtures were recorded at. */
  now: number;
  /** Resource path (no query) → answer; paths not listed answer 404. */
  resources: Record<string, ResourceAnswer>;
  /** Answers one POST /api/ds/query. */
  query: (body: DsRequestJSON) => { status: number; body: unknown } | Promise<{ status: number; body: unknown }>;
}

export interface OpenedPage {
  /** Every POST /api/ds/query body, in order. */
  queries: DsRequestJSON[];
  /** Every resource path called. */
  resources: string[];
}

const RESOURCE = /^\/api\/datasources\/uid\/[^/]+\/resources\/(.+)$/;

/** Opens an app page (`/a/northstar-kpi-app/...`) in the harness; resolves once the app is mounted. */
export async function openAppPage(page: Page, url: string, options: AppPageOptions): Promise<OpenedPage> {
  const opened: OpenedPage = { queries: [], resources: [] };
  const script = await appPagesBundle();
  await page.clock.setFixedTime(new Date(options.now));
  await page.route(
    (u) => u.pathname === '/app-pages.js',
    (route) => route.fulfill({ status: 200, contentType: 'text/javascript; charset=utf-8', body: script })
  );
  await page.route(
    (u) => u.pathname.startsWith('/a/'),
    (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: HTML })
  );
  await page.route(
    (u) => RESOURCE.test(u.pathname),
    (route) => {
      const path = RESOURCE.exec(new URL(route.request().url()).pathname)?.[1] ?? '';
      opened.resources.push(path);
      const answer = options.resources[path];
      if (!answer) {
        return route.fulfill({ status: 404, json: { error: `no recorded backend answer for ${path}` } });
      }
      if (answer.text !== undefined) {
        return route.fulfill({
          status: answer.status,
          contentType: answer.contentType ?? 'text/plain',
          body: answer.text,
        });
      }
      return route.fulfill({ status: answer.status, json: answer.body });
    }
  );
  await page.route(
    (u) => u.pathname === '/api/ds/query',
    async (route) => {
      const body = route.request().postDataJSON() as DsRequestJSON;
      opened.queries.push(body);
      const answer = await options.query(body);
      return route.fulfill({ status: answer.status, json: answer.body });
    }
  );
  await page.goto(url);
  await page.waitForFunction(() => document.body.dataset.ready === 'true' || document.body.dataset.error !== undefined);
  expect(await page.evaluate(() => document.body.dataset.error), 'harness error').toBeUndefined();
  return opened;
}

/** Grafana's own formatting in the page. */
export function format(page: Page, unit: string, value: number, decimals?: number): Promise<string> {
  return page.evaluate(([u, v, d]) => window.appHarness.format(u, v, d), [unit, value, decimals] as const);
}
