import { attainmentPeriods, durationMs, nominalWindowMs } from './periods';

const NOW = Date.UTC(2026, 10, 19, 21, 20); // Thursday 19 November 2026, 22:20 in Berlin
const iso = (ms: number) => new Date(ms).toISOString();

describe('attainmentPeriods', () => {
  it('calendar months in the time zone: this month so far, then whole months, across the DST change', () => {
    const periods = attainmentPeriods({ calendar: 'month' }, 'Europe/Berlin', NOW);
    expect(periods.map((p) => [iso(p.from), iso(p.to), p.current])).toEqual([
      ['2026-10-31T23:00:00.000Z', iso(NOW), true],
      ['2026-09-30T22:00:00.000Z', '2026-10-31T23:00:00.000Z', false],
      ['2026-08-31T22:00:00.000Z', '2026-09-30T22:00:00.000Z', false],
      ['2026-07-31T22:00:00.000Z', '2026-08-31T22:00:00.000Z', false],
      ['2026-06-30T22:00:00.000Z', '2026-07-31T22:00:00.000Z', false],
      ['2026-05-31T22:00:00.000Z', '2026-06-30T22:00:00.000Z', false],
    ]);
  });

  it('12 calendar weeks from Monday midnight', () => {
    const periods = attainmentPeriods({ calendar: 'week' }, 'Europe/Berlin', NOW);
    expect(periods).toHaveLength(12);
    expect(iso(periods[0].from)).toBe('2026-11-15T23:00:00.000Z');
    expect(iso(periods[1].from)).toBe('2026-11-08T23:00:00.000Z');
    // The week of the DST change (25 October) is an hour longer.
    const dst = periods.find((p) => iso(p.from) === '2026-10-18T22:00:00.000Z');
    expect(dst && dst.to - dst.from).toBe(7 * 86_400_000 + 3_600_000);
  });

  it('4 quarters, in UTC without a time zone', () => {
    const periods = attainmentPeriods({ calendar: 'quarter' }, undefined, NOW);
    expect(periods.map((p) => iso(p.from))).toEqual([
      '2026-10-01T00:00:00.000Z',
      '2026-07-01T00:00:00.000Z',
      '2026-04-01T00:00:00.000Z',
      '2026-01-01T00:00:00.000Z',
    ]);
  });

  it('6 rolling windows back to back, ending now', () => {
    const day = 86_400_000;
    const periods = attainmentPeriods({ rolling: '28d' }, 'Europe/Berlin', NOW);
    expect(periods).toHaveLength(6);
    expect(periods[0]).toEqual({ from: NOW - 28 * day, to: NOW, current: true });
    expect(periods[5]).toEqual({ from: NOW - 168 * day, to: NOW - 140 * day, current: false });
  });

  it('has no period for a window it cannot read', () => {
    expect(attainmentPeriods({ rolling: 'soon' }, undefined, NOW)).toEqual([]);
  });
});

describe('durations', () => {
  it('reads Prometheus-style durations and nominal calendar lengths', () => {
    expect(durationMs('28d')).toBe(28 * 86_400_000);
    expect(durationMs('1h30m')).toBe(5_400_000);
    expect(durationMs('1y')).toBeUndefined();
    expect(nominalWindowMs({ calendar: 'month' })).toBe(31 * 86_400_000);
    expect(nominalWindowMs({ rolling: '7d' })).toBe(7 * 86_400_000);
  });
});
