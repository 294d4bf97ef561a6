import { Field, getActiveThreshold, Threshold, ThresholdsMode } from '@grafana/data';

import { Direction, StatusLevel } from '../types';
import { BurnState } from './burn';
import { KpiThresholds, Sample } from './input';

/** What decided a status. */
export type StatusSource = 'value' | 'datasource' | 'kpi-thresholds' | 'field-thresholds' | 'target' | 'slo' | 'none';

export interface CardStatus {
  level: StatusLevel;
  /** Short text shown next to the icon. */
  text: string;
  /** Where the status comes from, or why there is none. */
  reason: string;
  source: StatusSource;
}

export const STATUS_TEXT: Record<StatusLevel, string> = {
  ok: 'OK',
  warning: 'Warning',
  critical: 'Critical',
  nodata: 'No data',
  none: 'No target',
};

/** Worst first: used to sort cards by status. */
export const STATUS_SEVERITY: Record<StatusLevel, number> = {
  critical: 0,
  warning: 1,
  nodata: 2,
  none: 3,
  ok: 4,
};

/** The backend's status measure: 0 ok, 1 warning, 2 critical. */
export function levelFromCode(code: Sample | undefined): StatusLevel | undefined {
  switch (code) {
    case 0:
      return 'ok';
    case 1:
      return 'warning';
    case 2:
      return 'critical';
    default:
      return undefined;
  }
}

/** True when `value` is on the bad side of `limit` (a value exactly at the limit is not). */
export function isWorse(value: number, limit: number, direction: Direction): boolean {
  return direction === 'higher' ? value < limit : value > limit;
}

export function levelFromKpiThresholds(value: number, thresholds: KpiThresholds, direction: Direction): StatusLevel {
  if (isWorse(value, thresholds.critical, direction)) {
    return 'critical';
  }
  return isWorse(value, thresholds.warning, direction) ? 'warning' : 'ok';
}

export function levelFromTarget(value: number, target: number, direction: Direction): StatusLevel {
  return isWorse(value, target, direction) ? 'warning' : 'ok';
}

const NAMED_LEVELS: Array<[RegExp, StatusLevel]> = [
  [/red/, 'critical'],
  [/orange|yellow/, 'warning'],
  [/green/, 'ok'],
];

/** Hue in degrees of a `#rrggbb` colour, or undefined. */
export function hueOf(hex: string): number | undefined {
  const match = /^#?([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})/i.exec(hex);
  if (!match) {
    return undefined;
  }
  const [r, g, b] = match.slice(1, 4).map((h) => parseInt(h, 16) / 255);
  const max = Math.max(r, g, b);
  const delta = max - Math.min(r, g, b);
  if (delta === 0) {
    return undefined;
  }
  const sector = max === r ? ((g - b) / delta + 6) % 6 : max === g ? (b - r) / delta + 2 : (r - g) / delta + 4;
  return sector * 60;
}

/**
 * The status a threshold colour stands for: Grafana's names (`red`, `dark-orange`, …) first,
 * else the hue (reds critical, oranges and yellows warning, greens ok). Other colours say nothing.
 */
export function levelOfColor(color: string): StatusLevel | undefined {
  const named = NAMED_LEVELS.find(([pattern]) => pattern.test(color));
  if (named) {
    return named[1];
  }
  const hue = hueOf(color);
  if (hue === undefined) {
    return undefined;
  }
  if (hue < 15 || hue >= 330) {
    return 'critical';
  }
  if (hue < 70) {
    return 'warning';
  }
  return hue < 170 ? 'ok' : undefined;
}

/** Field thresholds count only when the user added a step above the base one. */
export function hasFieldThresholds(field: Field): boolean {
  return (field.config.thresholds?.steps.length ?? 0) > 1;
}

function percentOf(value: number, field: Field): number {
  const min = field.config.min ?? field.state?.range?.min ?? 0;
  const max = field.config.max ?? field.state?.range?.max ?? 100;
  return max === min ? 0 : ((value - min) / (max - min)) * 100;
}

/** The threshold step a value falls in (percentage thresholds are relative to the field's min and max). */
export function activeThreshold(value: number, field: Field): Threshold {
  const thresholds = field.config.thresholds;
  const position = thresholds?.mode === ThresholdsMode.Percentage ? percentOf(value, field) : value;
  return getActiveThreshold(position, thresholds?.steps);
}

export function levelFromFieldThresholds(value: number, field: Field): StatusLevel | undefined {
  if (!hasFieldThresholds(field)) {
    return undefined;
  }
  return levelOfColor(activeThreshold(value, field).color);
}

export interface StatusInput {
  value: number | undefined;
  problem?: string;
  statusCode?: Sample;
  kpiThresholds?: KpiThresholds;
  target?: number;
  direction: Direction;
  field: Field;
  /** The SLO burn-rate alerts of the KPI, over all its SLOs. */
  burn?: BurnState;
}

function status(level: StatusLevel, reason: string, source: StatusSource): CardStatus {
  return { level, text: STATUS_TEXT[level], reason, source };
}

/**
 * The status of the value alone, from the first that applies: no usable value → no data; the
 * backend's status measure; the KPI's warning/critical thresholds; the field's thresholds (by
 * colour); the target (on the bad side → warning); else none.
 */
export function valueStatus(input: StatusInput): CardStatus {
  const { value, direction } = input;
  if (value === undefined) {
    return status('nodata', input.problem ?? 'No value in range', 'value');
  }
  const fromCode = levelFromCode(input.statusCode);
  if (fromCode) {
    return status(fromCode, 'Status from the datasource', 'datasource');
  }
  if (input.kpiThresholds) {
    return status(
      levelFromKpiThresholds(value, input.kpiThresholds, direction),
      'Status from the KPI thresholds',
      'kpi-thresholds'
    );
  }
  const fromField = levelFromFieldThresholds(value, input.field);
  if (fromField) {
    return status(fromField, 'Status from the field thresholds', 'field-thresholds');
  }
  if (input.target !== undefined) {
    return status(levelFromTarget(value, input.target, direction), 'Status from the target', 'target');
  }
  return status('none', 'No target or thresholds defined', 'none');
}

/** How bad a level is, for "the worst of": no data and no target say nothing. */
const RANK: Record<StatusLevel, number> = { critical: 3, warning: 2, ok: 1, none: 0, nodata: 0 };

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/**
 * The worst of the value's status and the SLO burn state: a firing page-severity pair makes the
 * card Critical, a firing ticket-severity pair at least Warning, whatever the value says. Quiet
 * pairs turn "No target" into OK (the SLO is the target) and leave every other status alone.
 */
export function combineWithBurn(base: CardStatus, burn: BurnState | undefined): CardStatus {
  if (!burn) {
    return base;
  }
  if (burn.level === 'ok') {
    return base.level === 'none'
      ? status('ok', 'Status from the SLO: no burn-rate alert firing', 'slo')
      : { ...base, reason: `${base.reason}; no burn-rate alert firing` };
  }
  if (RANK[burn.level] > RANK[base.level]) {
    return status(
      burn.level,
      `${STATUS_TEXT[burn.level]} from the SLO: ${burn.reason}. The value alone: ${base.text} (${base.reason.toLowerCase()})`,
      'slo'
    );
  }
  return { ...base, reason: `${base.reason}; ${capitalise(burn.reason)}` };
}

/** The card's status: the worst of the value's status (valueStatus) and the SLO burn state. */
export function resolveStatus(input: StatusInput): CardStatus {
  return combineWithBurn(valueStatus(input), input.burn);
}
