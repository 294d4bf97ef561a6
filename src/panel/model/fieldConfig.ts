import { Field } from '@grafana/data';

import { Direction } from '../types';

/** The panel's custom field config as the cards use it. */
export interface CustomConfig {
  target?: number;
  /** Set only when the user chose one; `auto` (or nothing) leaves it to inference. */
  direction?: Direction;
}

/** The panel's custom field config of a field (target, direction), with wrong types and `auto` dropped. */
export function customConfig(field: Field): CustomConfig {
  const custom: unknown = field.config.custom;
  if (typeof custom !== 'object' || custom === null) {
    return {};
  }
  const { target, direction } = custom as Record<string, unknown>;
  return {
    target: typeof target === 'number' && Number.isFinite(target) ? target : undefined,
    direction: direction === 'higher' || direction === 'lower' ? direction : undefined,
  };
}
