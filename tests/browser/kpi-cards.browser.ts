import AxeBuilder from '@axe-core/playwright';
import { expect, Page, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { card, format, FrameJSON, kpiMeta, measure, MINUS, openPanel, readFixture, shoot } from './support';

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

test.describe('states the real backend does not show (fixtures/panel-states.json)', () => {
  const states = readFixture('panel-states');
  const statesPanel = { fixture: 'panel-states', width: 1200, height: 900 };

  test('no direction: inferred from thresholds that go critical upwards, so a rise is red next to Critical', async ({
    page,
  }) => {
    expect(kpiMeta(states, 'queue_wait').direction).toBeUndefined();
    await openPanel(page, statesPanel);
    const queue = card(page, 'queue_wait');
    await expect(queue.getByTestId('kpi-status')).toHaveText('Critical');
    const delta = queue.getByTestId('kpi-delta');
    await expect(delta).toHaveAttribute('data-sentiment', 'bad');
    const change = await format(page, 's', 1080 - 780, 0);
    await expect(delta).toHaveText(`\u25B2 +${change} (+38%) vs previous 7 days`);
    await expect(queue.locator('rect[data-zone="critical"]')).toHaveCount(1);
  });

  test('a firing ticket-severity pair makes an OK value Warning', async ({ page }) => {
    await openPanel(page, statesPanel);
    expect(measure(states, 'search_latency_slo', 'status')).toBe(0);
    const search = card(page, 'search_latency_slo');
    await expect(search.getByTestId('kpi-status')).toHaveText('Warning');
    await expect(search.getByTestId('kpi-status')).toHaveAttribute(
      'title',
      /^Warning from the SLO: slow burn 6h\/3d firing \(warning, SLO 99-28d\)/
    );
    await expect(search.locator('[data-testid="kpi-burn"][data-firing="true"]')).toHaveAttribute(
      'data-level',
      'warning'
    );
  });

  test('sum KPIs: running total against a period target, steps without one', async ({ page }) => {
    await openPanel(page, statesPanel);
    const signups = card(page, 'weekly_signups');
    await expect(signups.getByTestId('kpi-sparkline')).toHaveAttribute('data-mode', 'running-total');
    await expect(signups.getByTestId('kpi-sparkline-scale')).toHaveText(
      `Running total \u00B7 scale 0 to ${await format(page, 'short', 28000, 0)}`
    );
    await expect(signups.getByTestId('kpi-sparkline-target')).toHaveCount(1);
    const refunds = card(page, 'refunds');
    await expect(refunds.getByTestId('kpi-sparkline')).toHaveAttribute('data-mode', 'values');
    const steps = states.find((f) => f.schema.name === 'refunds' && f.schema.meta?.type === 'timeseries-multi');
    const values = (steps?.data.values[1] ?? []) as number[];
    await expect(refunds.getByTestId('kpi-sparkline-scale')).toHaveText(
      `Scale ${Math.min(...values)} to ${Math.max(...values)}`
    );
    await expect(refunds.getByTestId('kpi-sparkline-target')).toHaveCount(0);
  });

  test('the "No value" option replaces the dash; the reason stays', async ({ page }) => {
    await openPanel(page, statesPanel);
    await expect(card(page, 'partner_orders').getByTestId('kpi-value')).toHaveText('\u2014');
    await openPanel(page, { ...statesPanel, fieldDefaults: { noValue: 'Not reported' } });
    const partner = card(page, 'partner_orders');
    await expect(partner.getByTestId('kpi-value')).toHaveText('Not reported');
    await expect(partner.getByTestId('kpi-problem')).toHaveText('No data in range');
    await expect(partner.getByTestId('kpi-status')).toHaveText('No data');
    await expect(partner.getByTestId('kpi-freshness')).toHaveText('Stale: last sample 1 d 2 h ago');
  });

  test('value mappings name the value, never the scale or the target', async ({ page }) => {
    await openPanel(page, statesPanel);
    const deploys = card(page, 'deploy_success');
    await expect(deploys.getByTestId('kpi-value')).toHaveText('Healthy');
    await expect(deploys.getByTestId('kpi-target')).toContainText(
      `Target ${await format(page, 'percentunit', 0.95, 1)}`
    );
    await expect(deploys.getByTestId('kpi-sparkline-scale')).toHaveText(/^Scale \d+\.\d% to \d+\.\d%$/);
    // The mapping's colour (blue) colours the value.
    await expect(deploys.getByTestId('kpi-value')).toHaveCSS('color', await themeRgb(page, 'blue'));
  });

  test('colour modes: value, background, none', async ({ page }) => {
    await openPanel(page, statesPanel);
    const queue = card(page, 'queue_wait');
    const critical = await queue.getByTestId('kpi-status').evaluate((el) => getComputedStyle(el).color);
    await expect(queue.getByTestId('kpi-value')).toHaveCSS('color', critical);
    await shoot(page, 'states-light');

    await openPanel(page, { ...statesPanel, theme: 'dark', options: { display: { colorMode: 'background' } } });
    const tinted = card(page, 'queue_wait');
    await expect(tinted).toHaveAttribute('data-color-mode', 'background');
    expect(await tinted.evaluate((el) => getComputedStyle(el).backgroundImage)).toMatch(/^linear-gradient/);
    const text = await tinted.evaluate((el) => getComputedStyle(el).color);
    await expect(tinted.getByTestId('kpi-value')).toHaveCSS('color', text);
    await shoot(page, 'states-dark-background');
    await expectNoSeriousAxeViolations(page);

    await openPanel(page, { ...statesPanel, options: { display: { colorMode: 'none' } } });
    const plain = card(page, 'queue_wait');
    expect(await plain.evaluate((el) => getComputedStyle(el).backgroundImage)).toBe('none');
    await expect(plain.getByTestId('kpi-value')).toHaveCSS(
      'color',
      await plain.evaluate((el) => getComputedStyle(el).color)
    );
  });

  test('the standard Color option: a fixed colour colours every value', async ({ page }) => {
    await openPanel(page, { ...statesPanel, fieldDefaults: { color: { mode: 'fixed', fixedColor: 'purple' } } });
    const purple = await themeRgb(page, 'purple');
    await expect(card(page, 'queue_wait').getByTestId('kpi-value')).toHaveCSS('color', purple);
    await expect(card(page, 'weekly_signups').getByTestId('kpi-value')).toHaveCSS('color', purple);
  });

  test('background mode passes axe in light too', async ({ page }) => {
    await openPanel(page, { ...statesPanel, options: { display: { colorMode: 'background' } } });
    await expectNoSeriousAxeViolations(page);
  });

  test("data links: one link makes the value a link, several open Grafana's data links menu", async ({ page }) => {
    const runbook = { title: 'Runbook', url: 'https://runbooks.example.com/${__field.labels.kpi}' };
    await openPanel(page, { ...statesPanel, fieldDefaults: { links: [runbook] } });
    const single = card(page, 'queue_wait').getByRole('link', { name: /Runbook/ });
    await expect(single).toHaveAttribute('href', 'https://runbooks.example.com/queue_wait');
    await expect(single).toHaveAttribute('data-testid', 'data-testid Data link');

    const dashboard = {
      title: 'KPI dashboard',
      url: 'https://grafana.example.com/d/kpi?var-kpi=${__field.labels.kpi}',
    };
    await openPanel(page, { ...statesPanel, fieldDefaults: { links: [runbook, dashboard] } });
    const trigger = card(page, 'queue_wait').getByTestId('kpi-links');
    await expect(trigger).toHaveAttribute('aria-haspopup', 'menu');
    await trigger.click();
    const menu = page.getByRole('menu');
    await expect(menu).toContainText('Data links');
    await expect(menu.getByRole('menuitem', { name: 'Runbook' })).toHaveAttribute(
      'href',
      'https://runbooks.example.com/queue_wait'
    );
    await expect(menu.getByRole('menuitem', { name: 'KPI dashboard' })).toHaveAttribute(
      'href',
      'https://grafana.example.com/d/kpi?var-kpi=queue_wait'
    );
    await shoot(page, 'links-menu');
    await page.keyboard.press('Escape');
    await expect(menu).toHaveCount(0);
    // From the keyboard the menu opens under the value, not in the page's corner.
    await trigger.focus();
    await page.keyboard.press('Enter');
    const box = await trigger.boundingBox();
    const menuBox = await page.getByRole('menu').boundingBox();
    expect(menuBox && box && menuBox.y).toBeGreaterThanOrEqual((box?.y ?? 0) + (box?.height ?? 0) - 2);
  });
});

test.describe('value size', () => {
  const fontSize = (page: Page) =>
    page
      .getByTestId('kpi-value')
      .first()
      .evaluate((el) => Number.parseFloat(getComputedStyle(el).fontSize));

  test('one KPI fills its panel, like Stat', async ({ page }) => {
    await openPanel(page, { fixture: 'northstar-catalog', cards: 1, width: 800, height: 450 });
    await expect(page.getByTestId('kpi-panel')).toHaveAttribute('data-fill', 'true');
    const card = page.getByTestId('kpi-card');
    const panel = await page.getByTestId('kpi-panel').boundingBox();
    const box = await card.boundingBox();
    expect(box?.height).toBeGreaterThan((panel?.height ?? 0) - 4);
    await expect.poll(() => fontSize(page)).toBeGreaterThan(90);
    const value = page.getByTestId('kpi-value');
    expect(await value.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
    await shoot(page, 'single');
  });

  test('one KPI in a small panel: compact, still filling it', async ({ page }) => {
    await openPanel(page, { fixture: 'northstar-catalog', cards: 1, theme: 'dark', width: 260, height: 150 });
    await expect(page.getByTestId('kpi-panel')).toHaveAttribute('data-compact', 'true');
    await expect.poll(() => fontSize(page)).toBeGreaterThan(28);
    await shoot(page, 'single-small-dark');
    const scrolls = await page.getByTestId('kpi-panel').evaluate((el) => el.scrollHeight > el.clientHeight + 1);
    expect(scrolls).toBe(false);
  });

  test('values grow with the card and shrink to fit instead of being cut', async ({ page }) => {
    await openPanel(page, { fixture: 'northstar-catalog', width: 1200, height: 900 });
    const narrow = await fontSize(page);
    await openPanel(page, {
      fixture: 'northstar-catalog',
      width: 1200,
      height: 900,
      options: { layout: { minCardWidth: 560 } },
    });
    expect(await fontSize(page)).toBeGreaterThan(narrow);
    const cut = await page
      .getByTestId('kpi-value')
      .evaluateAll((els) => els.filter((el) => el.scrollWidth > el.clientWidth + 1).length);
    expect(cut).toBe(0);
  });

  test('rows do not stretch short cards to the tallest one', async ({ page }) => {
    await openPanel(page, { fixture: 'backend-example', width: 1400, height: 1000 });
    const orders = await dimensionCard(page, 'orders', { region: 'eu' }).boundingBox();
    const checkout = await dimensionCard(page, 'checkout_success_rate', { region: 'eu' }).boundingBox();
    expect(orders?.y).toBe(checkout?.y); // the same row
    expect((orders?.height ?? 0) + 60).toBeLessThan(checkout?.height ?? 0);
  });
});

/** A Grafana colour name in the page's theme, as CSS computes it ("rgb(r, g, b)"). */
async function themeRgb(page: Page, name: string): Promise<string> {
  const hex = await page.evaluate((n) => window.harness.themeColor(n), name);
  const [r, g, b] = [1, 3, 5].map((i) => Number.parseInt(hex.slice(i, i + 2), 16));
  return `rgb(${r}, ${g}, ${b})`;
}

async function expectNoSeriousAxeViolations(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const summary = serious.map((v) => `${v.id} (${v.impact}): ${v.nodes.length} × ${v.nodes[0]?.target.join(' ')}`);
  expect(summary, summary.join('\n')).toEqual([]);
}

test.describe('frames from the real backend', () => {
  // Written by pkg/datasource's TestWriteBackendFramesForBrowserTests from the seeded Prometheus,
  // with the values each card must show computed from the seed.
  const expected = JSON.parse(
    readFileSync(join(__dirname, 'fixtures', 'backend-example.expected.json'), 'utf8')
  ) as ExpectedCard[];
  const backend = readFixture('backend-example');
  const to = queryEnd(backend);

  for (const theme of ['dark', 'light'] as const) {
    test(`the example catalog renders with seeded values and SLO budgets, ${theme}`, async ({ page }) => {
      await openPanel(page, { fixture: 'backend-example', theme, width: 1400, height: 1000, to });
      expect(expected.length).toBeGreaterThan(0);
      for (const want of expected) {
        const cardOf = dimensionCard(page, want.kpi, want.labels);
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
        const cardOf = dimensionCard(page, want.kpi, want.labels);
        await expect(cardOf.getByTestId('kpi-burn').first()).toHaveAttribute(
          'data-firing',
          String(want.fastBurnFiring)
        );
      }
      await shoot(page, theme === 'dark' ? 'backend' : 'backend-light');
      await expectNoSeriousAxeViolations(page);
    });
  }

  test('a firing page-severity pair makes the card Critical, whatever the value says', async ({ page }) => {
    await openPanel(page, { fixture: 'backend-example', width: 1400, height: 1000, to });
    const pages = firingPairs(backend, 'critical');
    expect(pages.length).toBeGreaterThan(0);
    for (const { kpi, labels } of pages) {
      await expect(dimensionCard(page, kpi, labels).first()).toHaveAttribute('data-status', 'critical');
    }
    // During the outage the datasource's status (from the value) is Warning for payments in eu.
    expect(measure(backend, 'payments_availability', 'status', { region: 'eu' })).toBe(1);
    const eu = dimensionCard(page, 'payments_availability', { region: 'eu' });
    await expect(eu.getByTestId('kpi-status')).toHaveText('Critical');
    await expect(eu.getByTestId('kpi-status')).toHaveAttribute(
      'title',
      /^Critical from the SLO: fast burn 5m\/1h firing/
    );
    await expect(eu).toHaveAttribute('aria-label', /, critical, /);
  });

  test('changes that round to zero at the shown decimals are neutral: no arrow, ±0', async ({ page }) => {
    await openPanel(page, { fixture: 'backend-example', width: 1400, height: 1000, to });
    // eu: delta 0; us: delta 0.0019 pp, shown with the KPI's 2 decimals.
    expect(measure(backend, 'checkout_success_rate', 'delta', { region: 'us' })).toBeGreaterThan(0);
    for (const region of ['eu', 'us']) {
      const delta = dimensionCard(page, 'checkout_success_rate', { region }).getByTestId('kpi-delta');
      await expect(delta).toHaveAttribute('data-sentiment', 'neutral');
      await expect(delta).toHaveText(/^\u00B10 pp \(\u00B10%\) vs 7d earlier$/);
    }
  });

  test('sum KPIs: the running total against the period target, never steps against a total', async ({ page }) => {
    await openPanel(page, { fixture: 'backend-example', width: 1400, height: 1000, to });
    const orders = dimensionCard(page, 'orders', { region: 'eu' });
    const value = measure(backend, 'orders', 'value', { region: 'eu' }) as number;
    const target = measure(backend, 'orders', 'target', { region: 'eu' }) as number;
    await expect(orders.getByTestId('kpi-sparkline')).toHaveAttribute('data-mode', 'running-total');
    await expect(orders.getByTestId('kpi-sparkline-scale')).toHaveText(
      `Running total \u00B7 scale 0 to ${await format(page, 'short', Math.max(value, target), 0)}`
    );
    // The line ends at the total (the value), not at the last step.
    // The line ends at the total (the value) in a 0..target scale (view box 0..100), not at the last step.
    const y = Number(await orders.getByTestId('kpi-sparkline-end').getAttribute('data-y'));
    expect(y).toBeCloseTo(100 - (value / target) * 100, 0);
  });

  test('freshness says how old the newest sample is', async ({ page }) => {
    await openPanel(page, { fixture: 'backend-example', width: 1400, height: 1000, to });
    const custom = backend[0].schema.meta?.custom as { lastSample: string };
    const lastSample = Date.parse(custom.lastSample);
    const minutes = Math.round((Date.parse(to) - lastSample) / 60_000);
    expect(minutes).toBeGreaterThan(60);
    const text = `Last sample ${Math.floor(minutes / 60)} h ${minutes % 60} min ago`;
    const freshness = page.getByTestId('kpi-freshness');
    await expect(freshness.first()).toHaveText(text);
    // Older than the 1 h limit, but within one 2 h step of the range's end: not stale.
    await expect(freshness.first()).toHaveAttribute('data-stale', 'false');
    await expect(freshness.first()).toHaveAttribute('title', 'Newest sample: 2026-11-19 20:00:00');
    await expect(page.getByText('Updated just now')).toHaveCount(0);
  });

  test('cards of one KPI are told apart by their dimension values, also in narrow cards', async ({ page }) => {
    await openPanel(page, {
      fixture: 'backend-example',
      width: 560,
      height: 1000,
      to,
      options: { layout: { minCardWidth: 180, compact: 'never' } },
    });
    for (const region of ['eu', 'us']) {
      const cardOf = dimensionCard(page, 'payments_availability', { region });
      await expect(cardOf.getByTestId('kpi-name')).toHaveText('Payments availability');
      await expect(cardOf.getByTestId('kpi-name')).toHaveAttribute('title', `Payments availability (${region})`);
      const dimension = cardOf.getByTestId('kpi-dimensions');
      await expect(dimension).toHaveText(region);
      await expect(dimension).toBeVisible();
      expect(await dimension.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
    }
  });
});

/** The end of the query the backend fixture was taken with: its "previous 7 days" comparison ends 7 days before. */
function queryEnd(frames: FrameJSON[]): string {
  const week = frames.find((f) => f.schema.meta?.custom?.comparison?.label === 'previous 7 days');
  const comparison = week?.schema.meta?.custom?.comparison as { to: string } | undefined;
  if (!comparison) {
    throw new Error('no "previous 7 days" comparison in the fixture');
  }
  return new Date(Date.parse(comparison.to) + 7 * 86400_000).toISOString();
}

/** Firing burn pairs of the given severity in a fixture: which KPI and dimensions they belong to. */
function firingPairs(frames: FrameJSON[], severity: string): Array<{ kpi: string; labels: Record<string, string> }> {
  return frames.flatMap((f) => {
    const field = f.schema.fields[0];
    if (!field?.name.startsWith('burn_pair_') || field.labels?.severity !== severity || f.data.values[0][0] !== 1) {
      return [];
    }
    const labels = Object.fromEntries(
      Object.entries(field.labels).filter(([name]) => !['kpi', 'slo', 'severity'].includes(name))
    );
    return [{ kpi: field.labels.kpi, labels }];
  });
}

/** The card of a KPI and dimension set. */
function dimensionCard(page: Page, kpi: string, labels: Record<string, string>) {
  const dims = Object.entries(labels)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
  return page.locator(`[data-testid="kpi-card"][data-kpi="${kpi}"][data-dimensions="${dims}"]`);
}
