import { KpiSummary } from '../../datasource/types';
import { formatKpiValue, formatTarget, todayIn, unitName } from './formatTarget';

const kpi = (fields: Partial<KpiSummary>): KpiSummary => ({ id: 'k', name: 'K', ...fields });
const NOW = new Date('2026-08-15T12:00:00Z');

describe('formatTarget', () => {
  it("shows a static target in the KPI's unit, like the panel", () => {
    expect(formatTarget(kpi({ unit: 'percentunit', target: { value: 0.995 } }), NOW)).toBe('99.5%');
    expect(formatTarget(kpi({ unit: 'percentunit', decimals: 2, target: { value: 0.995 } }), NOW)).toBe('99.50%');
    expect(formatTarget(kpi({ unit: 'ms', decimals: 0, target: { value: 300 } }), NOW)).toBe('300 ms');
    expect(formatTarget(kpi({ target: { value: 0 } }), NOW)).toBe('0');
  });

  it('shows the scheduled target in force, or the first one to come', () => {
    const schedule = [
      { from: '2026-07-01', value: 0.97 },
      { from: '2026-01-01', value: 0.95 },
    ];
    const scheduled = kpi({ unit: 'percentunit', target: { schedule } });
    expect(formatTarget(scheduled, NOW)).toBe('97% (since 2026-07-01)');
    expect(formatTarget(scheduled, new Date('2025-12-01T00:00:00Z'))).toBe('95% from 2026-01-01');
  });

  it('describes a baseline target', () => {
    const baseline = { periods: 4, every: '1w', statistic: 'median', improvement: 0.05 };
    expect(formatTarget(kpi({ target: { baseline } }), NOW)).toBe('median of 4 × 1w, +5%');
  });

  it('shows a dash without a target', () => {
    expect(formatTarget(kpi({}), NOW)).toBe('–');
  });
});

describe('formatKpiValue', () => {
  it('uses the unit and decimals, and keeps tiny values visible as the panel does', () => {
    expect(formatKpiValue({ unit: 'percentunit', decimals: 1 }, 0.98)).toBe('98.0%');
    expect(formatKpiValue({ unit: 'percentunit' }, 0.0000032)).not.toBe('0%');
  });
});

describe('unitName', () => {
  it("uses Grafana's unit names", () => {
    expect(unitName('percentunit')).toBe('Percent (0.0-1.0)');
    expect(unitName('not-a-unit')).toBe('not-a-unit');
    expect(unitName(undefined)).toBeUndefined();
  });
});

describe('todayIn', () => {
  it("uses the KPI's time zone", () => {
    const lateEvening = new Date('2026-08-15T23:30:00Z');
    expect(todayIn('UTC', lateEvening)).toBe('2026-08-15');
    expect(todayIn('Europe/Berlin', lateEvening)).toBe('2026-08-16');
    expect(todayIn('Not/AZone', lateEvening)).toBe('2026-08-15');
  });
});
