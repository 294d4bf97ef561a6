import { KpiSummary } from '../../datasource/types';
import { formatTarget, todayIn } from './formatTarget';

const kpi = (fields: Partial<KpiSummary>): KpiSummary => ({ id: 'k', name: 'K', ...fields });
const NOW = new Date('2026-08-15T12:00:00Z');

describe('formatTarget', () => {
  it('shows a static target', () => {
    expect(formatTarget(kpi({ target: { value: 0.995 } }), NOW)).toBe('0.995');
    expect(formatTarget(kpi({ target: { value: 0 } }), NOW)).toBe('0');
  });

  it('shows the scheduled target in force', () => {
    const schedule = [
      { from: '2026-07-01', value: 0.97 },
      { from: '2026-01-01', value: 0.95 },
    ];
    expect(formatTarget(kpi({ target: { schedule } }), NOW)).toBe('0.97 (since 2026-07-01)');
    expect(formatTarget(kpi({ target: { schedule } }), new Date('2025-12-01T00:00:00Z'))).toBe('from 2026-07-01');
  });

  it('describes a baseline target', () => {
    const baseline = { periods: 4, every: '1w', statistic: 'median', improvement: 0.05 };
    expect(formatTarget(kpi({ target: { baseline } }), NOW)).toBe('median of 4 × 1w, +5%');
  });

  it('shows a dash without a target', () => {
    expect(formatTarget(kpi({}), NOW)).toBe('–');
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
