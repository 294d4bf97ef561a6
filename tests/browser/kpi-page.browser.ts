import AxeBuilder from '@axe-core/playwright';
import { expect, Page, test } from '@playwright/test';

import { DsRequestJSON, format, openAppPage, OpenedPage } from './harness/appPages';
import {
  FrameJSON,
  frameNumber,
  kpiPageResources,
  kpiPagesFixture,
  KpiJSON,
  RecordedQuery,
} from './harness/overviewFixtures';
import { screenshotPath } from './support';

/**
 * The KPI page (/a/northstar-kpi-app/kpi/<id>) as Grafana runs it: built app and data source
 * bundles, real @grafana/ui. Its requests are answered with the real backend's answers
 * (fixtures/overview-kpi-pages.json, recorded by pkg/datasource/overview_fixture_test.go, which
 * sends the requests the page must send: value, SLOs, one query per past period with its own time
 * range, and the comparison period); the texts expected here are computed from those frames.
 */

const { now, pages } = kpiPagesFixture;
const resources = kpiPageResources();
const catalog = (resources.kpis.body as { kpis: KpiJSON[] }).kpis;
const kpiOf = (id: string) => catalog.find((kpi) => kpi.id === id) as KpiJSON;

/** Every request the fixture recorded for a KPI page: the page's own, one per past period end, the comparison. */
const recordedOf = (id: string): RecordedQuery[] => [pages[id].main, ...pages[id].history, pages[id].comparison];

const refIds = (request: DsRequestJSON) => request.queries.map((q) => q.refId).join(',');

/** Answers each request with the recorded answer to the recorded request with the same queries. */
function answer(id: string) {
  return (body: DsRequestJSON) => {
    const recorded = recordedOf(id).find((one) => refIds(one.request) === refIds(body));
    return recorded
      ? { status: 200, body: recorded.response }
      : { status: 400, body: { message: `no recorded request with the queries ${refIds(body)}` } };
  };
}

async function openKpi(page: Page, id: string, search = ''): Promise<OpenedPage> {
  const opened = await openAppPage(page, `/a/northstar-kpi-app/kpi/${id}${search}`, {
    now,
    resources,
    query: answer(id),
  });
  await expect(page.getByTestId('data-testid kpi-value-set').first()).toBeVisible();
  return opened;
}

/** The frames of refId in a recorded answer. */
const framesOf = (recorded: RecordedQuery, refId: string): FrameJSON[] =>
  recorded.response.results[refId]?.frames ?? [];

function sample(frames: FrameJSON[], measure: string, labels: Record<string, string>): number | null | undefined {
  const frame = frames.find((f) => {
    const field = f.schema.fields[f.schema.fields.length - 1];
    return (
      f.schema.fields.length === 1 &&
      field.name === measure &&
      Object.entries(labels).every(([k, v]) => field.labels?.[k] === v)
    );
  });
  return frame ? frameNumber(frame) : undefined;
}

test.describe('KPI page', () => {
  test('sends one request for the value and the SLOs, one per past period end, then one for the comparison period', async ({
    page,
  }) => {
    const opened = await openKpi(page, 'payments_availability');
    await expect(page.getByTestId('data-testid kpi-slo')).toHaveCount(2);
    await expect(
      page.getByTestId('data-testid kpi-value-chart').first().locator('[data-line="comparison"]')
    ).toHaveCount(1);
    await expect(page.getByTestId('data-testid kpi-attainment').first().locator('tbody tr')).toHaveCount(8);
    // Exactly the requests the backend answered when the fixture was recorded: same queries, measures,
    // steps and ranges (the periods computed by the page in Europe/Berlin, as the Go test did).
    const recorded = recordedOf('payments_availability').map((one) => one.request);
    expect(opened.queries[0]).toEqual(pages.payments_availability.main.request);
    expect(opened.queries[opened.queries.length - 1]).toEqual(pages.payments_availability.comparison.request);
    const byQueries = (a: DsRequestJSON, b: DsRequestJSON) => refIds(a).localeCompare(refIds(b));
    expect([...opened.queries].sort(byQueries)).toEqual([...recorded].sort(byQueries));
    // 5 past months and 5 past 28-day windows, each ending at its own instant.
    expect(pages.payments_availability.history).toHaveLength(10);
    expect(new Set(opened.resources)).toEqual(new Set(['kpis/payments_availability', 'rules/grafana']));
  });

  test('shows the definition and the generated PromQL', async ({ page }) => {
    await openKpi(page, 'payments_availability');
    const kpi = kpiOf('payments_availability');
    const detail = resources['kpis/payments_availability'].body as { queries: Record<string, string> };
    await expect(page.getByRole('heading', { level: 2, name: kpi.name })).toBeVisible();
    await expect(page.getByText(kpi.description as string).first()).toBeVisible();
    const facts = page.getByLabel(`About ${kpi.name}`);
    await expect(facts.locator('[data-fact="Owner"] dd')).toHaveText(kpi.owner as string);
    await expect(facts.locator('[data-fact="Version"] dd')).toHaveText(kpi.version as string);
    await expect(facts.locator('[data-fact="Source"] dd')).toHaveText(kpi.source as string);
    await expect(facts.locator('[data-fact="Direction"] dd')).toHaveText('Higher is better');
    await expect(facts.locator('[data-fact="Unit"] dd')).toHaveText('Percent (0.0-1.0) (percentunit)');
    await expect(page.getByLabel(`Definition of ${kpi.name}`)).toContainText('ratio:');
    for (const [key, caption] of [
      ['series', 'Series'],
      ['value', 'Value'],
      ['previous', 'Previous period'],
    ]) {
      await expect(page.getByRole('figure', { name: `${caption} (PromQL)` }).locator('pre')).toHaveText(
        detail.queries[key]
      );
    }
  });

  test('draws the value per region with its target, threshold zones and the comparison period', async ({ page }) => {
    await openKpi(page, 'payments_availability');
    const kpi = kpiOf('payments_availability');
    const main = pages.payments_availability.main;
    const sets = page.getByTestId('data-testid kpi-value-set');
    await expect(sets).toHaveCount(2);
    for (const region of ['eu', 'us']) {
      const set = page.locator(`[data-testid="data-testid kpi-value-set"][data-set="region=${region}"]`);
      const value = sample(framesOf(main, 'value'), 'value', { region }) as number;
      await expect(set.locator('[data-stat="Value"] dd')).toHaveText(
        await format(page, kpi.unit as string, value, kpi.decimals)
      );
      const status = sample(framesOf(main, 'value'), 'status', { region });
      await expect(set.locator('[data-stat="Status"] dd')).toHaveText(['OK', 'Warning', 'Critical'][status as number]);
      const chart = set.getByTestId('data-testid kpi-value-chart');
      for (const line of ['value', 'target', 'comparison']) {
        await expect(chart.locator(`[data-line="${line}"]`)).toHaveAttribute('d', /^M/);
      }
      // eu stays above the critical threshold (the zone is out of the chart's range), us is below it.
      await expect(chart.locator(`[data-zone="${region === 'eu' ? 'warning' : 'critical'} zone"]`)).toHaveCount(1);
      await expect(chart.getByRole('img')).toHaveAttribute(
        'aria-label',
        new RegExp(`now ${escape(await format(page, kpi.unit as string, value, kpi.decimals))}`)
      );
    }
    await expect(page.getByRole('list', { name: 'Legend of Value, region=eu' })).toContainText(
      'previous 7 days, drawn over this range'
    );
  });

  test('for each SLO: budget burndown, burn rates against the factors, and attainment per period', async ({ page }) => {
    await openKpi(page, 'payments_availability');
    const kpi = kpiOf('payments_availability');
    const main = pages.payments_availability.main;
    const sloFrames = framesOf(main, 'slo');
    for (const [i, slo] of (kpi.slos ?? []).entries()) {
      const section = page.locator(`[data-testid="data-testid kpi-slo"][data-slo="${slo.name}"]`);
      await expect(section.getByRole('heading', { name: `SLO ${slo.name}` })).toBeVisible();

      // One burndown line per region.
      await expect(section.getByTestId('data-testid kpi-burndown').locator('path[data-line]')).toHaveCount(2);

      // Burn rates over time: per region, a line per window of the SLO's pairs (burn_rate_series)
      // and the pairs' factors as horizontal lines.
      const windows = [...new Set((slo.alerting?.pairs ?? []).flatMap((pair) => [pair.short, pair.long]))];
      const factors = [...new Set((slo.alerting?.pairs ?? []).map((pair) => pair.factor))];
      expect(windows.length).toBeGreaterThan(0);
      for (const region of ['eu', 'us']) {
        const chart = section.locator(`[data-testid="data-testid kpi-burn-series"][data-set="region=${region}"]`);
        await expect(chart.locator('path[data-line]')).toHaveCount(windows.length);
        for (const window of windows) {
          expect(
            sloFrames.some((f) => {
              const field = f.schema.fields[f.schema.fields.length - 1];
              return field.name === 'burn_rate' && field.labels?.window === window && field.labels?.region === region;
            })
          ).toBe(true);
          await expect(chart.locator(`path[data-line="${window}"]`)).toHaveAttribute('d', /^M/);
        }
        await expect(chart.locator('line[data-rule]')).toHaveCount(factors.length);
        for (const factor of factors) {
          await expect(chart.locator(`line[data-rule^="${factor}×"]`)).toHaveCount(1);
        }
      }
      await expect(section.getByText('No burn-rate series came back')).toHaveCount(0);

      // Burn rates now, per region and pair, with the pair's factor.
      const rates = section.getByTestId('data-testid kpi-burn-rates');
      for (const region of ['eu', 'us']) {
        for (const pair of slo.alerting?.pairs ?? []) {
          const row = rates.locator(`tr[data-set="region=${region}"][data-pair="${pair.short}_${pair.long}"]`);
          const firing = sample(sloFrames, `burn_pair_${pair.short}_${pair.long}`, { region, slo: slo.name });
          await expect(row).toHaveAttribute('data-firing', String(firing === null ? null : firing === 1));
          await expect(row.locator('td').nth(2)).toHaveText(`${pair.factor}×`);
          for (const window of [pair.short, pair.long]) {
            const rate = sample(sloFrames, `burn_rate_${window}`, { region, slo: slo.name });
            await expect(row.locator(`[data-window="${window}"]`).first()).toHaveAttribute(
              'data-rate',
              rate === null || rate === undefined ? '' : String(rate)
            );
          }
        }
      }

      // Attainment: one row per period and region; now from the SLO query, each past period from its own request.
      const table = section.getByTestId('data-testid kpi-attainment');
      const past = pages.payments_availability.history.filter((one) =>
        one.request.queries[0].refId.startsWith(`attainment-${i}-`)
      );
      expect(past).toHaveLength(5);
      const periods = [
        { from: table.locator('tbody tr').first(), frames: sloFrames, refId: 'slo' },
        ...past.map((one) => ({
          from: table.locator(`tr[data-period-to="${one.request.to}"]`).first(),
          frames: framesOf(one, one.request.queries[0].refId),
          refId: one.request.queries[0].refId,
        })),
      ];
      for (const [k, period] of periods.entries()) {
        const periodFrom = await period.from.getAttribute('data-period-from');
        for (const region of ['eu', 'us']) {
          const sli = sample(period.frames, 'sli', k === 0 ? { region, slo: slo.name } : { region });
          if (sli === undefined) {
            continue; // no frame for this region in this period
          }
          const row = table.locator(`tr[data-period-from="${periodFrom}"][data-set="region=${region}"]`);
          const text = typeof sli === 'number' ? await format(page, 'percentunit', sli, 2) : 'No data';
          await expect(row.locator('td').nth(1)).toHaveText(text);
          await expect(row.locator('[data-met]')).toHaveAttribute(
            'data-met',
            typeof sli === 'number' ? String(sli >= slo.objective) : ''
          );
        }
        if (k === 0) {
          await expect(period.from.locator('th')).toContainText(slo.window.calendar ? '(so far)' : '(ending now)');
        }
      }
      // Before the seeded history (56 days), the periods have no data.
      await expect(table.locator(`tr[data-period-to="${past[4].request.to}"] td`).nth(1)).toHaveText('No data');
    }
    // Calendar months in the KPI's time zone.
    const monthly = page
      .locator('[data-testid="data-testid kpi-slo"][data-slo="monthly"]')
      .getByTestId('data-testid kpi-attainment');
    await expect(monthly.locator('tbody th').first()).toHaveText('November 2026 (so far)');
    await expect(monthly.locator('tbody tr').filter({ hasText: 'October 2026' })).toHaveCount(2);
  });

  test('links to Explore with the KPI query and to the alert rules generated for it', async ({ page }) => {
    await openKpi(page, 'payments_availability');
    const explore = new URL(
      (await page.getByRole('link', { name: 'Explore', exact: true }).getAttribute('href')) ?? '',
      'http://grafana'
    );
    expect(explore.pathname).toBe('/explore');
    const panes = JSON.parse(explore.searchParams.get('panes') ?? '{}') as Record<
      string,
      { datasource: string; queries: Array<Record<string, unknown>> }
    >;
    const pane = Object.values(panes)[0];
    expect(pane.datasource).toBe('northstar-kpi');
    expect(pane.queries[0]).toMatchObject({
      kpi: 'payments_availability',
      measures: ['series'],
      datasource: { type: 'northstar-kpi-datasource', uid: 'northstar-kpi' },
    });

    const alerts = new URL(
      (await page.getByRole('link', { name: 'Alert rules' }).getAttribute('href')) ?? '',
      'http://grafana'
    );
    expect(alerts.pathname).toBe('/alerting/list');
    expect(alerts.searchParams.get('search')).toBe('label:kpi=payments_availability');

    // Every generated rule of the SLO (from GET rules/grafana), by uid.
    const yaml = kpiPagesFixture.rulesGrafana.text;
    const generated = [...yaml.matchAll(/- uid: (\S+)\n\s+title: '([^']+)'[\s\S]*?kpi: (\S+)\n\s+slo: (\S+)/g)]
      .filter((m) => m[3] === 'payments_availability' && m[4] === '99.9-28d')
      .map((m) => ({ uid: m[1], title: m[2] }));
    expect(generated).toHaveLength(4);
    const list = page.getByRole('list', { name: 'Alert rules of SLO 99.9-28d' });
    for (const rule of generated) {
      await expect(list.getByRole('link', { name: rule.title })).toHaveAttribute(
        'href',
        `/alerting/grafana/${rule.uid}/view`
      );
    }
  });

  test('a SQL KPI without SLO: its generated SQL with bound parameters, and no SLO', async ({ page }) => {
    const opened = await openKpi(page, 'shop_payment_success');
    expect(opened.queries[0]).toEqual(pages.shop_payment_success.main.request);
    expect(opened.queries[0].queries.map((q) => q.refId)).toEqual(['value']);
    expect(pages.shop_payment_success.history).toEqual([]);
    const detail = resources['kpis/shop_payment_success'].body as {
      queries: Record<string, string>;
      parameters: Record<string, string[]>;
    };
    const figure = page.getByRole('figure', { name: 'Value (SQL)' });
    await expect(figure.locator('pre')).toHaveText(detail.queries.value);
    await expect(figure.getByRole('list', { name: 'Bound parameters' }).getByRole('listitem')).toHaveText(
      detail.parameters.value
    );
    await expect(page.getByText('This KPI has no SLO.')).toBeVisible();
    await expect(page.getByTestId('data-testid kpi-value-set')).toHaveCount(3);
  });

  test("says so when the catalog doesn't have the KPI", async ({ page }) => {
    await openAppPage(page, '/a/northstar-kpi-app/kpi/no_such_kpi', {
      now,
      resources: { ...resources, 'kpis/no_such_kpi': { status: 404, body: { error: 'unknown KPI "no_such_kpi"' } } },
      query: answer('payments_availability'),
    });
    await expect(page.getByRole('alert').filter({ hasText: 'Cannot load the KPI no_such_kpi' })).toContainText(
      'unknown KPI "no_such_kpi"'
    );
  });

  test('is linked from the catalog', async ({ page }) => {
    await openAppPage(page, '/a/northstar-kpi-app/catalog?kpi=payments_availability', {
      now,
      resources,
      query: answer('payments_availability'),
    });
    await page.getByRole('link', { name: 'Open the KPI page' }).click();
    await expect(page).toHaveURL(/\/a\/northstar-kpi-app\/kpi\/payments_availability(\?|$)/);
    await expect(page.getByTestId('data-testid kpi-slo')).toHaveCount(2);
  });

  for (const theme of ['light', 'dark'] as const) {
    test(`axe: no serious or critical violations, ${theme}`, async ({ page }) => {
      await page.setViewportSize({ width: 1400, height: 1000 });
      await openKpi(page, 'payments_availability', `?theme=${theme}`);
      await expect(
        page.getByTestId('data-testid kpi-value-chart').first().locator('[data-line="comparison"]')
      ).toHaveCount(1);
      await expect(page.getByRole('list', { name: 'Alert rules of SLO monthly' })).toBeVisible();
      await page.waitForLoadState('networkidle');
      const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
      const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
      const summary = serious.map((v) => `${v.id} (${v.impact}): ${v.nodes.length} × ${v.nodes[0]?.target.join(' ')}`);
      expect(summary, summary.join('\n')).toEqual([]);
      await page.screenshot({
        path: screenshotPath(theme === 'light' ? 'kpi-page' : 'kpi-page-dark'),
        fullPage: true,
      });
    });
  }
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
