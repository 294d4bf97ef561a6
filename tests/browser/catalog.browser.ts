import AxeBuilder from '@axe-core/playwright';
import { expect, Page, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { screenshotPath } from './support';

/**
 * The catalog page as Grafana runs it: the built app (dist/module.js) and the built data source
 * (dist/datasource/module.js) are two bundles, each with its own copy of the plugin's code; the
 * data source instance comes from the second. Resource answers are the real Go backend's
 * (fixtures/catalog-resources.json, written by pkg/datasource/catalog_fixture_test.go).
 */

interface KpiJSON {
  id: string;
  name: string;
  unit?: string;
  decimals?: number;
  target?: { value?: number };
  thresholds?: { warning?: number; critical?: number };
  query?: Record<string, unknown>;
}

interface Queries {
  series?: string;
  value?: string;
  previous?: string;
}

interface ResourceAnswer {
  status: number;
  body: {
    kpis?: KpiJSON[];
    kpi?: KpiJSON;
    promql?: Queries;
    queries?: Queries;
    language?: string;
    parameters?: Partial<Record<keyof Queries, string[]>>;
    error?: string;
  };
}

const resources = (
  JSON.parse(readFileSync(join(__dirname, 'fixtures', 'catalog-resources.json'), 'utf8')) as {
    resources: Record<string, ResourceAnswer>;
  }
).resources;
const kpis = resources.kpis.body.kpis ?? [];

/** The generated queries of a recorded GET kpis/<id>: `queries` when the backend sends it, else `promql`. */
function recordedQueries(id: string): { language: string; queries: Queries } {
  const body = resources[`kpis/${id}`].body;
  return body.queries
    ? { language: body.language ?? 'query', queries: body.queries }
    : { language: 'promql', queries: body.promql ?? {} };
}

const LANGUAGE = { promql: 'PromQL', sql: 'SQL' } as Record<string, string>;

/** The provisioned dashboards' drill-down link to the catalog, for one KPI. */
function drillDownLink(kpi: string): string {
  const dashboard = readFileSync(
    join(__dirname, '..', '..', 'provisioning', 'dashboards', 'kpi-executive.json'),
    'utf8'
  );
  const url = /"url": "(\/a\/northstar-kpi-app\/catalog\?kpi=[^"]+)"/.exec(dashboard)?.[1];
  if (!url) {
    throw new Error('the executive dashboard has no drill-down link to the catalog');
  }
  return url.replace('${__field.labels.kpi}', encodeURIComponent(kpi));
}

async function openCatalog(page: Page, url: string): Promise<string[]> {
  const requests: string[] = [];
  page.on('request', (request) => requests.push(new URL(request.url()).pathname));
  await page.goto(url);
  await page.waitForFunction(() => document.body.dataset.ready === 'true' || document.body.dataset.error !== undefined);
  expect(await page.evaluate(() => document.body.dataset.error), 'harness error').toBeUndefined();
  return requests;
}

function format(page: Page, unit: string, value: number, decimals?: number): Promise<string> {
  return page.evaluate(([u, v, d]) => window.catalogHarness.format(u, v, d), [unit, value, decimals] as const);
}

const table = (page: Page) => page.getByTestId('data-testid catalog-table');
const row = (page: Page, name: string) =>
  table(page)
    .getByRole('row')
    .filter({ has: page.getByRole('button', { name, exact: true }) });
const details = (page: Page, name: string) => page.getByRole('region', { name, exact: true });

test.describe('Catalog page, app and data source as two bundles', () => {
  test('lists the catalog of the data source instance built from the data source bundle', async ({ page }) => {
    const requests = await openCatalog(page, '/a/northstar-kpi-app/catalog');

    await expect(table(page)).toBeVisible();
    await expect(page.getByText(/is not a Northstar KPI data source/)).toHaveCount(0);
    expect(requests).toContain('/dist/module.js');
    expect(requests).toContain('/dist/datasource/module.js');
    expect(requests).toContain('/api/datasources/uid/northstar-kpi/resources/kpis');

    expect(kpis.length).toBeGreaterThan(3);
    await expect(page.getByText(`${kpis.length} of ${kpis.length} KPIs`)).toBeVisible();
    await expect(table(page).getByRole('row')).toHaveCount(kpis.length + 1);
    for (const kpi of kpis) {
      await expect(row(page, kpi.name).getByRole('cell').nth(1)).toHaveText(kpi.id);
    }
  });

  test('formats units and targets like the panel', async ({ page }) => {
    await openCatalog(page, '/a/northstar-kpi-app/catalog');
    const checkout = kpis.find((kpi) => kpi.id === 'checkout_success_rate') as KpiJSON;
    const target = await format(page, 'percentunit', checkout.target?.value as number, checkout.decimals);
    expect(target).toBe('99.50%');

    const cells = row(page, checkout.name).getByRole('cell');
    await expect(cells.nth(5)).toHaveText('Percent (0.0-1.0)');
    await expect(cells.nth(7)).toHaveText(target);
  });

  test("opens the KPI of the dashboards' drill-down link with its definition and generated query", async ({ page }) => {
    const kpi = kpis.find((candidate) => candidate.id === 'checkout_success_rate') as KpiJSON;
    const requests = await openCatalog(page, drillDownLink(kpi.id));
    expect(new URL(page.url()).searchParams.get('kpi')).toBe(kpi.id);

    const panel = details(page, kpi.name);
    await expect(panel).toBeVisible();
    await expect(panel.getByLabel(`Definition of ${kpi.name}`)).toContainText('ratio:');
    const ratio = kpi.query?.ratio as { bad: string; total: string };
    await expect(panel.getByLabel(`Definition of ${kpi.name}`)).toContainText(`bad: ${ratio.bad}`);
    await expect(panel.getByLabel(`Definition of ${kpi.name}`)).toContainText(`total: ${ratio.total}`);

    const facts = panel.getByLabel(`About ${kpi.name}`);
    const unit = kpi.unit as string;
    await expect(facts.locator('[data-fact="Target"] dd')).toHaveText(await format(page, unit, 0.995, kpi.decimals));
    const { warning, critical } = kpi.thresholds as { warning: number; critical: number };
    await expect(facts.locator('[data-fact="Thresholds"] dd')).toHaveText(
      `warning ${await format(page, unit, warning, kpi.decimals)}, critical ${await format(page, unit, critical, kpi.decimals)}`
    );

    const { language, queries } = recordedQueries(kpi.id);
    const label = LANGUAGE[language] ?? language;
    const generated = panel.getByRole('region', { name: `Generated ${label}` });
    for (const [key, caption] of [
      ['series', 'Series'],
      ['value', 'Value'],
      ['previous', 'Previous period'],
    ] as const) {
      expect(queries[key], `recorded ${key} query`).toBeTruthy();
      await expect(generated.getByRole('figure', { name: `${caption} (${label})` }).locator('pre')).toHaveText(
        queries[key] as string
      );
    }
    expect(requests).toContain(`/api/datasources/uid/northstar-kpi/resources/kpis/${kpi.id}`);

    // The KPI's row is highlighted.
    await expect(row(page, kpi.name).getByRole('button', { name: kpi.name })).toHaveAttribute('aria-current', 'true');
    const background = await row(page, kpi.name).evaluate((tr) => getComputedStyle(tr).backgroundColor);
    const other = kpis.find((candidate) => candidate.id !== kpi.id) as KpiJSON;
    expect(background).not.toBe(await row(page, other.name).evaluate((tr) => getComputedStyle(tr).backgroundColor));

    await page.screenshot({ path: screenshotPath('catalog'), fullPage: true });
  });

  test('selecting a KPI puts it in the URL; closing its details takes it out', async ({ page }) => {
    await openCatalog(page, '/a/northstar-kpi-app/catalog');
    const orders = kpis.find((kpi) => kpi.id === 'orders') as KpiJSON;

    await row(page, orders.name).getByRole('button', { name: orders.name }).click();
    await expect(page).toHaveURL(/[?&]kpi=orders(&|$)/);
    const panel = details(page, orders.name);
    await expect(panel.getByLabel(`Definition of ${orders.name}`)).toContainText('expr:');
    const { language, queries } = recordedQueries(orders.id);
    const label = LANGUAGE[language] ?? language;
    await expect(panel.getByRole('figure', { name: `Series (${label})` }).locator('pre')).toHaveText(
      queries.series as string
    );

    await panel.getByRole('button', { name: 'Close the KPI details' }).click();
    await expect(panel).toHaveCount(0);
    expect(new URL(page.url()).searchParams.has('kpi')).toBe(false);
  });

  test("shows a SQL KPI's generated SQL and its bound parameters", async ({ page }) => {
    const sqlKpi = kpis.find((kpi) => resources[`kpis/${kpi.id}`]?.body.language === 'sql');
    // The example catalog has SQL KPIs (shop_*): the fixture must carry one.
    expect(sqlKpi).toBeDefined();
    const kpi = sqlKpi as KpiJSON;
    const body = resources[`kpis/${kpi.id}`].body;
    await openCatalog(page, drillDownLink(kpi.id));

    const panel = details(page, kpi.name);
    await expect(panel.getByLabel(`Definition of ${kpi.name}`)).toContainText('sql:');
    const generated = panel.getByRole('region', { name: 'Generated SQL' });
    await expect(generated).toBeVisible();
    await expect(panel.getByRole('region', { name: 'Generated PromQL' })).toHaveCount(0);
    for (const [key, caption] of [
      ['series', 'Series'],
      ['value', 'Value'],
      ['previous', 'Previous period'],
    ] as const) {
      const figure = generated.getByRole('figure', { name: `${caption} (SQL)` });
      await expect(figure.locator('pre')).toHaveText(body.queries?.[key] as string);
      const parameters = body.parameters?.[key] ?? [];
      await expect(figure.getByRole('list', { name: 'Bound parameters' }).getByRole('listitem')).toHaveText(parameters);
    }
  });

  test("says what the backend says about a KPI the catalog doesn't have", async ({ page }) => {
    await openCatalog(page, '/a/northstar-kpi-app/catalog?kpi=no_such_kpi');
    const message = resources['kpis/no_such_kpi'].body.error as string;
    expect(resources['kpis/no_such_kpi'].status).toBe(404);
    const panel = details(page, 'no_such_kpi');
    await expect(panel.getByText('Cannot load the KPI no_such_kpi')).toBeVisible();
    await expect(panel.getByText(message)).toBeVisible();
    await expect(table(page)).toBeVisible();
  });

  for (const theme of ['light', 'dark'] as const) {
    test(`axe: no serious or critical violations with a KPI's details open, ${theme}`, async ({ page }) => {
      await openCatalog(page, `/a/northstar-kpi-app/catalog?kpi=api_fast_requests&theme=${theme}`);
      await expect(
        details(page, 'API requests under 250 ms').getByRole('region', { name: /^Generated/ })
      ).toBeVisible();
      await page.waitForLoadState('networkidle');
      const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
      const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
      const summary = serious.map((v) => `${v.id} (${v.impact}): ${v.nodes.length} × ${v.nodes[0]?.target.join(' ')}`);
      expect(summary, summary.join('\n')).toEqual([]);
    });
  }
});
