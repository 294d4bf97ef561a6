/** Pure geometry of the KPI page's small SVG charts (tested on its own). */

export interface Extent {
  min: number;
  max: number;
}

const isFiniteNumber = (v: number | null | undefined): v is number => typeof v === 'number' && Number.isFinite(v);

/** The smallest extent holding every finite value (and 0 on request), padded when flat; undefined when none. */
export function valueExtent(values: Iterable<number | null | undefined>, includeZero = false): Extent | undefined {
  let min = includeZero ? 0 : Number.POSITIVE_INFINITY;
  let max = includeZero ? 0 : Number.NEGATIVE_INFINITY;
  let any = includeZero;
  for (const v of values) {
    if (isFiniteNumber(v)) {
      min = Math.min(min, v);
      max = Math.max(max, v);
      any = true;
    }
  }
  if (!any) {
    return undefined;
  }
  if (min === max) {
    const pad = Math.abs(min) * 0.05 || 1;
    return { min: min - pad, max: max + pad };
  }
  return { min, max };
}

/** A linear map from `domain` to `[from, to]` (to may be below from: SVG's y grows downwards). */
export function linear(domain: Extent, from: number, to: number): (value: number) => number {
  const span = domain.max - domain.min || 1;
  return (value) => from + ((value - domain.min) / span) * (to - from);
}

/**
 * An SVG path through the points; a missing value (null, NaN, ±Infinity) breaks the line, and a
 * point alone between gaps is drawn as a dot (a zero-length segment with a round cap).
 */
export function linePath(
  times: number[],
  values: Array<number | null>,
  x: (t: number) => number,
  y: (v: number) => number
): string {
  const parts: string[] = [];
  let open = false;
  let segment = 0;
  for (let i = 0; i < times.length; i++) {
    const v = values[i];
    if (!isFiniteNumber(v) || !Number.isFinite(times[i])) {
      if (open && segment === 1) {
        parts.push('l0 0');
      }
      open = false;
      continue;
    }
    const point = `${round(x(times[i]))} ${round(y(v))}`;
    parts.push(open ? `L${point}` : `M${point}`);
    segment = open ? segment + 1 : 1;
    open = true;
  }
  if (open && segment === 1) {
    parts.push('l0 0');
  }
  return parts.join('');
}

const round = (n: number) => Math.round(n * 10) / 10;

/** About `count` round values covering the extent (1, 2 or 5 times a power of ten apart). */
export function niceTicks(extent: Extent, count = 4): number[] {
  const span = extent.max - extent.min;
  if (!(span > 0) || !Number.isFinite(span)) {
    return [extent.min];
  }
  const raw = span / Math.max(1, count);
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? 10 * power;
  const ticks: number[] = [];
  for (let v = Math.ceil(extent.min / step) * step; v <= extent.max + step * 1e-9; v += step) {
    ticks.push(Number(v.toPrecision(12)));
  }
  return ticks;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Time ticks at whole hours or days (UTC) between from and to, at most about `count` of them. */
export function timeTicks(from: number, to: number, count = 6): number[] {
  const span = to - from;
  if (!(span > 0)) {
    return [];
  }
  const steps = [HOUR, 3 * HOUR, 6 * HOUR, 12 * HOUR, DAY, 2 * DAY, 7 * DAY, 14 * DAY, 28 * DAY];
  const step = steps.find((s) => span / s <= count) ?? Math.ceil(span / count / DAY) * DAY;
  const ticks: number[] = [];
  for (let t = Math.ceil(from / step) * step; t <= to; t += step) {
    ticks.push(t);
  }
  return ticks;
}

/** Position 0..1 of a burn rate on the bars' log scale, up to `max`: log10(1 + rate) / log10(1 + max). */
export function burnScale(rate: number, max: number): number {
  if (!isFiniteNumber(rate) || rate <= 0 || !(max > 0)) {
    return 0;
  }
  return Math.min(1, Math.log10(1 + rate) / Math.log10(1 + max));
}
