import { dataFrameFromJSON, DataFrameJSON } from '@grafana/data';
import overview from '../../../tests/browser/fixtures/overview.json';
import { dimensionKey, dimensionsOf, failedKpis, readFrames } from './frames';

/** The real backend's answer for the example catalog (pkg/datasource/overview_fixture_test.go). */
const frames = (overview.query.response.results.overview.frames as unknown as DataFrameJSON[]).map((frame) =>
  dataFrameFromJSON(frame)
);

describe('readFrames', () => {
  const read = readFrames(frames);
  const find = (kpi: string, measure: string, labels: Record<string, string>, slo?: string) =>
    read.samples.filter(
      (s) =>
        s.kpi === kpi && s.measure === measure && s.slo === slo && dimensionKey(s.dimensions) === dimensionKey(labels)
    );

  it('reads one sample per numeric-multi frame, with its dimensions apart from kpi, slo and severity', () => {
    expect(read.samples).toHaveLength(frames.length);
    const [pair] = find('payments_availability', 'burn_pair_5m_1h', { region: 'eu' }, '99.9-28d');
    expect(pair).toEqual({
      kpi: 'payments_availability',
      measure: 'burn_pair_5m_1h',
      dimensions: { region: 'eu' },
      slo: '99.9-28d',
      severity: 'critical',
      value: 1,
    });
    const [value] = find('checkout_error_rate', 'value', {});
    expect(value.slo).toBeUndefined();
    expect(value.value).toBeCloseTo(0.004722, 6);
  });

  it('keeps +Inf (not burning) as Infinity', () => {
    const [tte] = find('api_fast_requests', 'time_to_exhaustion', {}, '75-28d');
    expect(tte.value).toBe(Number.POSITIVE_INFINITY);
  });

  it('reads the comparison period and the SLO window from the frames meta', () => {
    expect(read.comparisons.get('checkout_success_rate')).toEqual({
      label: '7d earlier',
      from: Date.parse('2026-11-05T21:20:00Z'),
      to: Date.parse('2026-11-12T21:20:00Z'),
    });
    expect(read.sloWindows.get('payments_availability/monthly')).toMatchObject({
      name: 'monthly',
      objective: 0.999,
      window: 'calendar-month',
      from: Date.parse('2026-10-31T23:00:00Z'),
    });
  });

  it('reads time series with their times and nulls', () => {
    const series = readFrames([
      dataFrameFromJSON({
        schema: {
          meta: { type: 'timeseries-multi' as never, custom: { kpi: { id: 'k' } } },
          fields: [
            { name: 'time', type: 'time' as never },
            { name: 'budget_burndown', type: 'number' as never, labels: { kpi: 'k', slo: 's', region: 'eu' } },
          ],
        },
        data: {
          values: [
            [1, 2, 3],
            [0.5, null, 0.25],
          ],
        },
      }),
    ]).series;
    expect(series).toEqual([
      {
        kpi: 'k',
        measure: 'budget_burndown',
        dimensions: { region: 'eu' },
        slo: 's',
        times: [1, 2, 3],
        values: [0.5, null, 0.25],
      },
    ]);
  });

  it('skips the no-data frame without fields', () => {
    expect(
      readFrames([dataFrameFromJSON({ schema: { meta: { type: 'numeric-multi' as never }, fields: [] } })]).samples
    ).toEqual([]);
  });
});

describe('dimensions', () => {
  it('leaves out kpi, slo and severity and keys the rest by name', () => {
    const dims = dimensionsOf({ kpi: 'a', slo: 's', severity: 'critical', tier: 'gold', region: 'eu' });
    expect(dims).toEqual({ tier: 'gold', region: 'eu' });
    expect(dimensionKey(dims)).toBe('region=eu,tier=gold');
    expect(dimensionKey({})).toBe('');
  });
});

describe('failedKpis', () => {
  it('names the KPIs of an error joined by the backend', () => {
    const failed = failedKpis('KPI "a": upstream 503; KPI "b": timeout; after 5 s');
    expect([...failed.keys()]).toEqual(['a', 'b']);
    expect(failed.get('b')).toBe('KPI "b": timeout; after 5 s');
    expect(failedKpis(undefined).size).toBe(0);
  });
});
