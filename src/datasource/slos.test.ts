import { describeSlo, formatBudgeting, formatPercent, formatSloWindow } from './slos';

describe('SLO texts', () => {
  it('writes objectives as percentages without float noise', () => {
    expect(formatPercent(0.999)).toBe('99.9%');
    expect(formatPercent(0.9995)).toBe('99.95%');
    expect(formatPercent(0.995)).toBe('99.5%');
    expect(formatPercent(0.95)).toBe('95%');
  });

  it('names rolling and calendar windows', () => {
    expect(formatSloWindow({ rolling: '28d' })).toBe('rolling 28d');
    expect(formatSloWindow({ calendar: 'quarter' })).toBe('calendar quarter');
  });

  it('names the budgeting method with its slices', () => {
    expect(formatBudgeting({ method: 'occurrences' })).toBe('occurrences');
    expect(formatBudgeting({ method: 'timeslices', slice: '5m', sliceTarget: 0.95 })).toBe(
      'timeslices (5m slices good at 95%)'
    );
    expect(formatBudgeting({ method: 'ratioTimeslices', slice: '1m' })).toBe('ratio timeslices (1m slices)');
  });

  it('describes an SLO by objective, window and method', () => {
    const slo = {
      name: 'monthly',
      objective: 0.99,
      window: { calendar: 'month' as const },
      budgeting: { method: 'occurrences' as const },
      alerting: {},
    };
    expect(describeSlo(slo)).toBe('99% · calendar month · occurrences');
  });
});
