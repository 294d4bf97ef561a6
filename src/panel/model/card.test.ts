import { createDataFrame, createTheme, FieldType, formattedValueToString, getValueFormat } from '@grafana/data';

import { hourlyTimes, KpiSpec, northstarFrames } from '../testing/northstarFrames';
import { attainmentOf, buildCard, CardContext, KpiCardModel } from './card';
import { isMissingDelta } from './delta';
import { MINUS } from './format';
import { northstarInputs } from './northstar';
import { seriesInputs } from './genericSeries';
import { DEFAULT_OPTIONS } from '../defaults';

const end = Date.UTC(2026, 10, 23, 12);
const times = hourlyTimes(24, end);
const ctx: CardContext = {
  theme: createTheme(),
  now: end,
  rangeEnd: end,
  staleAfter: 3600,
  reducer: 'lastNotNull',
  includeZero: false,
};

const checkout: KpiSpec = {
  id: 'checkout_success_rate',
  name: 'Checkout success rate',
  unit: 'percentunit',
  decimals: 1,
  direction: 'higher',
  owner: 'team-payments',
  target: 0.995,
  thresholds: { warning: 0.99, critical: 0.98 },
  comparisonLabel: 'previous 7 days',
  lastSample: new Date(end).toISOString(),
  times,
  series: times.map((_, i) => 0.99 + i / 10000),
  measures: { value: 0.992, previous: 0.995, target: 0.995, status: 1 },
};

const fmt = (unit: string, value: number, decimals?: number) =>
  formattedValueToString(getValueFormat(unit)(value, decimals));

function card(spec: KpiSpec, context: CardContext = ctx): KpiCardModel {
  const [input] = northstarInputs(northstarFrames(spec));
  return buildCard(input, context);
}

describe('buildCard from Northstar frames', () => {
  it('formats value and target with the KPI unit and decimals', () => {
    const model = card(checkout);
    expect(model.value.text).toBe(fmt('percentunit', 0.992, 1));
    expect(model.target).toMatchObject({ kind: 'set', text: fmt('percentunit', 0.995, 1) });
  });

  it('computes attainment as value / target when higher is better', () => {
    const model = card(checkout);
    expect(model.target.kind === 'set' && model.target.attainment?.text).toBe(fmt('percentunit', 0.992 / 0.995, 1));
  });

  it('reads the card as the sentence of the brief', () => {
    const points = (Math.abs(0.992 - 0.995) * 100).toFixed(1);
    expect(card(checkout).ariaLabel).toBe(
      `Checkout success rate 99.2 percent, target 99.5 percent, warning, down ${points} points versus previous 7 days`
    );
  });

  it('colours a drop as bad when higher is better and as good when lower is better', () => {
    const higher = card(checkout).delta;
    const lower = card({ ...checkout, direction: 'lower' }).delta;
    expect(higher && !isMissingDelta(higher) && higher.sentiment).toBe('bad');
    expect(lower && !isMissingDelta(lower) && lower.sentiment).toBe('good');
  });

  it('says so when there is no target', () => {
    const model = card({ ...checkout, target: null, thresholds: undefined, measures: { value: 3, target: null } });
    expect(model.target).toEqual({ kind: 'none', text: 'No target' });
    expect(model.status.level).toBe('none');
    expect(model.ariaLabel).toContain(', no target');
  });

  it.each([
    [Number.NaN, '\u2014', 'Upstream value is NaN'],
    [Number.POSITIVE_INFINITY, '+\u221e', 'Upstream value is +Infinity'],
    [Number.NEGATIVE_INFINITY, `${MINUS}\u221e`, 'Upstream value is -Infinity'],
    [null, '\u2014', 'No data in range'],
  ])('renders %p as %p and says why', (value, text, problem) => {
    const model = card({ ...checkout, measures: { value, previous: 0.995 } });
    expect(model.value).toMatchObject({ text, problem });
    expect(model.status.level).toBe('nodata');
    expect(model.delta && isMissingDelta(model.delta) && model.delta.missing).toBe('No current value to compare');
  });

  it('handles zero and negative values', () => {
    const zero = card({
      ...checkout,
      unit: 'short',
      target: 10,
      thresholds: undefined,
      measures: { value: 0, previous: 0 },
    });
    expect(zero.value.text).toBe(fmt('short', 0, 1));
    expect(zero.delta && !isMissingDelta(zero.delta) && zero.delta.fractionText).toBeUndefined(); // previous 0
    expect(zero.target.kind === 'set' && zero.target.attainment).toBeUndefined();
    const negative = card({
      ...checkout,
      unit: 'currencyUSD',
      decimals: 0,
      measures: { value: -1200, previous: -1000 },
    });
    expect(negative.value.text).toBe(fmt('currencyUSD', -1200, 0));
    const delta = negative.delta;
    expect(delta && !isMissingDelta(delta) && delta.fractionText).toBe(`${MINUS}20%`);
  });

  it('formats huge and tiny numbers with Grafana units', () => {
    const huge = card({ ...checkout, unit: 'short', decimals: undefined, measures: { value: 1.2e12 } });
    expect(huge.value.text).toBe(fmt('short', 1.2e12));
    const tiny = card({ ...checkout, unit: 'percentunit', decimals: undefined, measures: { value: 3e-7 } });
    expect(tiny.value.text).toBe(fmt('percentunit', 3e-7));
  });

  it('reduces the series when only the series was asked for', () => {
    const model = card({ ...checkout, measures: {} });
    const series = checkout.series ?? [];
    expect(model.value.raw).toBe(series[series.length - 1]);
  });

  it('flags stale data and says so in the sentence', () => {
    const model = card({ ...checkout, lastSample: new Date(end - 3 * 3600_000).toISOString() });
    expect(model.freshness?.stale).toBe(true);
    expect(model.ariaLabel).toContain('data stale, last sample 3 hours ago');
  });
});

describe('buildCard from plain series', () => {
  it('uses field thresholds for status and zones', () => {
    const frame = createDataFrame({
      fields: [
        { name: 'time', type: FieldType.time, values: [0, 1, 2, 3] },
        {
          name: 'cpu',
          type: FieldType.number,
          values: [50, 60, 85, 95],
          config: {
            unit: 'percent',
            thresholds: {
              mode: 'absolute' as never,
              steps: [
                { value: -Infinity, color: 'green' },
                { value: 80, color: 'orange' },
                { value: 90, color: 'red' },
              ],
            },
          },
        },
      ],
    });
    const [input] = seriesInputs([frame], DEFAULT_OPTIONS.series);
    const model = buildCard(input, ctx);
    expect(model.status.level).toBe('critical');
    expect(model.sparkline?.zones.map((z) => z.level)).toEqual(['warning', 'critical']);
  });
});

describe('attainmentOf', () => {
  it('inverts for lower is better and refuses non-positive numbers', () => {
    expect(attainmentOf(200, 250, 'lower')).toBe(250 / 200);
    expect(attainmentOf(0, 250, 'lower')).toBeUndefined();
    expect(attainmentOf(-5, 10, 'higher')).toBeUndefined();
    expect(attainmentOf(5, 10, 'higher', 0.7)).toBe(0.7);
  });
});

describe('cards that tell the truth', () => {
  it('a firing page-severity pair makes the card Critical over the Warning value', () => {
    const model = card({
      ...checkout,
      measures: { ...checkout.measures, burn_pair_5m_1h: 1, burn_pair_6h_3d: 0 },
      measureLabels: {
        burn_pair_5m_1h: { slo: '99.9-28d', severity: 'critical' },
        burn_pair_6h_3d: { slo: '99.9-28d', severity: 'warning' },
      },
    });
    expect(model.status).toMatchObject({ level: 'critical', source: 'slo' });
    expect(model.slo?.pairs.map((p) => [p.short, p.level, p.firing])).toEqual([
      ['5m', 'critical', true],
      ['6h', 'warning', false],
    ]);
    expect(model.ariaLabel).toContain(', critical, ');
  });

  it('infers lower is better from thresholds that go critical upwards: a rise is bad', () => {
    const model = card({
      ...checkout,
      direction: null,
      unit: 'ms',
      target: undefined,
      thresholds: { warning: 300, critical: 500 },
      measures: { value: 600, previous: 400 },
    });
    expect(model.direction).toBe('lower');
    expect(model.directionSource).toBe('kpi-thresholds');
    expect(model.status.level).toBe('critical');
    expect(model.delta && !isMissingDelta(model.delta) && model.delta.sentiment).toBe('bad');
  });

  it('a change that rounds to zero at the KPI decimals is neutral', () => {
    const model = card({ ...checkout, decimals: 2, measures: { value: 0.9957966, previous: 0.9957776 } });
    expect(model.delta && !isMissingDelta(model.delta) && [model.delta.sentiment, model.delta.changeText]).toEqual([
      'neutral',
      '\u00B10 pp',
    ]);
  });

  it('a change that rounds to zero at automatic decimals is neutral too', () => {
    const model = card({ ...checkout, decimals: undefined, measures: { value: 0.99579, previous: 0.99577 } });
    expect(model.value.text).toBe(fmt('percentunit', 0.99579));
    expect(model.delta && !isMissingDelta(model.delta) && model.delta.sentiment).toBe('neutral');
  });

  describe('sum KPIs', () => {
    const steps = times.map((_, i) => 100 + (i % 3) * 10);
    const total = steps.reduce((a, b) => a + b, 0);
    const orders: KpiSpec = {
      ...checkout,
      unit: 'short',
      decimals: 0,
      thresholds: undefined,
      target: 3000,
      series: steps,
      targetSeries: times.map(() => 3000),
      measures: { value: total, target: 3000 },
    };

    it('the value being the total of the steps, the sparkline is the running total against the period target', () => {
      const model = card(orders);
      expect(model.sparkline?.mode).toBe('running-total');
      expect(model.sparkline?.domain).toEqual({ min: 0, max: 3000 });
      expect(model.sparkline?.rangeText).toBe(`0 to ${fmt('short', 3000, 0)}`);
    });

    it('without a period target: the steps as they are, no total on the scale', () => {
      const model = card({ ...orders, target: undefined, targetSeries: undefined, measures: { value: total } });
      expect(model.sparkline?.mode).toBe('values');
      expect(model.sparkline?.domain).toEqual({ min: 100, max: 120 });
      expect(model.sparkline?.target).toBeUndefined();
    });

    it('with the target band off: the steps, without the target', () => {
      const model = card(orders, { ...ctx, targetBand: false });
      expect(model.sparkline?.mode).toBe('values');
      expect(model.sparkline?.domain.max).toBe(120);
    });

    it('the frames may name the aggregation; other aggregations keep the values', () => {
      expect(card({ ...orders, aggregation: 'sum', measures: { value: 5, target: 3000 } }).sparkline?.mode).toBe(
        'running-total'
      );
      expect(card({ ...orders, aggregation: 'last' }).sparkline?.mode).toBe('values');
    });

    it('a mean or a last value is never taken for a total', () => {
      expect(card({ ...orders, measures: { value: 110, target: 3000 } }).sparkline?.mode).toBe('values');
    });
  });

  it('"No value" replaces the dash when there is no value; the reason stays', () => {
    const model = card({ ...checkout, config: { noValue: 'Not reported' }, measures: { value: null } });
    expect(model.value).toMatchObject({ text: 'Not reported', problem: 'No data in range' });
    expect(model.ariaLabel).toContain('Not reported, no data in range');
  });

  it('value mappings name the value, never the target or the scale', () => {
    const mappings = [
      { type: 'range', options: { from: 0.9, to: 1, result: { text: 'Healthy', color: 'blue', index: 0 } } },
    ];
    const model = card({ ...checkout, config: { mappings } });
    expect(model.value.text).toBe('Healthy');
    expect(model.target.kind === 'set' && model.target.text).toBe(fmt('percentunit', 0.995, 1));
    expect(model.sparkline?.rangeText).not.toContain('Healthy');
    expect(model.sparkline?.rangeText).toMatch(/^\d+\.\d% to \d+\.\d%$/);
    expect(model.color).toEqual({ kind: 'fixed', color: ctx.theme.visualization.getColorByName('blue') });
  });

  it('keeps the KPI name and the dimension values apart', () => {
    const model = card({ ...checkout, dimensions: { region: 'eu-west' } });
    expect(model).toMatchObject({
      name: 'Checkout success rate (eu-west)',
      title: 'Checkout success rate',
      dimensions: [{ name: 'region', value: 'eu-west' }],
    });
  });

  it('freshness allows one step of the series before calling data stale', () => {
    const twoHours = times.filter((_, i) => i % 2 === 0);
    const model = card(
      {
        ...checkout,
        times: twoHours,
        series: twoHours.map(() => 0.99),
        lastSample: new Date(end - 80 * 60_000).toISOString(),
      },
      { ...ctx, staleAfter: 3600 }
    );
    expect(model.freshness).toMatchObject({ stale: false, text: 'Last sample 1 h 20 min ago' });
  });
});

describe('plain series with the Sum reducer', () => {
  it('draw the running total of the current period (from the middle of the range) against the target', () => {
    const frame = createDataFrame({
      fields: [
        { name: 'time', type: FieldType.time, values: times },
        { name: 'signups', type: FieldType.number, values: times.map(() => 10), config: { custom: { target: 150 } } },
      ],
    });
    const window = { from: times[0], to: end };
    const [input] = seriesInputs([frame], { ...DEFAULT_OPTIONS.series, reducer: 'sum' }, window);
    const model = buildCard(input, ctx);
    expect(model.value.raw).toBe(120); // the second half: 12 hours of 10
    expect(model.sparkline?.mode).toBe('running-total');
    expect(model.sparkline?.domain).toEqual({ min: 0, max: 150 });
    expect(model.sparkline?.line.match(/M/g)).toHaveLength(2); // the first half, then the current period
  });
});
