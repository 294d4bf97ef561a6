import { createDataFrame, DataFrameType, FieldType } from '@grafana/data';

import { hourlyTimes, northstarFrames } from '../testing/northstarFrames';
import { dimensionValues, isNorthstarFrame, labelsKey, northstarInputs } from './northstar';

const end = Date.UTC(2026, 10, 23, 12);
const times = hourlyTimes(24, end);
const series = times.map((_, i) => 0.99 + (i % 5) / 1000);

const checkout = {
  id: 'checkout_success_rate',
  name: 'Checkout success rate',
  unit: 'percentunit',
  decimals: 2,
  direction: 'higher' as const,
  owner: 'team-payments',
  category: 'commerce',
  description: 'Share of checkouts that succeed.',
  version: '3',
  target: 0.995,
  thresholds: { warning: 0.99, critical: 0.98 },
  comparisonLabel: 'previous 7 days',
  lastSample: '2026-11-23T12:00:00Z',
  times,
  series,
  targetSeries: times.map(() => 0.995),
  measures: { value: 0.992, previous: 0.995, delta: 0.992 - 0.995, delta_pct: (0.992 - 0.995) / 0.995, status: 1 },
};

describe('northstarInputs', () => {
  it('gathers all frames of a KPI into one input', () => {
    const inputs = northstarInputs(northstarFrames(checkout));
    expect(inputs).toHaveLength(1);
    const [input] = inputs;
    expect(input).toMatchObject({
      source: 'northstar',
      id: checkout.id,
      name: checkout.name,
      owner: checkout.owner,
      category: checkout.category,
      description: checkout.description,
      version: checkout.version,
      direction: 'higher',
      value: checkout.measures.value,
      previous: checkout.measures.previous,
      delta: checkout.measures.delta,
      deltaPct: checkout.measures.delta_pct,
      target: checkout.target,
      statusCode: 1,
      kpiThresholds: checkout.thresholds,
      comparisonLabel: 'previous 7 days',
      lastSample: Date.parse(checkout.lastSample),
    });
    expect(input.series).toEqual({ times, values: series });
    expect(input.targetSeries?.values).toEqual(checkout.targetSeries);
    expect(input.field.name).toBe('value');
    expect(input.field.config.unit).toBe('percentunit');
    expect(input.slo).toBeUndefined();
  });

  it('makes one card per dimension set, named with the dimension values', () => {
    const frames = [
      ...northstarFrames({ ...checkout, dimensions: { region: 'eu-west' } }),
      ...northstarFrames({ ...checkout, dimensions: { region: 'us-east' } }),
    ];
    const names = northstarInputs(frames).map((i) => i.name);
    expect(names).toEqual(['Checkout success rate (eu-west)', 'Checkout success rate (us-east)']);
  });

  it('keeps null measures as null (asked for, not computable) and absent ones undefined', () => {
    const [input] = northstarInputs(
      northstarFrames({ ...checkout, target: null, series: undefined, measures: { value: null, target: null } })
    );
    expect(input.value).toBeNull();
    expect(input.target).toBeNull();
    expect(input.previous).toBeUndefined();
    expect(input.series).toBeUndefined();
  });

  it('reads the SLO measures', () => {
    const [input] = northstarInputs(
      northstarFrames({
        ...checkout,
        measures: {
          value: 0.9996,
          budget_remaining: 0.6,
          burn_rate_5m: 16.2,
          burn_rate_1h: 14.4,
          burn_pair_5m_1h: 1,
          time_to_exhaustion: 108000,
          sli: 0.9996,
        },
      })
    );
    expect(input.slo).toEqual({
      budgetRemaining: 0.6,
      timeToExhaustion: 108000,
      sli: 0.9996,
      burnRates: { '5m': 16.2, '1h': 14.4 },
      burnPairs: { '5m_1h': 1 },
      pairSeverity: { '5m_1h': undefined },
    });
    expect(input.burnAlerts).toEqual([{ short: '5m', long: '1h', firing: 1, slo: undefined, severity: undefined }]);
  });

  it('takes freshness from the last non-null sample when meta has no lastSample', () => {
    const values: Array<number | null> = [...series];
    values[values.length - 1] = null;
    const [input] = northstarInputs(northstarFrames({ ...checkout, lastSample: undefined, series: values }));
    expect(input.lastSample).toBe(times[times.length - 2]);
  });

  it('ignores frames without Northstar metadata and the empty no-data frame', () => {
    const plain = createDataFrame({ fields: [{ name: 'value', type: FieldType.number, values: [1] }] });
    const empty = createDataFrame({ meta: { type: DataFrameType.NumericMulti, typeVersion: [0, 1] }, fields: [] });
    expect(isNorthstarFrame(plain)).toBe(false);
    expect(northstarInputs([plain, empty])).toEqual([]);
  });

  it('builds stable keys from labels', () => {
    expect(labelsKey({ region: 'eu', kpi: 'a' }, 'a')).toBe('kpi=a,region=eu');
    expect(labelsKey(undefined, 'a')).toBe('kpi=a');
    expect(dimensionValues({ kpi: 'a', zone: 'z1', region: 'eu' })).toEqual(['eu', 'z1']);
    // SLO frames carry which SLO and which alert severity: they join the KPI's card.
    expect(labelsKey({ kpi: 'a', region: 'eu', slo: '99.9-28d', severity: 'critical' }, 'a')).toBe('kpi=a,region=eu');
    expect(dimensionValues({ kpi: 'a', region: 'eu', slo: '99.9-28d' })).toEqual(['eu']);
  });
});
