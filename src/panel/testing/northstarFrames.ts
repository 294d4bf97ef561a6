/**
 * Builds frames the way docs/frames.md says the Northstar datasource sends them, for tests.
 * Not bundled into the plugin (only tests import it).
 */
import { createDataFrame, DataFrame, DataFrameType, FieldType, Labels } from '@grafana/data';

export interface KpiSpec {
  id: string;
  name: string;
  unit?: string;
  decimals?: number;
  /** Default higher; null: the KPI meta carries no direction. */
  direction?: 'higher' | 'lower' | null;
  /** `meta.custom.kpi.aggregation` (the datasource does not send it yet). */
  aggregation?: string;
  owner?: string;
  category?: string;
  description?: string;
  version?: string;
  target?: number | null;
  thresholds?: { warning: number; critical: number };
  /** Dimension labels besides `kpi`. */
  dimensions?: Labels;
  comparisonLabel?: string;
  lastSample?: string;
  /** Measure name → value (null: measure asked for but not computable). */
  measures?: Record<string, number | null>;
  /** Extra labels of a measure's frame (SLO measures: `slo`, `severity`). */
  measureLabels?: Record<string, Labels>;
  /** Field config of every field, on top of unit and decimals (mappings, links, noValue …). */
  config?: Record<string, unknown>;
  times?: number[];
  series?: Array<number | null>;
  targetSeries?: Array<number | null>;
}

function customMeta(spec: KpiSpec) {
  return {
    kpi: {
      id: spec.id,
      name: spec.name,
      description: spec.description,
      owner: spec.owner,
      unit: spec.unit,
      decimals: spec.decimals,
      direction: spec.direction === null ? undefined : (spec.direction ?? 'higher'),
      aggregation: spec.aggregation,
      version: spec.version ?? '1',
      category: spec.category,
      tags: [],
      target: spec.target ?? undefined,
      thresholds: spec.thresholds,
    },
    comparison: { label: spec.comparisonLabel ?? 'previous 7 days' },
    lastSample: spec.lastSample,
  };
}

const PERCENT_MEASURES = new Set(['delta_pct', 'attainment', 'budget_remaining', 'sli']);

function measureUnit(spec: KpiSpec, measure: string): string | undefined {
  if (PERCENT_MEASURES.has(measure)) {
    return 'percentunit';
  }
  if (measure === 'time_to_exhaustion') {
    return 's';
  }
  return measure.startsWith('burn_') || measure === 'status' ? undefined : spec.unit;
}

function seriesFrames(spec: KpiSpec, labels: Labels): DataFrame[] {
  if (!spec.series || !spec.times) {
    return [];
  }
  const meta = {
    type: DataFrameType.TimeSeriesMulti,
    typeVersion: [0, 1] as [number, number],
    custom: customMeta(spec),
  };
  const time = { name: 'time', type: FieldType.time, values: spec.times };
  const config = { unit: spec.unit, decimals: spec.decimals, displayNameFromDS: spec.name, ...spec.config };
  const frames = [
    createDataFrame({
      name: spec.id,
      meta,
      fields: [time, { name: 'value', type: FieldType.number, values: spec.series, labels, config }],
    }),
  ];
  if (spec.targetSeries) {
    frames.push(
      createDataFrame({
        name: spec.id,
        meta,
        fields: [time, { name: 'target', type: FieldType.number, values: spec.targetSeries, labels, config }],
      })
    );
  }
  return frames;
}

/** The frames of one KPI: series (and target series) plus one numeric frame per measure. */
export function northstarFrames(spec: KpiSpec): DataFrame[] {
  const labels: Labels = { kpi: spec.id, ...spec.dimensions };
  const measureFrames = Object.entries(spec.measures ?? {}).map(([measure, value]) =>
    createDataFrame({
      name: spec.id,
      meta: { type: DataFrameType.NumericMulti, typeVersion: [0, 1], custom: customMeta(spec) },
      fields: [
        {
          name: measure,
          type: FieldType.number,
          values: [value],
          labels: { ...labels, ...spec.measureLabels?.[measure] },
          config: { unit: measureUnit(spec, measure), decimals: spec.decimals, ...spec.config },
        },
      ],
    })
  );
  return [...seriesFrames(spec, labels), ...measureFrames];
}

/** Hourly timestamps ending at `end`. */
export function hourlyTimes(count: number, end: number): number[] {
  return Array.from({ length: count }, (_, i) => end - (count - 1 - i) * 3600_000);
}
