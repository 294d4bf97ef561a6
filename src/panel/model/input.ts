import { Field } from '@grafana/data';

import { Direction } from '../types';
import { BurnAlert } from './burn';
import { DirectionSource } from './direction';

/** A sample as received: null when the source had none; NaN and ±Infinity are kept so the card can say so. */
export type Sample = number | null;

export interface TimeSeries {
  /** Epoch milliseconds, ascending. */
  times: number[];
  values: Sample[];
}

/** Warning and critical levels of a KPI, on the KPI's own scale. */
export interface KpiThresholds {
  warning: number;
  critical: number;
}

export interface SloMeasures {
  /** Fraction of the error budget left (negative when overspent). */
  budgetRemaining?: Sample;
  /** Seconds until the budget is spent at the current burn rate. */
  timeToExhaustion?: Sample;
  sli?: Sample;
  /** Window (`5m`) → burn rate. */
  burnRates: Record<string, Sample>;
  /** `<short>_<long>` (`5m_1h`) → 1 when the pair fires, 0 when not. */
  burnPairs: Record<string, Sample>;
  /** `<short>_<long>` → the pair's `severity` label (`critical` pages, `warning` opens a ticket). */
  pairSeverity?: Record<string, string | undefined>;
}

/** A dimension of a card: label name and value (`region` = `eu-west`). */
export interface Dimension {
  name: string;
  value: string;
}

/**
 * Everything one card needs, whatever the source. For optional measures, `undefined` means
 * "not asked for" (the element is left out) and `null` means "asked for, but no value" (the card says why).
 */
export interface KpiInput {
  key: string;
  source: 'northstar' | 'series';
  id: string;
  /** The full name: title plus dimension values ("Payments availability (eu)"), or the display name. */
  name: string;
  /** The name without the dimension values (the line that may truncate). */
  title: string;
  /** Shown apart from the title, so cards of one KPI stay apart however long its name. */
  dimensions: Dimension[];
  owner?: string;
  category?: string;
  description?: string;
  version?: string;
  direction: Direction;
  directionSource: DirectionSource;
  /** The field whose config (unit, decimals, mappings, thresholds, links) formats the card. */
  field: Field;
  /** Row of `field` that data links refer to. */
  linkRow: number;
  value?: Sample;
  previous?: Sample;
  delta?: Sample;
  deltaPct?: Sample;
  target?: Sample;
  attainment?: Sample;
  /** Backend status: 0 ok, 1 warning, 2 critical. */
  statusCode?: Sample;
  kpiThresholds?: KpiThresholds;
  /** Names the comparison period, e.g. "previous 7 days". */
  comparisonLabel?: string;
  series?: TimeSeries;
  targetSeries?: TimeSeries;
  /** Epoch milliseconds of the newest non-null sample. */
  lastSample?: number;
  /** The series' step in milliseconds (samples on a step grid are up to one step old while fresh). */
  step?: number;
  slo?: SloMeasures;
  /** Every burn-rate alert of every SLO of the KPI (the status takes the worst). */
  burnAlerts?: BurnAlert[];
  /**
   * The value is the total of the series' steps (sum or increase KPIs, the Sum reducer): the
   * sparkline then draws the running total against the period target.
   */
  additive?: boolean;
  /** Where the current period starts, epoch milliseconds: the running total restarts there. */
  periodStart?: number;
}

/** The smallest positive gap between consecutive times: the step of a series. */
export function stepOf(times: number[]): number | undefined {
  let step = Number.POSITIVE_INFINITY;
  for (let i = 1; i < times.length; i++) {
    const gap = times[i] - times[i - 1];
    if (gap > 0 && gap < step) {
      step = gap;
    }
  }
  return Number.isFinite(step) ? step : undefined;
}

/** The last non-null sample of a series, with its time. */
export function lastPresent(series: TimeSeries): { time: number; value: number } | undefined {
  for (let i = series.values.length - 1; i >= 0; i--) {
    const value = series.values[i];
    if (value !== null && value !== undefined) {
      return { time: series.times[i], value };
    }
  }
  return undefined;
}

/** Field values as samples: anything that is not a number becomes null. */
export function toSamples(values: readonly unknown[]): Sample[] {
  return values.map((v) => (typeof v === 'number' ? v : null));
}
