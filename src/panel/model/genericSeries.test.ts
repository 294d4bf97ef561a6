import { createDataFrame, FieldType, ReducerID } from '@grafana/data';

import { DEFAULT_OPTIONS } from '../defaults';
import { periodValues, seriesInputs, splitHalves } from './genericSeries';

const times = [0, 10, 20, 30, 40, 50, 60, 70];
const values = [1, 2, 3, 4, 5, 6, 7, 8];
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

describe('periodValues', () => {
  it('halves: reduces the second half of the window against the first', () => {
    const window = { from: 0, to: 80 };
    const result = periodValues({ times, values }, ReducerID.mean, 'halves', 1, window);
    const middle = 40;
    expect(result.value).toBe(mean(values.filter((_, i) => times[i] >= middle)));
    expect(result.previous).toBe(mean(values.filter((_, i) => times[i] < middle)));
    expect(result.comparisonLabel).toBe('first half of range');
  });

  it('halves with Last: the last value against the last value before the middle', () => {
    const result = periodValues({ times, values }, ReducerID.lastNotNull, 'halves', 1, { from: 0, to: 80 });
    expect(result.value).toBe(8);
    expect(result.previous).toBe(4);
  });

  it('points: the whole series against the series without its last N points', () => {
    const n = 3;
    const result = periodValues({ times, values }, ReducerID.lastNotNull, 'points', n);
    expect(result.value).toBe(values[values.length - 1]);
    expect(result.previous).toBe(values[values.length - 1 - n]);
    expect(result.comparisonLabel).toBe('3 points earlier');
    expect(periodValues({ times, values }, ReducerID.sum, 'points', 1).previous).toBe(
      values.slice(0, -1).reduce((a, b) => a + b, 0)
    );
  });

  it('points: no previous value when the series is too short', () => {
    expect(periodValues({ times: [0], values: [5] }, ReducerID.lastNotNull, 'points', 1).previous).toBeNull();
  });

  it('none: only the value', () => {
    expect(periodValues({ times, values }, ReducerID.max, 'none', 1)).toEqual({ value: 8 });
  });

  it('splits by the series span when no window is known, dropping points outside a window', () => {
    expect(splitHalves({ times, values })).toEqual([values.slice(0, 4), values.slice(4)]);
    expect(splitHalves({ times, values }, { from: 20, to: 60 })).toEqual([
      [3, 4],
      [5, 6, 7],
    ]);
  });
});

describe('seriesInputs', () => {
  const options = { ...DEFAULT_OPTIONS.series };

  it('makes one input per numeric field, named like Grafana does', () => {
    const frame = createDataFrame({
      refId: 'A',
      fields: [
        { name: 'time', type: FieldType.time, values: times },
        {
          name: 'latency',
          type: FieldType.number,
          values,
          labels: { service: 'api', team: 'sre', category: 'reliability' },
        },
      ],
    });
    const [input] = seriesInputs([frame], options, { from: 0, to: 80 });
    expect(input).toMatchObject({
      source: 'series',
      name: 'latency {category="reliability", service="api", team="sre"}',
      owner: 'sre',
      category: 'reliability',
      value: 8,
      previous: 4,
      direction: 'higher',
    });
    expect(input.series?.values).toEqual(values);
    expect(input.lastSample).toBe(70);
  });

  it('uses a field named target as the target of the other fields', () => {
    const frame = createDataFrame({
      fields: [
        { name: 'time', type: FieldType.time, values: times },
        { name: 'orders', type: FieldType.number, values },
        { name: 'target', type: FieldType.number, values: values.map(() => 9) },
      ],
    });
    const inputs = seriesInputs([frame], options);
    expect(inputs).toHaveLength(1);
    expect(inputs[0].target).toBe(9);
    expect(inputs[0].targetSeries?.values).toEqual(values.map(() => 9));
  });

  it('pairs <name>_target with <name>, and leaves an ambiguous target field as a card', () => {
    const frame = createDataFrame({
      fields: [
        { name: 'time', type: FieldType.time, values: times },
        { name: 'signups', type: FieldType.number, values },
        { name: 'signups_target', type: FieldType.number, values: values.map(() => 7) },
        { name: 'churn', type: FieldType.number, values },
      ],
    });
    const inputs = seriesInputs([frame], options);
    expect(inputs.map((i) => [i.field.name, i.target])).toEqual([
      ['signups', 7],
      ['churn', undefined],
    ]);
    const ambiguous = createDataFrame({
      fields: [
        { name: 'a', type: FieldType.number, values },
        { name: 'b', type: FieldType.number, values },
        { name: 'target', type: FieldType.number, values },
      ],
    });
    expect(seriesInputs([ambiguous], options).map((i) => i.field.name)).toEqual(['a', 'b', 'target']);
  });

  it('reads target and direction from the custom field config', () => {
    const frame = createDataFrame({
      fields: [
        { name: 'time', type: FieldType.time, values: times },
        { name: 'errors', type: FieldType.number, values, config: { custom: { target: 3, direction: 'lower' } } },
      ],
    });
    expect(seriesInputs([frame], options)[0]).toMatchObject({ target: 3, direction: 'lower' });
  });

  it('handles frames without a time field (no sparkline, no halves)', () => {
    const frame = createDataFrame({ fields: [{ name: 'count', type: FieldType.number, values: [4, 5] }] });
    const [input] = seriesInputs([frame], options);
    expect(input).toMatchObject({ value: 5, series: undefined, lastSample: undefined });
    expect(input.previous).toBeUndefined();
  });
});
