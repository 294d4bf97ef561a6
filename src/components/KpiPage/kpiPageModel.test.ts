import { BackendDataSourceResponse } from '@grafana/runtime';
import pages from '../../../tests/browser/fixtures/overview-kpi-pages.json';
import type { KpiSummary } from '../../datasource/types';
import { readAnswers } from '../Overview/queryData';
import { buildSloModels, buildValueModel, comparisonRequest, kpiPageRequests, shiftSeries } from './kpiPageModel';

const kpis = pages.resources.kpis.body.kpis as unknown as KpiSummary[];
const kpi = (id: string) => kpis.find((k) => k.id === id) as KpiSummary;
interface Recorded {
  request: { queries: Array<{ refId: string }>; from: string; to: string };
  response: BackendDataSourceResponse;
}
const recorded = pages.pages as unknown as Record<
  string,
  { main: Recorded; history: Recorded[]; comparison: Recorded }
>;
const answersOf = (one: Recorded) =>
  readAnswers(
    { data: one.response },
    one.request.queries.map((q) => q.refId)
  );

describe('kpiPageRequest', () => {
  // The Go test sent these requests to the real backend; the page must send the same.
  it.each(['payments_availability', 'shop_payment_success'])('are the requests the fixture recorded for %s', (id) => {
    const { main, history, periods } = kpiPageRequests('northstar-kpi', kpi(id), pages.now);
    expect(main).toEqual(recorded[id].main.request);
    expect(history).toEqual(recorded[id].history.map((one) => one.request));
    expect(periods).toHaveLength(kpi(id).slos?.length ?? 0);
  });

  it('puts the past periods that end at the same instant in one request', () => {
    const twoMonthly = {
      ...kpi('payments_availability'),
      slos: [kpi('payments_availability').slos![1], { ...kpi('payments_availability').slos![1], name: 'other' }],
    };
    const { history } = kpiPageRequests('northstar-kpi', twoMonthly, pages.now);
    expect(history).toHaveLength(5);
    expect(history[0].queries.map((q) => [q.refId, q.slo])).toEqual([
      ['attainment-0-1', 'monthly'],
      ['attainment-1-1', 'other'],
    ]);
    expect(history[0].to).toBe(String(Date.parse('2026-10-31T23:00:00Z')));
  });
});

describe('the KPI page model from the real answers', () => {
  const main = answersOf(recorded.payments_availability.main);
  const all = Object.assign({}, main, ...recorded.payments_availability.history.map(answersOf));
  const from = pages.now - 7 * 86_400_000;

  it('has the value series, target and numbers per region, and the comparison period of the frames', () => {
    const model = buildValueModel(main.value, undefined, from);
    expect(model.sets.map((set) => set.key)).toEqual(['region=eu', 'region=us']);
    const eu = model.sets[0];
    expect(eu.series?.times.length).toBeGreaterThan(300);
    expect(eu.target?.values.every((v) => v === 0.999)).toBe(true);
    expect(eu.status).toBe(1);
    expect(model.comparison).toMatchObject({ label: 'previous 7 days', from: from - 7 * 86_400_000, to: from });
    expect(comparisonRequest('northstar-kpi', 'payments_availability', model.comparison!, 1_800_000)).toEqual(
      recorded.payments_availability.comparison.request
    );
  });

  it('draws the comparison series moved onto the range', () => {
    const comparison = answersOf(recorded.payments_availability.comparison);
    const model = buildValueModel(main.value, comparison.comparison, from);
    const eu = model.sets[0];
    expect(eu.comparison?.times[0]).toBeGreaterThanOrEqual(from);
    expect(eu.comparison?.times[eu.comparison.times.length - 1]).toBeLessThanOrEqual(pages.now);
    expect(
      shiftSeries({ kpi: 'k', measure: 'value', dimensions: {}, times: [1, 2], values: [3, 4] }, 10).times
    ).toEqual([11, 12]);
  });

  it('has every SLO now, its burndown, pairs with factors, and one attainment row per period and region', () => {
    const { periods } = kpiPageRequests('northstar-kpi', kpi('payments_availability'), pages.now);
    const [rolling, monthly] = buildSloModels(kpi('payments_availability'), all, periods);
    expect(rolling.slo.name).toBe('99.9-28d');
    expect(rolling.sets.map((set) => [set.key, set.status])).toEqual([
      ['region=eu', 'critical'],
      ['region=us', 'critical'],
    ]);
    const eu = rolling.sets[0];
    expect(eu.burndown?.values.length).toBeGreaterThan(100);
    expect(Object.keys(eu.burnRates).sort()).toEqual(['1d', '1h', '2h', '30m', '3d', '5m', '6h']);
    // The burn rate over each pair window at each step of the range; the window label is not a dimension.
    expect(Object.keys(eu.burnSeries).sort()).toEqual(['1d', '1h', '2h', '30m', '3d', '5m', '6h']);
    expect(eu.burnSeries['1h'].dimensions).toEqual({ region: 'eu' });
    expect(eu.burnSeries['1h'].measure).toBe('burn_rate');
    expect(eu.burnSeries['1h'].times.length).toBeGreaterThan(80);
    expect(eu.burnSeries['1h'].times[eu.burnSeries['1h'].times.length - 1]).toBeLessThanOrEqual(pages.now);
    // The last point of each series is the burn rate now.
    for (const [window, series] of Object.entries(eu.burnSeries)) {
      const last = series.values[series.values.length - 1];
      if (series.times[series.times.length - 1] === pages.now && typeof last === 'number') {
        expect(last).toBeCloseTo(eu.burnRates[window] ?? Number.NaN, 6);
      }
    }
    expect(eu.pairs.map((p) => [p.short, p.factor, p.firing])).toEqual([
      ['5m', 13.44, true],
      ['30m', 5.6, true],
      ['2h', 2.8, true],
      ['6h', 0.9333, true],
    ]);
    expect(rolling.window).toMatchObject({ from: pages.now - 28 * 86_400_000, to: pages.now });
    // Two periods within the seeded history (two regions each), four before it (no data).
    expect(rolling.attainment.map((row) => row.label)).toEqual([
      'region=eu',
      'region=us',
      'region=eu',
      'region=us',
      '',
      '',
      '',
      '',
    ]);
    expect(rolling.attainment[0].met).toBe(true);
    expect(rolling.attainment[1].met).toBe(false);
    expect(rolling.attainment[4].key).toBe('');
    expect(rolling.attainment[4].sli).toBeUndefined();
    expect(rolling.attainment[4].met).toBeUndefined();
    expect(monthly.attainment.filter((row) => row.key === 'region=eu')).toHaveLength(3); // November, October, September
    expect(rolling.attainmentErrors).toEqual([]);
  });
});
