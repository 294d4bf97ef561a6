import { FieldReducerInfo, FieldType, fieldReducers, reduceField, ReducerID, SelectableValue } from '@grafana/data';

import { Sample } from './input';

/** Reducers that turn numbers into one number (not `allValues`, `uniqueValues`, …). */
const NON_NUMERIC_REDUCERS = new Set<string>([
  ReducerID.allValues,
  ReducerID.uniqueValues,
  ReducerID.allIsNull,
  ReducerID.allIsZero,
]);

export function isNumericReducer(reducer: FieldReducerInfo): boolean {
  return !NON_NUMERIC_REDUCERS.has(reducer.id);
}

/** Choices for the reducer option. */
export function reducerOptions(): Array<SelectableValue<string>> {
  return fieldReducers.selectOptions([], isNumericReducer).options;
}

/** A known reducer id, or the default. */
export function validReducer(id: string | undefined, fallback: string): string {
  return id && fieldReducers.getIfExists(id) ? id : fallback;
}

/**
 * Reduces samples with a Grafana reducer. A fresh field is built each time, so the calcs cached in
 * `field.state` of the source field are never reused for a slice of it. Empty input gives null.
 */
export function reduceSamples(values: Sample[], reducerId: string): Sample {
  if (values.length === 0) {
    return null;
  }
  const field = { name: 'value', type: FieldType.number, config: {}, values };
  const result: unknown = reduceField({ field, reducers: [reducerId] })[reducerId];
  return typeof result === 'number' ? result : null;
}
