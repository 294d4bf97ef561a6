import { dateTimeForTimeZone } from '@grafana/data';
import type { SloWindow } from '../../datasource/types';

/** A past period of an SLO, newest first; `current` is the period still running (so far). */
export interface AttainmentPeriod {
  /** Epoch milliseconds. */
  from: number;
  to: number;
  current: boolean;
}

/** How many periods the attainment table shows for each kind of window. */
export const PERIOD_COUNT = { week: 12, month: 6, quarter: 4, rolling: 6 } as const;

const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** `28d` → milliseconds; `1h30m` too; undefined when it does not parse. */
export function durationMs(text: string | undefined): number | undefined {
  if (!text || !/^(\d+[smhdw])+$/.test(text)) {
    return undefined;
  }
  let total = 0;
  for (const [, amount, unit] of text.matchAll(/(\d+)([smhdw])/g)) {
    total += Number(amount) * UNIT_MS[unit];
  }
  return total;
}

/** Nominal lengths of calendar windows, for sizing a step (a month counts 31 days, a quarter 92). */
export function nominalWindowMs(window: SloWindow): number | undefined {
  switch (window.calendar) {
    case 'week':
      return 7 * UNIT_MS.d;
    case 'month':
      return 31 * UNIT_MS.d;
    case 'quarter':
      return 92 * UNIT_MS.d;
  }
  return durationMs(window.rolling);
}

/**
 * The periods an SLO's attainment is shown for, newest first, ending at `now`:
 * - a calendar window: the period so far, then the whole periods before it (6 months, 12 weeks or 4
 *   quarters in all), each from midnight in the KPI's time zone (weeks start on Monday), DST included;
 * - a rolling window W: the 6 windows ending now, now − W, now − 2W, …
 *
 * The data source evaluates an SLO over its window ending at a query's `to` (a calendar window:
 * from the start of the period containing `to`; a `to` on a boundary ends the period before it),
 * so querying each period's `to` gives that period's SLI.
 */
export function attainmentPeriods(window: SloWindow, timeZone: string | undefined, now: number): AttainmentPeriod[] {
  if (!window.calendar) {
    const length = durationMs(window.rolling);
    if (!length) {
      return [];
    }
    return Array.from({ length: PERIOD_COUNT.rolling }, (_, k) => ({
      from: now - (k + 1) * length,
      to: now - k * length,
      current: k === 0,
    }));
  }
  const unit = window.calendar === 'week' ? 'isoWeek' : window.calendar;
  const step =
    window.calendar === 'week'
      ? { amount: 7, unit: 'day' as const }
      : window.calendar === 'month'
        ? { amount: 1, unit: 'month' as const }
        : { amount: 3, unit: 'month' as const };
  const zone = timeZone || 'utc';
  // DateTime methods change the value in place: each step starts from a new one.
  const start = dateTimeForTimeZone(zone, now).startOf(unit).valueOf();
  const periods: AttainmentPeriod[] = [{ from: start, to: now, current: true }];
  let end = start;
  for (let k = 1; k < PERIOD_COUNT[window.calendar]; k++) {
    const begin = dateTimeForTimeZone(zone, end).subtract(step.amount, step.unit).valueOf();
    periods.push({ from: begin, to: end, current: false });
    end = begin;
  }
  return periods;
}
