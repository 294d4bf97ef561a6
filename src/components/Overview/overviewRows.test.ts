import { dataFrameFromJSON, DataFrameJSON } from '@grafana/data';
import overview from '../../../tests/browser/fixtures/overview.json';
import type { KpiSummary } from '../../datasource/types';
import { buildOverviewRows, sloStatus } from './overviewRows';
import { sortRows } from './risk';

const kpis = overview.kpis.kpis as unknown as KpiSummary[];
const frames = (overview.query.response.results.overview.frames as unknown as DataFrameJSON[]).map((frame) =>
  dataFrameFromJSON(frame)
);

describe('buildOverviewRows', () => {
  const rows = buildOverviewRows(kpis, { frames });
  const byKey = (key: string) => rows.find((row) => row.key === key);

  it('has a row for every KPI and SLO of the catalog, per dimension set', () => {
    expect(new Set(rows.map((row) => row.kpi.id))).toEqual(new Set(kpis.map((kpi) => kpi.id)));
    const payments = rows.filter((row) => row.kpi.id === 'payments_availability').map((row) => row.key);
    expect(payments).toEqual([
      'payments_availability||region=eu',
      'payments_availability||region=us',
      'payments_availability|99.9-28d|region=eu',
      'payments_availability|99.9-28d|region=us',
      'payments_availability|monthly|region=eu',
      'payments_availability|monthly|region=us',
    ]);
  });

  it("carries the SLO's numbers, its pairs in window order with severity and factor, and its status", () => {
    const eu = byKey('payments_availability|99.9-28d|region=eu');
    expect(eu).toMatchObject({ kind: 'slo', firing: 4, status: 'critical' });
    expect(eu?.budgetRemaining).toBeCloseTo(0.32068452381, 9);
    expect(eu?.value).toBeCloseTo(0.999320684524, 9);
    expect(eu?.pairs.map((p) => [p.short, p.long, p.severity, p.factor, p.firing])).toEqual([
      ['5m', '1h', 'critical', 13.44, true],
      ['30m', '6h', 'critical', 5.6, true],
      ['2h', '1d', 'warning', 2.8, true],
      ['6h', '3d', 'warning', 0.9333, true],
    ]);
    const notBurning = byKey('api_fast_requests|75-28d|');
    expect(notBurning?.timeToExhaustion).toBe(Number.POSITIVE_INFINITY);
    expect(notBurning?.status).toBe('warning'); // 14 % of the budget left
  });

  it("carries a KPI's value and status", () => {
    expect(byKey('payments_availability||region=us')).toMatchObject({ kind: 'kpi', status: 'critical', pairs: [] });
    expect(byKey('orders||region=eu')?.value).toBe(131040);
    expect(byKey('orders||region=eu')?.budgetRemaining).toBeUndefined();
  });

  it('sorts the outage first: all pairs firing in eu, less budget first', () => {
    expect(
      sortRows(rows, 'risk')
        .slice(0, 4)
        .map((row) => row.key)
    ).toEqual([
      'payments_availability|monthly|region=eu',
      'payments_availability|99.9-28d|region=eu',
      'payments_availability|99.9-28d|region=us',
      'payments_availability|monthly|region=us',
    ]);
  });

  it('keeps the rows of KPIs the backend failed on, with its error', () => {
    const withoutOrders = frames.filter((frame) => frame.fields[0]?.labels?.kpi !== 'orders');
    const failed = buildOverviewRows(kpis, { frames: withoutOrders, error: 'KPI "orders": Prometheus answered 503' });
    expect(failed.filter((row) => row.kpi.id === 'orders')).toEqual([
      expect.objectContaining({ key: 'orders||', status: 'error', error: 'KPI "orders": Prometheus answered 503' }),
    ]);
    expect(failed.find((row) => row.key === 'checkout_error_rate||')?.status).toBe('ok');
  });

  it('without an answer, lists the catalog with no data', () => {
    const empty = buildOverviewRows(kpis, undefined);
    expect(empty.every((row) => row.status === 'nodata' && row.value === undefined)).toBe(true);
    expect(empty.filter((row) => row.kind === 'slo')).toHaveLength(
      kpis.reduce((n, kpi) => n + (kpi.slos?.length ?? 0), 0)
    );
  });
});

describe('sloStatus', () => {
  const pair = (severity: string, firing: boolean | null) => ({ short: '5m', long: '1h', severity, firing });
  it('is critical for a firing critical pair or an overspent budget, warning for a firing warning pair or a low budget', () => {
    expect(sloStatus([pair('critical', true)], 0.9)).toBe('critical');
    expect(sloStatus([pair('warning', false)], -0.1)).toBe('critical');
    expect(sloStatus([pair('warning', true)], 0.9)).toBe('warning');
    expect(sloStatus([], 0.2)).toBe('warning');
    expect(sloStatus([pair('critical', false)], 0.5)).toBe('ok');
    expect(sloStatus([pair('critical', null)], null)).toBe('nodata');
  });
});
