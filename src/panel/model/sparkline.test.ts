import {
  extentOf,
  kpiZones,
  linePath,
  runningTotal,
  scaleX,
  scaleY,
  sparklineGeometry,
  stepZones,
  thin,
  valueDomain,
  VIEW_HEIGHT,
  VIEW_WIDTH,
  zoneRects,
} from './sparkline';

const r = (n: number) => Math.round(n * 100) / 100;

describe('vertical scale', () => {
  it('spans the data and the target, nothing more', () => {
    expect(valueDomain([3, 5, null, 4], [6], false)).toEqual({ min: 3, max: 6 });
  });

  it('includes zero on request', () => {
    expect(valueDomain([3, 5], [], true)).toEqual({ min: 0, max: 5 });
    expect(valueDomain([-3, -5], [], true)).toEqual({ min: -5, max: 0 });
  });

  it('pads a flat series by 5% of its value (1 for zero)', () => {
    expect(valueDomain([10, 10], [], false)).toEqual({ min: 10 - 0.5, max: 10 + 0.5 });
    expect(valueDomain([0, 0], [], false)).toEqual({ min: -1, max: 1 });
  });

  it('ignores NaN and infinities', () => {
    expect(extentOf([1, Number.NaN, Number.POSITIVE_INFINITY, 2, Number.NEGATIVE_INFINITY])).toEqual({
      min: 1,
      max: 2,
    });
    expect(valueDomain([null, Number.NaN], [], false)).toBeUndefined();
  });

  it('maps the domain onto the view, top is high', () => {
    const domain = { min: 10, max: 20 };
    expect(scaleY(20, domain)).toBe(0);
    expect(scaleY(10, domain)).toBe(VIEW_HEIGHT);
    expect(scaleY(12.5, domain)).toBe(VIEW_HEIGHT * 0.75);
    expect(scaleX(150, { min: 100, max: 200 })).toBe(VIEW_WIDTH / 2);
  });
});

describe('line path', () => {
  it('breaks at gaps', () => {
    const series = { times: [0, 1, 2, 3], values: [0, 10, null, 5] };
    const domain = { min: 0, max: 10 };
    const times = { min: 0, max: 3 };
    const { path, end } = linePath(series, times, domain);
    const x = (t: number) => r(scaleX(t, times));
    const y = (v: number) => r(scaleY(v, domain));
    expect(path).toBe(`M${x(0)} ${y(0)}L${x(1)} ${y(10)}M${x(3)} ${y(5)}`);
    expect(end).toEqual({ x: x(3), y: y(5) });
  });
});

describe('thinning', () => {
  it('keeps short series as they are', () => {
    const series = { times: [1, 2, 3], values: [1, 2, 3] };
    expect(thin(series, 10)).toBe(series);
  });

  it('keeps the extremes of long series', () => {
    const n = 1000;
    const values = Array.from({ length: n }, (_, i) => Math.sin(i / 10));
    values[437] = 50;
    values[712] = -50;
    const series = { times: values.map((_, i) => i), values };
    const thinned = thin(series, 100);
    expect(thinned.values.length).toBeLessThanOrEqual(102);
    expect(thinned.values).toContain(50);
    expect(thinned.values).toContain(-50);
    expect(thinned.times[0]).toBe(0);
    expect(thinned.times[thinned.times.length - 1]).toBe(n - 1);
  });
});

describe('target band zones', () => {
  it('puts critical below critical and warning between, when higher is better', () => {
    expect(kpiZones({ warning: 0.99, critical: 0.98 }, 'higher')).toEqual([
      { from: -Infinity, to: 0.98, level: 'critical' },
      { from: 0.98, to: 0.99, level: 'warning' },
    ]);
  });

  it('mirrors the zones when lower is better', () => {
    expect(kpiZones({ warning: 300, critical: 500 }, 'lower')).toEqual([
      { from: 300, to: 500, level: 'warning' },
      { from: 500, to: Infinity, level: 'critical' },
    ]);
  });

  it('turns field threshold steps into zones by level', () => {
    expect(
      stepZones([
        { value: -Infinity, level: 'ok' },
        { value: 80, level: 'warning' },
        { value: 90, level: 'critical' },
      ])
    ).toEqual([
      { from: 80, to: 90, level: 'warning' },
      { from: 90, to: Infinity, level: 'critical' },
    ]);
  });

  it('clips zones to the domain and drops those outside', () => {
    const domain = { min: 0.975, max: 1 };
    const rects = zoneRects(kpiZones({ warning: 0.99, critical: 0.98 }, 'higher'), domain);
    const y = (v: number) => r(scaleY(v, domain));
    expect(rects).toEqual([
      { y: y(0.98), height: r(y(0.975) - y(0.98)), level: 'critical' },
      { y: y(0.99), height: r(y(0.98) - y(0.99)), level: 'warning' },
    ]);
    expect(zoneRects([{ from: 2, to: 3, level: 'warning' }], domain)).toEqual([]);
  });
});

describe('sparklineGeometry', () => {
  it('includes the target in the scale and draws it flat', () => {
    const geometry = sparklineGeometry({
      series: { times: [0, 1], values: [1, 2] },
      target: 4,
      zones: [],
      includeZero: false,
    });
    expect(geometry?.domain).toEqual({ min: 1, max: 4 });
    expect(geometry?.target).toBe(`M0 0L${VIEW_WIDTH} 0`);
  });

  it('counts the non-finite samples it leaves out', () => {
    const geometry = sparklineGeometry({
      series: { times: [0, 1, 2, 3], values: [1, Number.NaN, Number.POSITIVE_INFINITY, 2] },
      zones: [],
      includeZero: false,
    });
    expect(geometry?.nonFinite).toBe(2);
  });

  it('has nothing to draw without finite values', () => {
    expect(
      sparklineGeometry({ series: { times: [0], values: [null] }, zones: [], includeZero: false })
    ).toBeUndefined();
  });
});

describe('running total (additive KPIs)', () => {
  it('adds up the steps; gaps stay gaps and the total carries on after them', () => {
    expect(runningTotal({ times: [0, 1, 2, 3], values: [2, null, 3, Number.NaN] })).toEqual({
      times: [0, 1, 2, 3],
      values: [2, null, 5, null],
    });
  });

  it('starts again from zero, after a gap, where the current period starts', () => {
    expect(runningTotal({ times: [0, 1, 2, 3], values: [1, 1, 1, 1] }, 2)).toEqual({
      times: [0, 1, 2, 2, 3],
      values: [1, 2, null, 1, 2],
    });
  });

  it('draws the total against the period target on a scale from zero', () => {
    const geometry = sparklineGeometry({
      series: { times: [0, 1, 2, 3], values: [100, 120, 110, 130] },
      target: 600,
      zones: [],
      includeZero: false,
      mode: 'running-total',
    });
    expect(geometry?.mode).toBe('running-total');
    expect(geometry?.domain).toEqual({ min: 0, max: 600 });
    expect(geometry?.end).toEqual({ x: VIEW_WIDTH, y: r(VIEW_HEIGHT - (460 / 600) * VIEW_HEIGHT) });
    expect(geometry?.target).toBe(`M0 0L${VIEW_WIDTH} 0`);
  });

  it('without the target band the target neither shows nor stretches the scale', () => {
    const geometry = sparklineGeometry({
      series: { times: [0, 1], values: [100, 120] },
      target: 6000,
      zones: [{ from: -Infinity, to: 5000, level: 'critical' }],
      includeZero: false,
      targetBand: false,
    });
    expect(geometry?.domain).toEqual({ min: 100, max: 120 });
    expect(geometry?.target).toBeUndefined();
    expect(geometry?.zones).toEqual([]);
  });
});
