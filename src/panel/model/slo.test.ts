import { formattedValueToString, getValueFormat } from '@grafana/data';

import { SloMeasures } from './input';
import {
  BUDGET_WARNING_BELOW,
  budgetLevel,
  budgetModel,
  burnPairs,
  exhaustionModel,
  formatRate,
  sloModel,
} from './slo';

/** The SRE workbook example: 99.9 % over 30 days, 10,000 requests an hour, 2,880 bad in the window. */
const objective = 0.999;
const periodHours = 720;
const total = 10_000 * periodHours;
const bad = 2_880;
const remaining = (1 - objective - bad / total) / (1 - objective);
const lastHourBurn = 144 / 10_000 / (1 - objective);
const exhaustionSeconds = ((remaining * periodHours) / lastHourBurn) * 3600;

const pct = (fraction: number) => formattedValueToString(getValueFormat('percentunit')(fraction, 1));

describe('error budget', () => {
  it('shows the remaining fraction of the worked example', () => {
    const budget = budgetModel(remaining);
    expect(budget && 'text' in budget && budget.text).toBe(`${pct(remaining)} left`);
    expect(budget && 'fill' in budget && budget.fill).toBeCloseTo(remaining, 10);
  });

  it('says overspent when negative, and fills nothing', () => {
    const budget = budgetModel(-0.2);
    expect(budget).toMatchObject({ fill: 0, level: 'critical', text: `overspent by ${pct(0.2)}` });
  });

  it('turns warning under the limit and critical at zero', () => {
    expect(budgetLevel(BUDGET_WARNING_BELOW)).toBe('ok');
    expect(budgetLevel(BUDGET_WARNING_BELOW - 0.01)).toBe('warning');
    expect(budgetLevel(0)).toBe('critical');
  });

  it('says unknown for null and NaN, and is absent when not asked for', () => {
    expect(budgetModel(null)).toEqual({ missing: 'Error budget unknown' });
    expect(budgetModel(Number.NaN)).toEqual({ missing: 'Error budget unknown' });
    expect(budgetModel(undefined)).toBeUndefined();
  });
});

describe('burn pairs', () => {
  const slo: SloMeasures = {
    burnRates: { '5m': 16.2, '1h': lastHourBurn, '30m': 2.1, '6h': 1.9, '2h': 0.5, '1d': 0.4 },
    burnPairs: { '30m_6h': 0, '5m_1h': 1, '2h_1d': 0 },
  };

  it('sorts pairs by long window and splits them into fast and slow halves', () => {
    const pairs = burnPairs(slo);
    expect(pairs.map((p) => `${p.short}/${p.long}`)).toEqual(['5m/1h', '30m/6h', '2h/1d']);
    expect(pairs.map((p) => p.speed)).toEqual(['fast', 'fast', 'slow']);
  });

  it('says which pair fires and at what rate', () => {
    const [fast] = burnPairs(slo);
    expect(fast.firing).toBe(true);
    expect(fast.ratesText).toBe(`${(16.2).toFixed(1)}× / ${lastHourBurn.toFixed(1)}×`);
    expect(fast.text).toBe('Fast 5m/1h: firing');
  });

  it('treats a missing pair value as unknown', () => {
    const [pair] = burnPairs({ burnRates: {}, burnPairs: { '5m_1h': null } });
    expect(pair.firing).toBeNull();
    expect(pair.ratesText).toBe('? / ?');
  });

  it('formats rates', () => {
    expect(formatRate(14.4)).toBe('14.4×');
    expect(formatRate(250.4)).toBe('250×');
    expect(formatRate(null)).toBe('?');
  });

  it('lists rates that belong to no pair', () => {
    const model = sloModel({ burnRates: { '5m': 1, '1h': 2, '3d': 0.2 }, burnPairs: { '5m_1h': 0 } });
    expect(model.loneRates).toEqual([{ window: '3d', text: '0.2×' }]);
  });
});

describe('time to exhaustion', () => {
  it('is r·P/BR in the worked example (30 hours)', () => {
    expect(exhaustionSeconds).toBeCloseTo(30 * 3600, 6);
    expect(exhaustionModel(exhaustionSeconds)?.text).toBe('Exhausted in 1 d 6 h');
  });

  it('covers exhausted, not burning and unknown', () => {
    expect(exhaustionModel(0)?.text).toBe('Budget exhausted');
    expect(exhaustionModel(Number.POSITIVE_INFINITY)?.text).toBe('Not burning budget');
    expect(exhaustionModel(null)?.text).toBe('Exhaustion: unknown');
    expect(exhaustionModel(undefined)).toBeUndefined();
  });
});
