import { rangeUtil } from '@grafana/data';

import { formatDuration } from './format';

/** Younger than this reads "just now". */
export const JUST_NOW_SECONDS = 60;

export interface Freshness {
  ageSeconds: number;
  stale: boolean;
  /** "updated 5 min ago" / "stale: last sample 3 h ago". */
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
 * How old the newest sample is, measured from the end of the dashboard's range (or now, when the
 * range ends in the future): a dashboard looking at last week is not stale because last week is over.
 */
export function freshness(
  lastSample: number,
  now: number,
  rangeEnd: number | undefined,
  staleAfter?: number
): Freshness {
  const reference = Math.min(now, rangeEnd ?? now);
  const ageSeconds = Math.max(0, (reference - lastSample) / 1000);
  const stale = staleAfter !== undefined && ageSeconds > staleAfter;
  const age = formatDuration(ageSeconds);
  const fresh = ageSeconds < JUST_NOW_SECONDS;
  return {
    ageSeconds,
    stale,
    text: stale ? `Stale: last sample ${age.text} ago` : fresh ? 'Updated just now' : `Updated ${age.text} ago`,
    spoken: stale
      ? `data stale, last sample ${age.spoken} ago`
      : fresh
        ? 'updated just now'
        : `updated ${age.spoken} ago`,
  };
}
