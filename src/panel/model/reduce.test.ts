import { ReducerID } from '@grafana/data';

import { reduceSamples, reducerOptions, validReducer } from './reduce';

describe('reducers', () => {
  const values = [3, null, 7, 2];
  const present = [3, 7, 2];

  it('applies Grafana reducers to samples', () => {
    expect(reduceSamples(values, ReducerID.lastNotNull)).toBe(2);
    expect(reduceSamples(values, ReducerID.max)).toBe(Math.max(...present));
    expect(reduceSamples(values, ReducerID.sum)).toBe(present.reduce((a, b) => a + b, 0));
    expect(reduceSamples(values, ReducerID.first)).toBe(3);
  });

  it('gives null for nothing to reduce', () => {
    expect(reduceSamples([], ReducerID.mean)).toBeNull();
    expect(reduceSamples([null, null], ReducerID.lastNotNull)).toBeNull();
  });

  it('offers only reducers that give one number', () => {
    const ids = reducerOptions().map((o) => o.value);
    expect(ids).toContain(ReducerID.mean);
    expect(ids).toContain(ReducerID.lastNotNull);
    expect(ids).not.toContain(ReducerID.allValues);
    expect(ids).not.toContain(ReducerID.allIsNull);
  });

  it('falls back for unknown reducer ids', () => {
    expect(validReducer('nope', ReducerID.lastNotNull)).toBe(ReducerID.lastNotNull);
    expect(validReducer(ReducerID.mean, ReducerID.lastNotNull)).toBe(ReducerID.mean);
  });
});
