import { Field } from '@grafana/data';

import { KpiFieldConfig } from '../types';

/** The panel's custom field config of a field (target, direction), with wrong types dropped. */
export function customConfig(field: Field): KpiFieldConfig {
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
