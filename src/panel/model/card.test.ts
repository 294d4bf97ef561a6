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
