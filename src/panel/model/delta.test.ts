import { cardDelta, deltaNumbers, isMissingDelta, sentimentOf, trendOf } from './delta';
import { MINUS } from './format';

describe('deltaNumbers', () => {
  it('computes value − previous and the change relative to |previous|', () => {
    const value = 120;
    const previous = 100;
    expect(deltaNumbers(value, previous)).toEqual({
      change: value - previous,
      fraction: (value - previous) / previous,
    });
  });

  it('divides by the absolute previous value when it is negative', () => {
    const value = -50;
    const previous = -100;
    const result = deltaNumbers(value, previous);
    expect(result).toEqual({ change: value - previous, fraction: (value - previous) / Math.abs(previous) });
  });

  it('has no relative change when previous is 0', () => {
    expect(deltaNumbers(5, 0)).toEqual({ change: 5, fraction: null });
  });

  it("prefers the datasource's delta and delta_pct", () => {
    expect(deltaNumbers(10, 8, 2.5, 0.3)).toEqual({ change: 2.5, fraction: 0.3 });
  });

  it('says which side is missing', () => {
    expect(deltaNumbers(10, null)).toBe('no-previous');
    expect(deltaNumbers(null, 8)).toBe('no-current');
    expect(deltaNumbers(Number.NaN, 8)).toBe('no-current');
    expect(deltaNumbers(10, undefined)).toBeUndefined();
  });
});

describe('trend and sentiment', () => {
  it.each([
    [1, 'higher', 'up', 'good'],
    [-1, 'higher', 'down', 'bad'],
    [1, 'lower', 'up', 'bad'],
    [-1, 'lower', 'down', 'good'],
    [0, 'higher', 'flat', 'neutral'],
    [0, 'lower', 'flat', 'neutral'],
  ] as const)('change %p, %s is better → %s, %s', (change, direction, trend, sentiment) => {
    expect(trendOf(change)).toBe(trend);
    expect(sentimentOf(change, direction)).toBe(sentiment);
  });
});

describe('cardDelta', () => {
  const format = { unit: 'percentunit', decimals: 1, direction: 'higher' as const, periodLabel: 'previous 7 days' };

  it('describes a drop of a percentage in points, named by period', () => {
    const value = 0.992;
    const previous = 0.995;
    const delta = cardDelta({ value, previous }, format);
    if (!delta || isMissingDelta(delta)) {
      throw new Error('expected a delta');
    }
    const points = (Math.abs(value - previous) * 100).toFixed(1);
    expect(delta.changeText).toBe(`${MINUS}${points} pp`);
    expect(delta.sentiment).toBe('bad');
    expect(delta.periodText).toBe('vs previous 7 days');
    expect(delta.spoken).toBe(`down ${points} points versus previous 7 days`);
  });

  it('says unchanged for no change', () => {
    const delta = cardDelta({ value: 5, previous: 5 }, { ...format, unit: 'short' });
    expect(delta && !isMissingDelta(delta) && delta.spoken).toBe('unchanged versus previous 7 days');
  });

  it('names the missing period', () => {
    expect(cardDelta({ value: 5, previous: null }, format)).toEqual({
      missing: 'No data for previous 7 days',
      periodText: 'vs previous 7 days',
    });
  });

  it('is undefined when no comparison was asked for', () => {
    expect(cardDelta({ value: 5 }, format)).toBeUndefined();
  });
});

describe('a change that rounds to zero at the shown decimals is neutral', () => {
  const percent = { unit: 'percentunit', decimals: 2, direction: 'higher' as const, periodLabel: '7d earlier' };

  it('shows ±0 without arrow or colour, at the field decimals', () => {
    // 0.0019 pp at 2 decimals is 0.00 pp: nobody sees a rise.
    const delta = cardDelta({ value: 0.9957966, previous: 0.9957776 }, percent);
    if (!delta || isMissingDelta(delta)) {
      throw new Error('expected a delta');
    }
    expect(delta).toMatchObject({
      trend: 'flat',
      sentiment: 'neutral',
      changeText: '\u00B10 pp',
      fractionText: '\u00B10%',
      spoken: 'unchanged versus 7d earlier',
    });
  });

  it('uses the decimals the value is shown with when the field sets none', () => {
    const auto = { ...percent, decimals: undefined, displayDecimals: 1 };
    const small = cardDelta({ value: 0.99579, previous: 0.99577 }, auto);
    expect(small && !isMissingDelta(small) && small.sentiment).toBe('neutral');
    const visible = cardDelta({ value: 0.9962, previous: 0.995 }, auto);
    expect(visible && !isMissingDelta(visible) && visible.sentiment).toBe('good');
  });

  it('names the unit: ±0 req/s, ±$0, ±0', () => {
    const of = (unit: string) => {
      const delta = cardDelta({ value: 10.0001, previous: 10 }, { ...percent, unit, decimals: 0 });
      return delta && !isMissingDelta(delta) ? delta.changeText : undefined;
    };
    expect(of('reqps')).toBe('\u00B10 req/s');
    expect(of('currencyUSD')).toBe('\u00B1$0');
    expect(of('short')).toBe('\u00B10');
  });

  it('an exact zero is neutral too, and a visible change is not', () => {
    const zero = cardDelta({ value: 5, previous: 5 }, { ...percent, unit: 'short' });
    expect(zero && !isMissingDelta(zero) && zero.changeText).toBe('\u00B10');
    const rise = cardDelta({ value: 0.996, previous: 0.995 }, percent);
    expect(rise && !isMissingDelta(rise) && [rise.trend, rise.sentiment, rise.changeText]).toEqual([
      'up',
      'good',
      '+0.10 pp',
    ]);
  });
});
