import { rangeUtil } from '@grafana/data';

import { formatDuration } from './format';

/** Younger than this reads "less than a minute". */
export const JUST_NOW_SECONDS = 60;

export interface Freshness {
  /** Epoch milliseconds of the newest sample (the tooltip shows it as a date). */
  lastSample: number;
  ageSeconds: number;
  stale: boolean;
  /** "Last sample 5 min ago" / "Stale: last sample 3 h ago". */
  text: string;
  spoken: string;
}

/** Seconds of a Grafana interval ("15m", "1h"); undefined when empty or invalid (never stale). */
export function staleAfterSeconds(interval: string): number | undefined {
  if (!interval.trim()) {
    return undefined;
  }
  try {
    const seconds = rangeUtil.intervalToSeconds(interval.trim());
    return Number.isFinite(seconds) && seconds > 0 ? seconds : undefined;
  } catch {
    return undefined;
  }
}

/**
 * How old the newest sample is (`meta.custom.lastSample`, else the series' last non-null sample),
 * measured from when the data was fetched, or from the end of the dashboard's range when that is
 * earlier: a dashboard looking at last week is not stale because last week is over.
 *
 * Stale when older than `staleAfter` plus one step of the series: samples sit on the step grid, so
 * the newest one of live data is up to a step behind the range's end.
 */
export function freshness(
  lastSample: number,
  now: number,
  rangeEnd: number | undefined,
  staleAfter?: number,
  stepMs = 0
): Freshness {
  const reference = Math.min(now, rangeEnd ?? now);
  const ageSeconds = Math.max(0, (reference - lastSample) / 1000);
  const stale = staleAfter !== undefined && ageSeconds > staleAfter + Math.max(0, stepMs) / 1000;
  const recent = ageSeconds < JUST_NOW_SECONDS;
  const age = recent ? { text: '< 1 min', spoken: 'less than a minute' } : formatDuration(ageSeconds);
  return {
    lastSample,
    ageSeconds,
    stale,
    text: stale ? `Stale: last sample ${age.text} ago` : `Last sample ${age.text} ago`,
    spoken: stale ? `data stale, last sample ${age.spoken} ago` : `last sample ${age.spoken} ago`,
  };
}
