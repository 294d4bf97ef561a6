import { Direction, StatusLevel } from '../types';
import { KpiThresholds, Sample, TimeSeries } from './input';

/** The sparkline is drawn in a fixed viewBox and stretched to the card (strokes do not scale). */
export const VIEW_WIDTH = 100;
export const VIEW_HEIGHT = 100;

/** Above this many points a series is thinned to min/max pairs per bucket (extremes are kept). */
export const MAX_POINTS = 240;

export interface Extent {
  min: number;
  max: number;
}

/** A shaded band of values, in value space. */
export interface ValueZone {
  from: number;
  to: number;
  level: Extract<StatusLevel, 'warning' | 'critical'>;
}

/** A shaded band, in view space. */
export interface ZoneRect {
  y: number;
  height: number;
  level: ValueZone['level'];
}

/** What the line shows: the samples as they are, or their running total (additive KPIs). */
export type SparklineMode = 'values' | 'running-total';

export interface SparklineGeometry {
  mode: SparklineMode;
  /** SVG path of the series; gaps (null, NaN, ±Infinity) break the line. */
  line: string;
  /** Last drawn point, for the end marker. */
  end?: { x: number; y: number };
  /** SVG path of the target (a step line when the target changes over time). */
  target?: string;
  zones: ZoneRect[];
  /** The value range the vertical scale shows. */
  domain: Extent;
  /** Samples that were NaN or ±Infinity and left out. */
  nonFinite: number;
}

const isFiniteSample = (v: Sample): v is number => v !== null && Number.isFinite(v);

/** Smallest range containing every finite value given; undefined when there is none. */
export function extentOf(values: Iterable<Sample | undefined>): Extent | undefined {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const v of values) {
    if (v !== undefined && isFiniteSample(v)) {
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
  }
  return min <= max ? { min, max } : undefined;
}

/**
 * The vertical scale: the series (and target) as they are, zero included on request. A flat
 * series gets a small margin so it is drawn in the middle instead of on an edge.
 */
export function valueDomain(
  values: Sample[],
  extras: Array<Sample | undefined>,
  includeZero: boolean
): Extent | undefined {
  const extent = extentOf([...values, ...extras, ...(includeZero ? [0] : [])]);
  if (!extent) {
    return undefined;
  }
  if (extent.min !== extent.max) {
    return extent;
  }
  const pad = Math.abs(extent.min) * 0.05 || 1;
  return { min: extent.min - pad, max: extent.max + pad };
}

export function scaleX(time: number, times: Extent): number {
  return times.max === times.min ? VIEW_WIDTH : ((time - times.min) / (times.max - times.min)) * VIEW_WIDTH;
}

export function scaleY(value: number, domain: Extent): number {
  return VIEW_HEIGHT - ((value - domain.min) / (domain.max - domain.min)) * VIEW_HEIGHT;
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}

/** Keeps the first and last point and, per bucket, the lowest and highest: extremes stay visible. */
export function thin(series: TimeSeries, maxPoints = MAX_POINTS): TimeSeries {
  const n = series.values.length;
  if (n <= maxPoints) {
    return series;
  }
  const buckets = Math.floor(maxPoints / 2);
  const keep = new Set<number>([0, n - 1]);
  for (let b = 0; b < buckets; b++) {
    const start = Math.floor((b * n) / buckets);
    const end = Math.floor(((b + 1) * n) / buckets);
    let lo = -1;
    let hi = -1;
    for (let i = start; i < end; i++) {
      const v = series.values[i];
      if (!isFiniteSample(v)) {
        keep.add(i); // keep gaps as gaps
        continue;
      }
      lo = lo < 0 || v < (series.values[lo] as number) ? i : lo;
      hi = hi < 0 || v > (series.values[hi] as number) ? i : hi;
    }
    [lo, hi].filter((i) => i >= 0).forEach((i) => keep.add(i));
  }
  const indices = [...keep].sort((a, b) => a - b);
  return { times: indices.map((i) => series.times[i]), values: indices.map((i) => series.values[i]) };
}

/** Path through the finite samples; a gap starts a new sub-path. */
export function linePath(
  series: TimeSeries,
  times: Extent,
  domain: Extent
): { path: string; end?: { x: number; y: number } } {
  const parts: string[] = [];
  let penDown = false;
  let end: { x: number; y: number } | undefined;
  series.values.forEach((v, i) => {
    if (!isFiniteSample(v) || !Number.isFinite(series.times[i])) {
      penDown = false;
      return;
    }
    end = { x: round(scaleX(series.times[i], times)), y: round(scaleY(v, domain)) };
    parts.push(`${penDown ? 'L' : 'M'}${end.x} ${end.y}`);
    penDown = true;
  });
  return { path: parts.join(''), end };
}

/** A step line for a target that changes over time (horizontal, then vertical at each change). */
export function stepPath(series: TimeSeries, times: Extent, domain: Extent): string {
  const parts: string[] = [];
  let previousY: number | undefined;
  series.values.forEach((v, i) => {
    if (!isFiniteSample(v)) {
      previousY = undefined;
      return;
    }
    const x = round(scaleX(series.times[i], times));
    const y = round(scaleY(v, domain));
    parts.push(previousY === undefined ? `M${x} ${y}` : `L${x} ${previousY}L${x} ${y}`);
    previousY = y;
  });
  return parts.join('');
}

export function flatPath(value: number, domain: Extent): string {
  const y = round(scaleY(value, domain));
  return `M0 ${y}L${VIEW_WIDTH} ${y}`;
}

/**
 * Warning and critical zones from a KPI's thresholds. Higher is better: critical below the
 * critical level, warning between critical and warning. Lower is better: the mirror image.
 */
export function kpiZones(thresholds: KpiThresholds, direction: Direction): ValueZone[] {
  const { warning, critical } = thresholds;
  if (direction === 'higher') {
    return [
      { from: Number.NEGATIVE_INFINITY, to: critical, level: 'critical' },
      { from: critical, to: warning, level: 'warning' },
    ];
  }
  return [
    { from: warning, to: critical, level: 'warning' },
    { from: critical, to: Number.POSITIVE_INFINITY, level: 'critical' },
  ];
}

/** Zones of field thresholds: each step up to the next one, when its colour means warning or critical. */
export function stepZones(steps: Array<{ value: number; level?: StatusLevel }>): ValueZone[] {
  return steps.flatMap((step, i) => {
    const to = i + 1 < steps.length ? steps[i + 1].value : Number.POSITIVE_INFINITY;
    const from = Number.isFinite(step.value) ? step.value : Number.NEGATIVE_INFINITY;
    return step.level === 'warning' || step.level === 'critical' ? [{ from, to, level: step.level }] : [];
  });
}

/** Zones clipped to the domain, in view space; zones outside it vanish. */
export function zoneRects(zones: ValueZone[], domain: Extent): ZoneRect[] {
  return zones.flatMap((zone) => {
    const lo = Math.max(zone.from, domain.min);
    const hi = Math.min(zone.to, domain.max);
    if (hi <= lo) {
      return [];
    }
    const top = round(scaleY(hi, domain));
    return [{ y: top, height: round(scaleY(lo, domain) - top), level: zone.level }];
  });
}

/**
 * The running total of a series: each point is the sum of the finite samples so far. Missing
 * samples stay gaps (the total carries on after them). From `resetAt` on (the start of the current
 * period) the total starts again from zero, after a gap.
 */
export function runningTotal(series: TimeSeries, resetAt?: number): TimeSeries {
  const times: number[] = [];
  const values: Sample[] = [];
  let total = 0;
  let reset = resetAt === undefined || !Number.isFinite(resetAt);
  series.values.forEach((v, i) => {
    const time = series.times[i];
    if (!reset && time >= (resetAt as number)) {
      reset = true;
      total = 0;
      times.push(resetAt as number);
      values.push(null); // the line breaks where the period starts
    }
    times.push(time);
    if (!isFiniteSample(v)) {
      values.push(null);
      return;
    }
    total += v;
    values.push(total);
  });
  return { times, values };
}

export interface SparklineInput {
  series: TimeSeries;
  target?: number;
  targetSeries?: TimeSeries;
  zones: ValueZone[];
  includeZero: boolean;
  /** Horizontal extent (the dashboard's range); defaults to the series' own. */
  timeExtent?: Extent;
  /** Draw (and scale for) the target and the zones. Default true. */
  targetBand?: boolean;
  /** Default `values`. A running total starts from zero, so its scale includes zero. */
  mode?: SparklineMode;
  /** Running total: where it starts again (the current period's start). */
  resetAt?: number;
}

export function sparklineGeometry(input: SparklineInput): SparklineGeometry | undefined {
  if (!input.series.values.some((v) => v !== null && Number.isFinite(v))) {
    return undefined; // nothing to draw; the card already says there is no data
  }
  const mode = input.mode ?? 'values';
  const band = input.targetBand ?? true;
  const series = thin(mode === 'running-total' ? runningTotal(input.series, input.resetAt) : input.series);
  const targets = band ? (input.targetSeries?.values ?? [input.target]) : [];
  const domain = valueDomain(series.values, targets, input.includeZero || mode === 'running-total');
  const times = input.timeExtent ?? extentOf(series.times);
  if (!domain || !times) {
    return undefined;
  }
  const { path, end } = linePath(series, times, domain);
  const target = !band
    ? undefined
    : input.targetSeries
      ? stepPath(thin(input.targetSeries), times, domain)
      : input.target !== undefined && Number.isFinite(input.target)
        ? flatPath(input.target, domain)
        : undefined;
  return {
    mode,
    line: path,
    end,
    target: target || undefined,
    zones: band ? zoneRects(input.zones, domain) : [],
    domain,
    nonFinite: input.series.values.filter((v) => v !== null && !Number.isFinite(v)).length,
  };
}
