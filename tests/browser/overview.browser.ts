import AxeBuilder from '@axe-core/playwright';
import { expect, Locator, Page, test } from '@playwright/test';

import { DsRequestJSON, openAppPage, OpenedPage, ResourceAnswer } from './harness/appPages';
import { byRisk, expectedRows, FrameJSON, generateCatalog, KpiJSON, overviewFixture } from './harness/overviewFixtures';
import { screenshotPath } from './support';

/**
 * The overview page (/a/northstar-kpi-app/overview) as Grafana runs it: the built app and data
 * source bundles, real @grafana/ui. The page's one POST /api/ds/query is answered with the real
 * backend's answer for the example catalog (fixtures/overview.json, recorded by
 * pkg/datasource/overview_fixture_test.go during the seeded payments outage); the expected order
 * is computed here from the frames.
 */

const { now, kpis } = { now: overviewFixture.now, kpis: overviewFixture.kpis.kpis };
const recorded = overviewFixture.query;
const frames = recorded.response.results.overview.frames ?? [];

function resources(list: KpiJSON[]): Record<string, ResourceAnswer> {
  return { kpis: { status: 200, body: { kpis: list } } };
}

async function openOverview(
  page: Page,
  url = '/a/northstar-kpi-app/overview',
  list = kpis,
  answer = frames
): Promise<OpenedPage> {
  const opened = await openAppPage(page, url, {
    now,
    resources: resources(list),
    query: () => ({ status: 200, body: { results: { overview: { status: 200, frames: answer } } } }),
  });
  await expect(table(page)).toBeVisible();
  return opened;
}

const table = (page: Page) => page.getByRole('table', { name: /KPIs and SLOs/ });
const body = (page: Page) => page.getByTestId('data-testid overview-body');
const rows = (page: Page) => body(page).getByRole('row');
const rowByKey = (page: Page, key: string) => page.locator(`[data-row-key="${key}"]`);

/** The row keys in the page, in their order (only the rows the virtualised body has rendered). */
async function renderedKeys(page: Page): Promise<string[]> {
  return rows(page).evaluateAll((elements) =>
    elements
      .map((el) => ({ key: el.getAttribute('data-row-key') ?? '', index: Number(el.getAttribute('aria-rowindex')) }))
      .sort((a, b) => a.index - b.index)
      .map((row) => row.key)
  );
}

/** Scrolls the virtualised body and waits until React has rendered the row at the top of the view. */
async function scrollTo(page: Page, scrollTop: number): Promise<void> {
  await body(page).evaluate((el, top) => (el.scrollTop = top), scrollTop);
  await page.waitForFunction(() => {
    const el = document.querySelector('[data-testid="data-testid overview-body"]');
    if (!el) {
      return false;
    }
    const first = Math.floor(el.scrollTop / 56) + 2;
    return el.querySelector(`[aria-rowindex="${first}"]`) !== null;
  });
}

/** Every row key of the list, scrolling the virtualised body from top to bottom. */
async function allKeys(page: Page): Promise<string[]> {
  const seen = new Map<number, string>();
  await scrollTo(page, 0);
  for (;;) {
    for (const { index, key } of await rows(page).evaluateAll((elements) =>
      elements.map((el) => ({
        key: el.getAttribute('data-row-key') ?? '',
        index: Number(el.getAttribute('aria-rowindex')),
      }))
    )) {
      seen.set(index, key);
    }
    const { top, height, scrollHeight } = await body(page).evaluate((el) => ({
      top: el.scrollTop,
      height: el.clientHeight,
      scrollHeight: el.scrollHeight,
    }));
    if (top + height >= scrollHeight - 1) {
      break;
    }
    await scrollTo(page, top + height);
  }
  return [...seen.entries()].sort(([a], [b]) => a - b).map(([, key]) => key);
}

const cell = (row: Locator, column: string) => row.locator(`[data-column="${column}"]`);

function expectOneQuery(opened: OpenedPage): DsRequestJSON {
  expect(opened.queries, 'POST /api/ds/query requests').toHaveLength(1);
  return opened.queries[0];
}

test.describe('Overview page', () => {
  test('one QueryData request for the whole catalog, exactly as the backend fixture was recorded', async ({ page }) => {
    const opened = await openOverview(page);
    const request = expectOneQuery(opened);
    expect(request).toEqual(recorded.request);
    expect(request.queries[0]).toMatchObject({ selector: {}, measures: ['value', 'status', 'slo'] });
    expect(opened.resources).toEqual(['kpis']);
  });

  test('lists every KPI and SLO riskiest first: firing pairs, then least budget, then soonest exhaustion', async ({
    page,
  }) => {
    // Tall enough for every row of the example catalog to be rendered at once.
    await page.setViewportSize({ width: 1400, height: 2600 });
    await openOverview(page);
    const expected = expectedRows(kpis, frames).sort(byRisk);
    // The example catalog: every KPI has a row, every SLO one per region.
    expect(new Set(expected.map((row) => row.kpi))).toEqual(new Set(kpis.map((kpi) => kpi.id)));
    expect(await allKeys(page)).toEqual(expected.map((row) => row.key));

    // During the outage, payments' eu SLOs fire on all four pairs: they come first, the one with less budget left first.
    expect(expected[0].firing).toBe(4);
    const first = rowByKey(page, expected[0].key);
    await expect(first.locator('[data-firing="true"]')).toHaveCount(4);
    await expect(cell(first, 'status')).toHaveText('Critical');
    await expect(table(page)).toHaveAttribute('aria-rowcount', String(expected.length + 1));
  });

  test('shows value or SLI, objective and window, budget, pairs and exhaustion in Grafana formats', async ({
    page,
  }) => {
    await page.setViewportSize({ width: 1400, height: 2600 });
    await openOverview(page);
    const payments = kpis.find((kpi) => kpi.id === 'payments_availability') as KpiJSON;
    const us = rowByKey(page, 'payments_availability|99.9-28d|region=us');
    await expect(us).toBeVisible();
    const budget = frameValue('payments_availability', '99.9-28d', 'region=us', 'budget_remaining');
    expect(budget).toBeLessThan(0);
    const percent = await page.evaluate((v) => window.appHarness.format('percentunit', v, 1), budget as number);
    await expect(cell(us, 'budget')).toHaveText(percent.replace('-', '\u2212'));
    await expect(cell(us, 'exhaustion')).toHaveText('Exhausted');
    await expect(cell(us, 'objective')).toHaveText('99.9% · rolling 28d');
    const sli = frameValue('payments_availability', '99.9-28d', 'region=us', 'sli') as number;
    await expect(cell(us, 'value')).toHaveText(
      await page.evaluate((v) => window.appHarness.format('percentunit', v, 2), sli)
    );
    // The fast pair does not fire in us (too few events for minEvents), the others do.
    await expect(us.locator('[data-pair="5m_1h"]')).toHaveAttribute('data-firing', 'false');
    await expect(us.locator('[data-pair="30m_6h"]')).toHaveAttribute('data-firing', 'true');

    const kpiRow = rowByKey(page, 'payments_availability||region=eu');
    const value = frameValue('payments_availability', '', 'region=eu', 'value') as number;
    await expect(cell(kpiRow, 'value')).toHaveText(
      await page.evaluate(([v, d]) => window.appHarness.format('percentunit', v, d), [
        value,
        payments.decimals,
      ] as const)
    );
    await expect(cell(kpiRow, 'pairs')).toHaveText('–');

    // Not burning: +Inf in the frame.
    const notBurning = rowByKey(page, 'api_fast_requests|75-28d|');
    expect(frameValue('api_fast_requests', '75-28d', '', 'time_to_exhaustion')).toBe(Number.POSITIVE_INFINITY);
    await expect(cell(notBurning, 'exhaustion')).toHaveText('Not burning');
  });

  test('filters by owner, tag, category and source and searches by name; the URL holds the view', async ({ page }) => {
    await page.setViewportSize({ width: 1400, height: 2600 });
    const opened = await openOverview(page);
    const all = expectedRows(kpis, frames);

    await page.getByRole('textbox', { name: /^Search/ }).fill('payments avail');
    await expect(page).toHaveURL(/[?&]q=payments(\+|%20)avail/);
    await expect(rows(page)).toHaveCount(all.filter((row) => row.kpi === 'payments_availability').length);

    await page.getByRole('textbox', { name: /^Search/ }).fill('');
    await page.locator('#kpi-overview-owner').click();
    await page.getByRole('option', { name: 'team-shop', exact: true }).click();
    await expect(page).toHaveURL(/[?&]owner=team-shop/);
    const shop = all.filter((row) => kpis.find((kpi) => kpi.id === row.kpi)?.owner === 'team-shop');
    await expect(rows(page)).toHaveCount(shop.length);
    expect(await renderedKeys(page)).toEqual([...shop].sort(byRisk).map((row) => row.key));

    await page.getByRole('radio', { name: 'Name' }).click({ force: true });
    await expect(page).toHaveURL(/[?&]sort=name/);
    await expect(page.getByRole('radio', { name: 'Name' })).toBeChecked();

    // A shared URL opens the same view, still with one request.
    const shared = page.url();
    const other = await page.context().newPage();
    await other.setViewportSize({ width: 1400, height: 2600 });
    const reopened = await openOverview(other, new URL(shared).pathname + new URL(shared).search);
    expectOneQuery(reopened);
    await expect(other.getByRole('textbox', { name: /^Search/ })).toHaveValue('');
    await expect(rows(other)).toHaveCount(shop.length);
    const byName = [...shop].sort(
      (a, b) =>
        a.name.localeCompare(b.name) ||
        a.kpi.localeCompare(b.kpi) ||
        a.slo.localeCompare(b.slo) ||
        a.key.localeCompare(b.key)
    );
    expect(await renderedKeys(other)).toEqual(byName.map((row) => row.key));

    // Tag, category and source, from the URL.
    const tagged = await page.context().newPage();
    await tagged.setViewportSize({ width: 1400, height: 2600 });
    await openOverview(tagged, '/a/northstar-kpi-app/overview?tag=sql&category=platform&source=shop');
    const expected = all.filter((row) => {
      const kpi = kpis.find((k) => k.id === row.kpi) as KpiJSON;
      return kpi.tags?.includes('sql') && kpi.category === 'platform' && kpi.source === 'shop';
    });
    expect(expected.length).toBeGreaterThan(0);
    expect(await renderedKeys(tagged)).toEqual([...expected].sort(byRisk).map((row) => row.key));
    expect(opened.queries).toHaveLength(1);
  });

  test('links every row to its KPI page', async ({ page }) => {
    await openOverview(page);
    const first = rows(page).first();
    const kpi = await first.getAttribute('data-kpi');
    await first.getByRole('link').click();
    await expect(page).toHaveURL(new RegExp(`/a/northstar-kpi-app/kpi/${kpi}(\\?|$)`));
    await expect(page.getByTestId('data-testid kpi-page')).toHaveAttribute('data-kpi', kpi as string);
  });

  test('says it is loading, then what failed when the query fails', async ({ page }) => {
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    await openAppPage(page, '/a/northstar-kpi-app/overview', {
      now,
      resources: resources(kpis),
      query: async () => {
        await held;
        return { status: 502, body: { message: 'Bad gateway: the plugin is not running' } };
      },
    });
    await expect(page.getByText('Loading the KPIs and SLOs…')).toBeVisible();
    release();
    await expect(page.getByRole('alert').filter({ hasText: 'Cannot compute the KPIs' })).toContainText(
      'Bad gateway: the plugin is not running'
    );
    // The catalog's rows stay, without numbers.
    await expect(rows(page).first()).toBeVisible();
  });

  test("keeps the other KPIs' numbers when the backend fails on some", async ({ page }) => {
    const message = 'KPI "orders": Prometheus answered 503';
    const answer = frames.filter((frame) => frame.schema.fields[0]?.labels?.kpi !== 'orders');
    await openAppPage(page, '/a/northstar-kpi-app/overview', {
      now,
      resources: resources(kpis),
      // What Grafana answers when a query has an error: the results, with an error status.
      query: () => ({ status: 400, body: { results: { overview: { status: 502, error: message, frames: answer } } } }),
    });
    await expect(page.getByRole('alert').filter({ hasText: 'Some KPIs could not be computed' })).toContainText(message);
    await page.getByRole('textbox', { name: /^Search/ }).fill('orders');
    await expect(cell(rowByKey(page, 'orders||'), 'status')).toHaveText('Error');
    await page.getByRole('textbox', { name: /^Search/ }).fill('checkout success');
    await expect(cell(rowByKey(page, 'checkout_success_rate||region=eu'), 'status')).toHaveText('OK');
  });

  test('500 KPIs: one request, a virtualised list in risk order from top to bottom', async ({ page }) => {
    const generated = generateCatalog(500);
    const expected = expectedRows(generated.kpis, generated.frames).sort(byRisk);
    expect(expected.length).toBeGreaterThan(600);
    const start = Date.now();
    const opened = await openOverview(page, '/a/northstar-kpi-app/overview', generated.kpis, generated.frames);
    expectOneQuery(opened);
    await expect(page.getByTestId('data-testid overview-count')).toContainText(
      `${expected.length} of ${expected.length} rows (500 KPIs`
    );
    const loadMs = Date.now() - start;

    // Virtualised: a few dozen rows in the page, the table still says how many there are.
    const rendered = await rows(page).count();
    expect(rendered).toBeGreaterThan(5);
    expect(rendered).toBeLessThan(60);
    await expect(table(page)).toHaveAttribute('aria-rowcount', String(expected.length + 1));
    expect(await renderedKeys(page)).toEqual(expected.slice(0, rendered).map((row) => row.key));

    // Scrolling to the end shows the last rows, still few in the page.
    await scrollTo(page, await body(page).evaluate((el) => el.scrollHeight - el.clientHeight));
    await expect(rowByKey(page, expected[expected.length - 1].key)).toBeVisible();
    expect(await rows(page).count()).toBeLessThan(60);

    // The whole list, in risk order.
    expect(await allKeys(page)).toEqual(expected.map((row) => row.key));
    test
      .info()
      .annotations.push({ type: 'load', description: `500 KPIs (${expected.length} rows) shown in ${loadMs} ms` });
  });

  for (const theme of ['light', 'dark'] as const) {
    test(`axe: no serious or critical violations, ${theme}`, async ({ page }) => {
      await page.setViewportSize({ width: 1400, height: 1400 });
      await openOverview(page, `/a/northstar-kpi-app/overview?theme=${theme}`);
      await page.waitForLoadState('networkidle');
      const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
      const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
      const summary = serious.map((v) => `${v.id} (${v.impact}): ${v.nodes.length} × ${v.nodes[0]?.target.join(' ')}`);
      expect(summary, summary.join('\n')).toEqual([]);
      await page.screenshot({
        path: screenshotPath(theme === 'light' ? 'overview' : 'overview-dark'),
        fullPage: true,
      });
    });
  }
});

/** The number of one measure of the recorded answer. */
function frameValue(kpi: string, slo: string, dims: string, measure: string): number | null | undefined {
  const found: FrameJSON | undefined = frames.find((frame) => {
    const field = frame.schema.fields[0];
    const labels = field?.labels ?? {};
    const d = Object.keys(labels)
      .filter((name) => !['kpi', 'slo', 'severity'].includes(name))
      .sort()
      .map((name) => `${name}=${labels[name]}`)
      .join(',');
    return (
      frame.schema.fields.length === 1 &&
      field.name === measure &&
      labels.kpi === kpi &&
      (labels.slo ?? '') === slo &&
      d === dims
    );
  });
  if (!found) {
    return undefined;
  }
  const entities = found.data.entities?.[0];
  if (entities?.Inf?.includes(0)) {
    return Number.POSITIVE_INFINITY;
  }
  const v = found.data.values[0]?.[0];
  return typeof v === 'number' ? v : null;
}
