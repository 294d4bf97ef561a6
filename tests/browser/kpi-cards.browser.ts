import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { card, format, kpiMeta, measure, MINUS, openPanel, readFixture, shoot } from './support';

const catalog = readFixture('northstar-catalog');
const slo = readFixture('northstar-slo');

/** "99.2%" → "99.2 percent", the way the card's sentence reads it. */
const spokenPercent = (text: string) => text.replace(/%$/, ' percent');

test.describe('Northstar KPIs', () => {
  test('light: value, owner, status, change, target per card', async ({ page }) => {
    await openPanel(page, { fixture: 'northstar-catalog', theme: 'light', width: 1200, height: 900 });
    await expect(page.getByTestId('kpi-card')).toHaveCount(9);

    const checkout = card(page, 'checkout_success_rate');
    const meta = kpiMeta(catalog, 'checkout_success_rate');
    const value = measure(catalog, 'checkout_success_rate', 'value') as number;
    const previous = measure(catalog, 'checkout_success_rate', 'previous') as number;
    const target = measure(catalog, 'checkout_success_rate', 'target') as number;
    const decimals = meta.decimals as number;
    const valueText = await format(page, 'percentunit', value, decimals);
    const targetText = await format(page, 'percentunit', target, decimals);
    const points = await format(page, 'none', Math.abs(value - previous) * 100, decimals);
    const pct = await format(page, 'percentunit', Math.abs((value - previous) / previous), 2);

    await expect(checkout.getByTestId('kpi-name')).toHaveText(meta.name as string);
    await expect(checkout.getByTestId('kpi-owner')).toHaveText(meta.owner as string);
    await expect(checkout.getByTestId('kpi-value')).toHaveText(valueText);
    await expect(checkout.getByTestId('kpi-status')).toHaveText('Warning');
    await expect(checkout.getByTestId('kpi-delta')).toHaveText(
      `\u25BC ${MINUS}${points} pp (${MINUS}${pct}) vs previous 7 days`
    );
    await expect(checkout.getByTestId('kpi-delta')).toHaveAttribute('data-sentiment', 'bad');
    const attained = await format(page, 'percentunit', value / target, 1);
    await expect(checkout.getByTestId('kpi-target')).toHaveText(`Target ${targetText} \u00B7 ${attained} attained`);
    await expect(checkout).toHaveAttribute(
      'aria-label',
      `${meta.name} ${spokenPercent(valueText)}, target ${spokenPercent(targetText)}, warning, down ${points} points versus previous 7 days`
    );
    await shoot(page, 'light');
  });

  test('lower is better: a rise is bad, zones above the thresholds', async ({ page }) => {
    await openPanel(page, { fixture: 'northstar-catalog', width: 1200, height: 900 });
    const usEast = page.locator('[data-kpi="api_latency_p95"]').filter({ hasText: 'us-east' });
    const value = measure(catalog, 'api_latency_p95', 'value', { region: 'us-east' }) as number;
    await expect(usEast.getByTestId('kpi-value')).toHaveText(await format(page, 'ms', value, 0));
    await expect(usEast.getByTestId('kpi-status')).toHaveText('Critical');
    await expect(usEast.getByTestId('kpi-delta')).toHaveAttribute('data-sentiment', 'bad');
    await expect(usEast.locator('rect[data-zone="critical"]')).toHaveCount(1);
    await expect(usEast.getByTestId('kpi-sparkline-target')).toHaveCount(1);
  });

  test('no target, negative, huge and tiny values, long names', async ({ page }) => {
    await openPanel(page, { fixture: 'northstar-catalog', width: 1200, height: 900 });
    await expect(card(page, 'signup_conversion').getByTestId('kpi-target')).toHaveText('No target');
    await expect(card(page, 'signup_conversion').getByTestId('kpi-status')).toHaveText('No target');

    const net = measure(catalog, 'net_revenue_change', 'value') as number;
    await expect(card(page, 'net_revenue_change').getByTestId('kpi-value')).toHaveText(
      await format(page, 'currencyUSD', net, 0)
    );
    const gmv = measure(catalog, 'gross_merchandise_value', 'value') as number;
    await expect(card(page, 'gross_merchandise_value').getByTestId('kpi-value')).toHaveText(
      await format(page, 'currencyUSD', gmv, 2)
    );
    const tiny = card(page, 'payment_error_ratio').getByTestId('kpi-value');
    const tinyText = (await tiny.textContent()) ?? '';
    expect(Number.parseFloat(tinyText) / 100).toBeCloseTo(
      measure(catalog, 'payment_error_ratio', 'value') as number,
      9
    );

    const long = card(page, 'warehouse_dispatch_time').getByTestId('kpi-name');
    const name = kpiMeta(catalog, 'warehouse_dispatch_time').name as string;
    await expect(long).toHaveAttribute('title', name);
    const overflows = await long.evaluate((el) => el.scrollWidth > el.clientWidth);
    expect(overflows).toBe(true);
  });

  test('SLO measures: budget, burn pairs, exhaustion', async ({ page }) => {
    await openPanel(page, { fixture: 'northstar-slo', width: 1200, height: 700 });
    const api = card(page, 'api_availability');
    const remaining = measure(slo, 'api_availability', 'budget_remaining') as number;
    await expect(api.getByTestId('kpi-budget')).toContainText(
      `${await format(page, 'percentunit', remaining, 1)} left`
    );
    const fast = api.getByTestId('kpi-burn').first();
    await expect(fast).toHaveAttribute('data-firing', 'true');
    const short = measure(slo, 'api_availability', 'burn_rate_5m') as number;
    const long = measure(slo, 'api_availability', 'burn_rate_1h') as number;
    await expect(fast).toHaveText(`Fast 5m/1h: firing${short.toFixed(1)}× / ${long.toFixed(1)}×`);
    await expect(api.getByTestId('kpi-burn').nth(1)).toHaveAttribute('data-firing', 'false');
    const seconds = measure(slo, 'api_availability', 'time_to_exhaustion') as number;
    const days = Math.floor(seconds / 86400);
    const hours = Math.floor((seconds % 86400) / 3600);
    await expect(api.getByTestId('kpi-exhaustion')).toHaveText(`Exhausted in ${days} d ${hours} h`);
    await expect(api).toHaveAttribute('aria-label', /fast burn 5m\/1h firing/);

    await expect(card(page, 'login_success').getByTestId('kpi-budget')).toContainText('overspent by');
    await expect(card(page, 'login_success').getByTestId('kpi-exhaustion')).toHaveText('Budget exhausted');
    await expect(card(page, 'search_availability').getByTestId('kpi-exhaustion')).toHaveText('Not burning budget');
  });

  test('NaN, ±Infinity, empty, stale and series-only KPIs say what is going on', async ({ page }) => {
    await openPanel(page, { fixture: 'northstar-edge', width: 1200, height: 700 });
    await expect(card(page, 'nan_kpi').getByTestId('kpi-problem')).toHaveText('Upstream value is NaN');
    await expect(card(page, 'nan_kpi').getByTestId('kpi-status')).toHaveText('No data');
    await expect(card(page, 'nan_kpi').getByTestId('kpi-sparkline-scale')).toContainText('1 NaN/±∞ skipped');
    await expect(card(page, 'inf_kpi').getByTestId('kpi-value')).toHaveText('+\u221e');
    await expect(card(page, 'inf_kpi').getByTestId('kpi-problem')).toHaveText('Upstream value is +Infinity');
    await expect(card(page, 'neg_inf_kpi').getByTestId('kpi-value')).toHaveText(`${MINUS}\u221e`);
    await expect(card(page, 'empty_kpi').getByTestId('kpi-problem')).toHaveText('No data in range');
    await expect(card(page, 'empty_kpi').getByTestId('kpi-delta')).toHaveText('No data for previous 7 days');
    await expect(card(page, 'stale_kpi').getByTestId('kpi-freshness')).toHaveAttribute('data-stale', 'true');
    await expect(card(page, 'stale_kpi').getByTestId('kpi-freshness')).toHaveText('Stale: last sample 3 d ago');
    await expect(card(page, 'zero_kpi').getByTestId('kpi-value')).toHaveText('0');
    await expect(card(page, 'series_only_kpi').getByTestId('kpi-value')).not.toHaveText('\u2014');
    await shoot(page, 'edge-cases');
  });

  test('dark theme', async ({ page }) => {
    await openPanel(page, { fixture: 'northstar-catalog,northstar-slo', theme: 'dark', width: 1200, height: 1000 });
    await expect(page.getByTestId('kpi-card')).toHaveCount(13);
    await shoot(page, 'dark');
  });
});

test.describe('layout', () => {
  test('narrow: one column; compact because nine regular cards would need more than two panel heights', async ({
    page,
  }) => {
    await openPanel(page, { fixture: 'northstar-catalog', width: 340, height: 900 });
    const boxes = await page
      .getByTestId('kpi-card')
      .evaluateAll((cards) => cards.map((c) => c.getBoundingClientRect().x));
    expect(new Set(boxes).size).toBe(1);
    await expect(page.getByTestId('kpi-panel')).toHaveAttribute('data-compact', 'true');
    await shoot(page, 'narrow');
  });

  test('wide: several columns', async ({ page }) => {
    await openPanel(page, {
      fixture: 'northstar-catalog,northstar-slo',
      width: 1880,
      height: 560,
      options: { layout: { groupBy: 'category', sortBy: 'status' } },
    });
    const grid = page.getByTestId('kpi-grid').first();
    const { columns, width } = await grid.evaluate((el) => ({
      columns: getComputedStyle(el).gridTemplateColumns.split(' ').length,
      width: el.clientWidth,
    }));
    const minCardWidth = 260;
    const gap = 8;
    expect(columns).toBe(Math.floor((width + gap) / (minCardWidth + gap)));
    expect(columns).toBeGreaterThanOrEqual(6);
    await expect(page.getByRole('heading', { level: 3 }).first()).toContainText('commerce');
    await shoot(page, 'wide');
  });

  test('200 cards on a 1080p dashboard: compact, scrolling, status-sorted', async ({ page }) => {
    await openPanel(page, {
      fixture: 'northstar-catalog,northstar-slo',
      cards: 200,
      width: 1880,
      height: 1000,
      options: { layout: { sortBy: 'status' } },
    });
    await expect(page.getByTestId('kpi-card')).toHaveCount(200);
    await expect(page.getByTestId('kpi-panel')).toHaveAttribute('data-compact', 'true');
    await expect(page.getByTestId('kpi-card').first()).toHaveAttribute('data-status', 'critical');
    const scrolls = await page.getByTestId('kpi-panel').evaluate((el) => el.scrollHeight > el.clientHeight);
    expect(scrolls).toBe(true);
    const fontSize = await page
      .getByTestId('kpi-value')
      .first()
      .evaluate((el) => Number.parseFloat(getComputedStyle(el).fontSize));
    expect(fontSize).toBeGreaterThanOrEqual(18);
    await shoot(page, '200-cards');
  });

  test('keyboard: cards take focus with a visible ring', async ({ page }) => {
    await openPanel(page, { fixture: 'northstar-catalog', width: 1200, height: 900 });
    await page.keyboard.press('Tab');
    const first = page.getByTestId('kpi-card').first();
    await expect(first).toBeFocused();
    const outline = await first.evaluate((el) => getComputedStyle(el).outlineStyle);
    expect(outline).toBe('solid');
    await page.keyboard.press('Tab'); // the description button inside the card
    await page.keyboard.press('Tab');
    await expect(page.getByTestId('kpi-card').nth(1)).toBeFocused();
  });
});

test.describe('states', () => {
  test('no data', async ({ page }) => {
    await openPanel(page, { fixture: 'northstar-empty', width: 600, height: 300 });
    await expect(page.getByTestId('panel-no-data')).toHaveText(
      'No data: the query matched no KPIs or returned no numbers'
    );
    await shoot(page, 'no-data');
  });

  test('query error', async ({ page }) => {
    await openPanel(page, {
      fixture: 'northstar-catalog',
      errorOnly: '1',
      error: 'upstream unreachable',
      width: 600,
      height: 300,
    });
    await expect(page.getByRole('alert')).toContainText('The query failed');
    await expect(page.getByRole('alert')).toContainText('Query A: upstream unreachable');
    await shoot(page, 'error');
  });

  test('partial data: the cards that arrived and the failure', async ({ page }) => {
    await openPanel(page, { fixture: 'northstar-slo', error: 'timeout after 30s', width: 1200, height: 600 });
    await expect(page.getByTestId('kpi-partial-error')).toContainText('1 query failed; showing the data that arrived.');
    await expect(page.getByTestId('kpi-card')).toHaveCount(4);
  });
});

test.describe('other datasources', () => {
  test('Prometheus series and a PostgreSQL wide frame become cards', async ({ page }) => {
    const links = [{ title: 'Runbook', url: 'https://runbooks.example.com/${__field.labels.instance}' }];
    await openPanel(page, {
      fixture: 'prometheus-series,postgres-wide',
      width: 1200,
      height: 600,
      fieldDefaults: { links },
    });
    const cards = page.getByTestId('kpi-card');
    await expect(cards).toHaveCount(5);
    const prometheus = readFixture('prometheus-series');
    const api1 = prometheus[0].data.values[1] as number[];
    const first = cards.filter({ hasText: 'api-1:9090' });
    await expect(first.getByTestId('kpi-value')).toHaveText(await format(page, 'reqps', api1[api1.length - 1]));
    await expect(first.getByTestId('kpi-delta')).toContainText('vs first half of range');
    await expect(first.getByTestId('kpi-owner')).toHaveText('team-platform');
    await expect(first.getByRole('link', { name: 'Runbook' })).toHaveAttribute(
      'href',
      `https://runbooks.example.com/${encodeURIComponent('api-1:9090')}`
    );

    const postgres = readFixture('postgres-wide')[0];
    const targets = postgres.data.values[2] as number[];
    const signups = cards.filter({ hasText: 'signups' });
    await expect(signups.getByTestId('kpi-target')).toContainText(`Target ${targets[targets.length - 1]}`);
    await expect(cards.filter({ hasText: 'signups_target' })).toHaveCount(0);
  });

  test('target and direction from field config', async ({ page }) => {
    await openPanel(page, {
      fixture: 'prometheus-series',
      width: 1200,
      height: 600,
      fieldDefaults: { custom: { target: 400, direction: 'lower' } },
    });
    const worker = page.getByTestId('kpi-card').filter({ hasText: 'worker-1:9090' });
    await expect(worker.getByTestId('kpi-status')).toHaveText('OK');
    const api1 = page.getByTestId('kpi-card').filter({ hasText: 'api-1:9090' });
    await expect(api1.getByTestId('kpi-status')).toHaveText('Warning');
    await expect(api1.getByTestId('kpi-target')).toContainText('Target 400 req/s');
  });
});

interface ExpectedCard {
  kpi: string;
  labels: Record<string, string>;
  unit: string;
  decimals: number;
  value: number;
  budgetRemaining?: number;
  fastBurnFiring?: boolean;
}

test.describe('frames from the real backend', () => {
  // Written by pkg/datasource's TestWriteBackendFramesForBrowserTests from the seeded Prometheus,
  // with the values each card must show computed from the seed.
  const expected = JSON.parse(
    readFileSync(join(__dirname, 'fixtures', 'backend-example.expected.json'), 'utf8')
  ) as ExpectedCard[];

  test('the example catalog renders with seeded values and SLO budgets', async ({ page }) => {
    await openPanel(page, { fixture: 'backend-example', theme: 'dark', width: 1400, height: 1000 });
    expect(expected.length).toBeGreaterThan(0);
    for (const want of expected) {
      const region = want.labels.region;
      const cardOf = page
        .locator(`[data-testid="kpi-card"][data-kpi="${want.kpi}"]`)
        .filter({ hasText: `(${region})` });
      await expect(cardOf).toHaveCount(1);
      await expect(cardOf.getByTestId('kpi-value')).toHaveText(
        await format(page, want.unit, want.value, want.decimals)
      );
      if (want.budgetRemaining !== undefined) {
        const share = await format(page, 'percentunit', Math.abs(want.budgetRemaining), 1);
        await expect(cardOf.getByTestId('kpi-budget')).toContainText(
          want.budgetRemaining < 0 ? `overspent by ${share}` : `${share} left`
        );
      }
    }
    const firing = expected.filter((want) => want.fastBurnFiring);
    expect(firing.length).toBeGreaterThan(0); // the fixture is taken during the seeded outage
    for (const want of expected.filter((w) => w.fastBurnFiring !== undefined)) {
      const cardOf = page
        .locator(`[data-testid="kpi-card"][data-kpi="${want.kpi}"]`)
        .filter({ hasText: `(${want.labels.region})` });
      await expect(cardOf.getByTestId('kpi-burn').first()).toHaveAttribute('data-firing', String(want.fastBurnFiring));
    }
    await shoot(page, 'backend');
  });
});
