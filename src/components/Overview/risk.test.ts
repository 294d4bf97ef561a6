import type { KpiSummary, Slo } from '../../datasource/types';
import type { OverviewRow, RowStatus } from './overviewRows';
import { compareByName, compareByRisk, sortRows } from './risk';

const slo: Slo = {
  name: '99.9-28d',
  objective: 0.999,
  window: { rolling: '28d' },
  budgeting: { method: 'occurrences' },
  alerting: {},
};

function row(name: string, fields: Partial<OverviewRow> & { status?: RowStatus } = {}): OverviewRow {
  const kpi: KpiSummary = { id: name.toLowerCase().replace(/ /g, '_'), name };
  return {
    key: `${kpi.id}|${fields.slo?.name ?? ''}|`,
    kind: fields.slo ? 'slo' : 'kpi',
    kpi,
    dimensions: {},
    pairs: [],
    firing: 0,
    status: 'ok',
    ...fields,
  };
}

const names = (rows: OverviewRow[]) => rows.map((r) => r.kpi.name);

describe('risk order', () => {
  it('puts more firing pairs first, whatever the budget', () => {
    const rows = [
      row('Two firing', { slo, firing: 2, budgetRemaining: 0.9 }),
      row('Overspent', { slo, firing: 0, budgetRemaining: -3 }),
      row('Four firing', { slo, firing: 4, budgetRemaining: 0.95 }),
    ];
    expect(names(sortRows(rows, 'risk'))).toEqual(['Four firing', 'Two firing', 'Overspent']);
  });

  it('then less budget left (overspent first), then sooner exhaustion', () => {
    const rows = [
      row('Half', { slo, budgetRemaining: 0.5, timeToExhaustion: 100 }),
      row('Overspent', { slo, budgetRemaining: -0.2, timeToExhaustion: 0 }),
      row('Half, later', { slo, budgetRemaining: 0.5, timeToExhaustion: 5000 }),
      row('Half, not burning', { slo, budgetRemaining: 0.5, timeToExhaustion: Number.POSITIVE_INFINITY }),
      row('Half, unknown', { slo, budgetRemaining: 0.5, timeToExhaustion: null }),
      row('Tenth', { slo, budgetRemaining: 0.1, timeToExhaustion: 10_000 }),
    ];
    expect(names(sortRows(rows, 'risk'))).toEqual([
      'Overspent',
      'Tenth',
      'Half',
      'Half, later',
      'Half, not burning',
      'Half, unknown',
    ]);
  });

  it('puts rows without budget (KPIs without SLO, no traffic) after the SLOs that have one, worst status first', () => {
    const rows = [
      row('KPI ok', { status: 'ok' }),
      row('SLO without traffic', { slo, budgetRemaining: null, status: 'nodata' }),
      row('KPI critical', { status: 'critical' }),
      row('SLO healthy', { slo, budgetRemaining: 0.99, timeToExhaustion: Number.POSITIVE_INFINITY }),
      row('KPI failed', { status: 'error' }),
      row('KPI warning', { status: 'warning' }),
    ];
    expect(names(sortRows(rows, 'risk'))).toEqual([
      'SLO healthy',
      'KPI critical',
      'KPI failed',
      'KPI warning',
      'SLO without traffic',
      'KPI ok',
    ]);
  });

  it('breaks ties by name, then the KPI row before its SLOs, then dimensions', () => {
    const a = row('Same', { status: 'ok' });
    const b = { ...row('Same', { slo, status: 'ok' }), dimensions: { region: 'eu' } };
    const c = { ...row('Same', { slo, status: 'ok' }), dimensions: { region: 'us' } };
    expect(sortRows([c, b, a], 'name')).toEqual([a, b, c]);
    expect(compareByRisk(a, a)).toBe(0);
    expect(compareByName(row('Alpha'), row('Beta'))).toBeLessThan(0);
  });

  it('does not change the rows it is given', () => {
    const rows = [row('B'), row('A')];
    sortRows(rows, 'name');
    expect(names(rows)).toEqual(['B', 'A']);
  });
});
