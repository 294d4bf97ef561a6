import { burnScale, linear, linePath, niceTicks, timeTicks, valueExtent } from './chartGeometry';

describe('chart geometry', () => {
  it('extents skip missing values, pad a flat line and can include zero', () => {
    expect(valueExtent([3, null, Number.NaN, 1, Number.POSITIVE_INFINITY])).toEqual({ min: 1, max: 3 });
    expect(valueExtent([2, 2])).toEqual({ min: 1.9, max: 2.1 });
    expect(valueExtent([0.5, 0.7], true)).toEqual({ min: 0, max: 0.7 });
    expect(valueExtent([null])).toBeUndefined();
  });

  it('maps linearly, upside down for SVG y', () => {
    const y = linear({ min: 0, max: 10 }, 100, 0);
    expect(y(0)).toBe(100);
    expect(y(10)).toBe(0);
    expect(y(2.5)).toBe(75);
  });

  it('breaks lines at gaps and draws a lone point as a dot', () => {
    const x = (t: number) => t * 10;
    const y = (v: number) => v;
    expect(linePath([0, 1, 2, 3, 4], [1, 2, null, 4, null], x, y)).toBe('M0 1L10 2M30 4l0 0');
    expect(linePath([0, 1], [null, null], x, y)).toBe('');
  });

  it('ticks are round values and whole hours or days', () => {
    expect(niceTicks({ min: 0.9812, max: 0.9991 }, 4)).toEqual([0.985, 0.99, 0.995]);
    expect(niceTicks({ min: -15.7, max: 1 }, 4)).toEqual([-15, -10, -5, 0]);
    const day = 86_400_000;
    const from = Date.UTC(2026, 10, 12, 21, 20);
    expect(timeTicks(from, from + 7 * day, 7)).toEqual(Array.from({ length: 7 }, (_, i) => Date.UTC(2026, 10, 13 + i)));
  });

  it('places burn rates on a log scale', () => {
    expect(burnScale(0, 100)).toBe(0);
    expect(burnScale(100, 100)).toBe(1);
    expect(burnScale(1000, 100)).toBe(1);
    expect(burnScale(9, 99)).toBeCloseTo(0.5, 10);
  });
});
