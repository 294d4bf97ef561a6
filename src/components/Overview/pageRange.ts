import { dateTime, rangeUtil, TimeRange } from '@grafana/data';

/** The app pages' range: the last 7 days, as on the executive dashboard and the catalog's preview. */
export const PAGE_RANGE_DAYS = 7;

/** Points the pages size their step for (about a chart's width). */
export const PAGE_RESOLUTION = 300;

const DAY_MS = 86_400_000;

/** The last `days` days up to `now` (epoch milliseconds). */
export function pageRange(now: number, days = PAGE_RANGE_DAYS): TimeRange {
  const to = dateTime(now);
  const from = dateTime(now - days * DAY_MS);
  return { from, to, raw: { from: `now-${days}d`, to: 'now' } };
}

/** Grafana's interval for a range at the pages' resolution (7 days: 30m), as a panel would get it. */
export function stepMs(fromMs: number, toMs: number): number {
  const range: TimeRange = {
    from: dateTime(fromMs),
    to: dateTime(toMs),
    raw: { from: dateTime(fromMs), to: dateTime(toMs) },
  };
  return rangeUtil.calculateInterval(range, PAGE_RESOLUTION).intervalMs;
}
