import { Field } from '@grafana/data';

import { Direction, StatusLevel } from '../types';
import { KpiThresholds } from './input';
import { hasFieldThresholds, levelOfColor } from './status';

/** Where a card's direction comes from (the status tooltip and the docs name it). */
export type DirectionSource = 'kpi' | 'field' | 'kpi-thresholds' | 'field-thresholds' | 'default';

export interface ResolvedDirection {
  direction: Direction;
  source: DirectionSource;
}

/**
 * KPI thresholds say which way is bad: a critical level above the warning level means values get
 * worse upwards, so lower is better; below it, higher is better. Equal levels say nothing.
 */
export function directionFromKpiThresholds(thresholds: KpiThresholds | undefined): Direction | undefined {
  if (!thresholds || thresholds.critical === thresholds.warning) {
    return undefined;
  }
  return thresholds.critical > thresholds.warning ? 'lower' : 'higher';
}

const BADNESS: Partial<Record<StatusLevel, number>> = { ok: 0, warning: 1, critical: 2 };

/**
 * Field thresholds (steps in ascending order) say which way is bad by their colours: green at the
 * bottom and red at the top (the usual latency or error-rate thresholds) mean lower is better; red
 * at the bottom and green at the top mean higher is better. Steps whose colour means nothing are
 * skipped; without a step above the base one, or when both ends are as bad, nothing is inferred.
 */
export function directionFromFieldThresholds(field: Field): Direction | undefined {
  if (!hasFieldThresholds(field)) {
    return undefined;
  }
  const ranks = (field.config.thresholds?.steps ?? [])
    .map((step) => BADNESS[levelOfColor(step.color) ?? 'none'])
    .filter((rank): rank is number => rank !== undefined);
  if (ranks.length < 2) {
    return undefined;
  }
  const first = ranks[0];
  const last = ranks[ranks.length - 1];
  if (first === last) {
    return undefined;
  }
  return last > first ? 'lower' : 'higher';
}

export interface DirectionInput {
  /** The KPI's own direction (Northstar `meta.custom.kpi.direction`). */
  kpi?: Direction;
  /** The field config's "Better when", when the user chose one (not `auto`). */
  field?: Direction;
  kpiThresholds?: KpiThresholds;
  /** For field thresholds. */
  valueField: Field;
}

/**
 * The direction in force: the KPI's, else the field config's, else inferred from the KPI's
 * thresholds, else from the field's thresholds, else higher is better. Inference keeps a card from
 * colouring a rise green while its thresholds call the value critical.
 */
export function resolveDirection(input: DirectionInput): ResolvedDirection {
  if (input.kpi) {
    return { direction: input.kpi, source: 'kpi' };
  }
  if (input.field) {
    return { direction: input.field, source: 'field' };
  }
  const fromKpi = directionFromKpiThresholds(input.kpiThresholds);
  if (fromKpi) {
    return { direction: fromKpi, source: 'kpi-thresholds' };
  }
  const fromField = directionFromFieldThresholds(input.valueField);
  if (fromField) {
    return { direction: fromField, source: 'field-thresholds' };
  }
  return { direction: 'higher', source: 'default' };
}
