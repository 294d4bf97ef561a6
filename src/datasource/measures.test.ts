import { isMeasure, isSloMeasure, measureProblem, sloBurnMeasures, windowSeconds } from './measures';
import { Slo } from './types';

const SLOS: Slo[] = [
  {
    name: '99.5-28d',
    objective: 0.995,
    window: { rolling: '28d' },
    budgeting: { method: 'occurrences' },
    alerting: {
      pairs: [
        { severity: 'warning', long: '1d', short: '2h', factor: 2.8 },
        { severity: 'critical', long: '1h', short: '5m', factor: 13.44 },
      ],
    },
  },
  {
    name: 'monthly',
    objective: 0.99,
    window: { calendar: 'month' },
    budgeting: { method: 'timeslices', slice: '5m', sliceTarget: 0.95 },
    alerting: {
      pairs: [
        { severity: 'critical', long: '1h', short: '5m', factor: 14.4 },
        // A compound window (the backend accepts burn_rate_1h30m).
        { severity: 'warning', long: '1h30m', short: '10m', factor: 3 },
        // A window the measure names cannot express is left out.
        { severity: 'info', long: '1.5h', short: '10m', factor: 2 },
      ],
    },
  },
  {
    name: 'hourly',
    objective: 0.9,
    window: { rolling: '1h' },
    budgeting: { method: 'occurrences' },
    alerting: { pairs: null },
  },
];

describe('measureProblem', () => {
  it.each([
    'series',
    'value',
    'status',
    'sli',
    'budget_remaining',
    'budget_events_total',
    'budget_time_consumed',
    'time_to_exhaustion',
    'budget_burndown',
    'burn_rates',
    'burn_pairs',
    'slo',
    'burn_rate_5m',
    'burn_rate_1h',
    'burn_rate_3d',
    'burn_rate_30s',
    'burn_rate_2w',
    'burn_rate_90m',
    'burn_pair_5m_1h',
    'burn_pair_6h_3d',
    'burn_pair_30m_6h',
    'burn_rate_1h30m',
    'burn_rate_1d12h',
    'burn_rate_1w2d',
    'burn_rate_2h30m15s',
    'burn_pair_10m_1h30m',
    'burn_pair_1h30m_1d6h',
  ])('accepts %s', (measure) => {
    expect(measureProblem(measure)).toBeUndefined();
    expect(isMeasure(measure)).toBe(true);
  });

  it.each([
    ['burn_rate_', 'names no window'],
    ['burn_rate_1.5h', 'is not a window'],
    ['burn_rate_05m', 'is not a window'],
    ['burn_rate_0m', 'is not a window'],
    ['burn_rate_30m1h', 'is not a window'],
    ['burn_rate_1h1h', 'is not a window'],
    ['burn_rate_1h05m', 'is not a window'],
    ['burn_rate_1h0m', 'is not a window'],
    ['burn_rate_1h30', 'is not a window'],
    ['burn_rate_5ms', 'is not a window'],
    ['burn_rate_1H', 'is not a window'],
    ['burn_pair_5m', 'is not an alert pair'],
    ['burn_pair_5m_1h_6h', 'is not an alert pair'],
    ['burn_pair__1h', 'names no short window'],
    ['burn_pair_5m_', 'names no long window'],
    ['burn_pair_5x_1h', 'is not a short window'],
    ['burn_pair_1h_5m', 'the short window comes first'],
    ['burn_pair_60m_1h', 'the short window comes first'],
    ['burn_pair_1h30m_90m', 'the short window comes first'],
    ['latency', 'is not a measure'],
    ['Value', 'is not a measure'],
    ['burnrate_1h', 'is not a measure'],
  ])('refuses %s: %s', (measure, message) => {
    expect(measureProblem(measure)).toContain(message);
    expect(isMeasure(measure)).toBe(false);
  });

  it('tells SLO measures from KPI measures', () => {
    expect(isSloMeasure('attainment')).toBe(false);
    expect(isSloMeasure('budget_total')).toBe(true);
    expect(isSloMeasure('burn_pair_5m_1h')).toBe(true);
    expect(isSloMeasure('burn_rate_x')).toBe(false);
  });
});

describe('windowSeconds', () => {
  it.each([
    ['5m', 300],
    ['1h30m', 5400],
    ['1d12h', 129600],
    ['1w', 604800],
    ['1y', 31536000],
  ])('%s is %d seconds', (window, seconds) => {
    expect(windowSeconds(window)).toBe(seconds);
  });

  it.each(['', '1.5h', '30m1h', '5ms', 'h'])('%s is no window', (window) => {
    expect(windowSeconds(window)).toBeUndefined();
  });
});

describe('sloBurnMeasures', () => {
  it("names every window and pair of the SLOs' alert pairs once, shortest first", () => {
    const { rates, pairs } = sloBurnMeasures(SLOS);

    expect(rates.map((rate) => rate.measure)).toEqual([
      'burn_rate_5m',
      'burn_rate_10m',
      'burn_rate_1h',
      'burn_rate_1h30m',
      'burn_rate_2h',
      'burn_rate_1d',
    ]);
    expect(rates[0].sources).toEqual(['99.5-28d', 'monthly']);
    expect(pairs.map((pair) => pair.measure)).toEqual(['burn_pair_5m_1h', 'burn_pair_10m_1h30m', 'burn_pair_2h_1d']);
    expect(pairs[0].sources).toEqual(['critical, 13.44× (99.5-28d)', 'critical, 14.4× (monthly)']);
  });

  it('has nothing for SLOs without pairs', () => {
    expect(sloBurnMeasures([SLOS[2]])).toEqual({ rates: [], pairs: [] });
  });
});
