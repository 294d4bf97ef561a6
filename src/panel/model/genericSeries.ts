import { DataFrame, Field, FieldType, getFieldDisplayName } from '@grafana/data';

import { ComparisonMode, SeriesOptions } from '../types';
import { resolveDirection } from './direction';
import { customConfig } from './fieldConfig';
import { KpiInput, lastPresent, Sample, stepOf, TimeSeries, toSamples } from './input';
import { Measure } from './measures';
import { reduceSamples } from './reduce';

export interface TimeWindow {
  from: number;
  to: number;
}

/** The value of the current period, the previous period's, and how to name the comparison. */
export interface PeriodValues {
  value: Sample;
  previous?: Sample;
  comparisonLabel?: string;
  /** Where the current period starts (halves: the middle of the window), epoch milliseconds. */
  periodStart?: number;
}

/** Reducers whose value is the total of the samples: their sparkline is a running total. */
export const ADDITIVE_REDUCERS = new Set(['sum']);

/** Labels read from plain series: owner (or team), category, kpi. */
export const OWNER_LABELS = ['owner', 'team'];
export const CATEGORY_LABEL = 'category';

function pointsLabel(points: number): string {
  return points === 1 ? 'previous point' : `${points} points earlier`;
}

/** Splits a series at the middle of the window (or of its own time span): [first half, second half]. */
export function middleOf(series: TimeSeries, window?: TimeWindow): number {
  const from = window?.from ?? series.times[0];
  const to = window?.to ?? series.times[series.times.length - 1];
  return from + (to - from) / 2;
}

export function splitHalves(series: TimeSeries, window?: TimeWindow): [Sample[], Sample[]] {
  const first = series.times[0];
  const last = series.times[series.times.length - 1];
  const from = window?.from ?? first;
  const to = window?.to ?? last;
  const middle = middleOf(series, window);
  const before: Sample[] = [];
  const after: Sample[] = [];
  series.times.forEach((time, i) => {
    if (time < from || time > to) {
      return;
    }
    (time < middle ? before : after).push(series.values[i]);
  });
  return [before, after];
}

/**
 * The current value and the previous one of a plain series, by the comparison mode:
 * `halves` reduces the second half of the window against the first half; `points` reduces the
 * whole series against the series without its last N points; `none` only reduces.
 */
export function periodValues(
  series: TimeSeries,
  reducer: string,
  mode: ComparisonMode,
  points: number,
  window?: TimeWindow
): PeriodValues {
  if (mode === 'halves' && series.times.length > 0) {
    const [before, after] = splitHalves(series, window);
    return {
      value: reduceSamples(after, reducer),
      previous: reduceSamples(before, reducer),
      comparisonLabel: 'first half of range',
      periodStart: middleOf(series, window),
    };
  }
  const value = reduceSamples(series.values, reducer);
  if (mode === 'points' && points > 0) {
    const earlier = series.values.slice(0, Math.max(0, series.values.length - points));
    return { value, previous: reduceSamples(earlier, reducer), comparisonLabel: pointsLabel(points) };
  }
  return { value };
}

function labelOf(field: Field, names: string[]): string | undefined {
  return names.map((name) => field.labels?.[name]).find((v) => v !== undefined && v !== '');
}

function isTargetField(field: Field): boolean {
  return field.name.toLowerCase() === Measure.target;
}

interface FrameContext {
  frame: DataFrame;
  /** Times of the frame's time field, or none for frames without one. */
  times?: number[];
  frameIndex: number;
  frames: DataFrame[];
  options: SeriesOptions;
  window?: TimeWindow;
}

function fieldInput(ctx: FrameContext, field: Field, fieldIndex: number, targetSeries?: TimeSeries): KpiInput {
  const { times } = ctx;
  const values = toSamples(field.values);
  const series: TimeSeries = { times: times ?? values.map((_, i) => i), values };
  const { reducer, comparison, comparisonPoints } = ctx.options;
  const mode = !times && comparison === 'halves' ? 'none' : comparison;
  const period = periodValues(series, reducer, mode, comparisonPoints, ctx.window);
  const custom = customConfig(field);
  const name = getFieldDisplayName(field, ctx.frame, ctx.frames);
  const { direction, source: directionSource } = resolveDirection({ field: custom.direction, valueField: field });
  const targetFromSeries = targetSeries ? lastPresent(targetSeries)?.value : undefined;
  return {
    key: `${ctx.frame.refId ?? ''}/${ctx.frameIndex}/${fieldIndex}/${name}`,
    source: 'series',
    id: field.labels?.kpi ?? name,
    name,
    title: name,
    dimensions: [],
    owner: labelOf(field, OWNER_LABELS),
    category: labelOf(field, [CATEGORY_LABEL]),
    description: field.config.description,
    direction,
    directionSource,
    field,
    linkRow: Math.max(0, values.length - 1),
    value: period.value,
    previous: period.previous,
    comparisonLabel: period.comparisonLabel,
    target: custom.target ?? targetFromSeries,
    series: times ? series : undefined,
    targetSeries: times ? targetSeries : undefined,
    lastSample: times ? lastPresent(series)?.time : undefined,
    step: times ? stepOf(times) : undefined,
    additive: ADDITIVE_REDUCERS.has(reducer),
    periodStart: times ? period.periodStart : undefined,
  };
}

/**
 * The target field of a value field: `<name>_target` or `target_<name>`, else a field named
 * `target` when it is the only other numeric field of the frame.
 */
export function targetFieldFor(field: Field, numeric: Field[]): Field | undefined {
  const name = field.name.toLowerCase();
  const paired = numeric.find((f) => [`${name}_target`, `target_${name}`].includes(f.name.toLowerCase()));
  if (paired) {
    return paired;
  }
  return numeric.length === 2 ? numeric.find((f) => f !== field && isTargetField(f)) : undefined;
}

function frameInputs(ctx: FrameContext): KpiInput[] {
  const numeric = ctx.frame.fields.filter((f) => f.type === FieldType.number);
  const targets = new Map(numeric.map((field) => [field, targetFieldFor(field, numeric)]));
  const usedAsTarget = new Set([...targets.values()].filter((f): f is Field => f !== undefined));
  const seriesOf = (field: Field): TimeSeries => {
    const values = toSamples(field.values);
    return { times: ctx.times ?? values.map((_, i) => i), values };
  };
  return numeric
    .filter((field) => !usedAsTarget.has(field))
    .map((field) => {
      const target = targets.get(field);
      return fieldInput(ctx, field, ctx.frame.fields.indexOf(field), target && seriesOf(target));
    });
}

/** One input per numeric field of frames from any datasource (target fields excepted, see targetFieldFor). */
export function seriesInputs(frames: DataFrame[], options: SeriesOptions, window?: TimeWindow): KpiInput[] {
  return frames.flatMap((frame, frameIndex) => {
    const time = frame.fields.find((f) => f.type === FieldType.time);
    const times = time ? toSamples(time.values).map((t) => t ?? Number.NaN) : undefined;
    return frameInputs({ frame, frameIndex, frames, options, window, times });
  });
}
