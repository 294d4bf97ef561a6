import { DataFrame, Field, FieldType, Labels } from '@grafana/data';

/**
 * Reading the Northstar KPI frames (docs/frames.md) for the app's pages: numeric-multi frames
 * (one value per KPI, dimension set, SLO and measure) and timeseries-multi frames (series,
 * target, budget_burndown), labelled `{kpi, <dimensions>..., slo, severity}`.
 */

/** Labels that say which SLO and which alert severity a frame is about; every other label but `kpi` is a dimension. */
const NON_DIMENSION_LABELS = new Set(['kpi', 'slo', 'severity']);

/** One number of a numeric-multi frame. null: the backend could not compute it (no data). */
export interface MeasureSample {
  kpi: string;
  measure: string;
  /** The dimension labels only (no kpi, slo or severity). */
  dimensions: Labels;
  slo?: string;
  severity?: string;
  value: number | null;
}

/** One timeseries-multi frame's values. */
export interface SeriesData {
  kpi: string;
  measure: string;
  dimensions: Labels;
  slo?: string;
  /** Epoch milliseconds, ascending. */
  times: number[];
  values: Array<number | null>;
}

/** A period a frame's meta names (`comparison`, `slo` window), in epoch milliseconds. */
export interface FramePeriod {
  from: number;
  to: number;
}

export interface ComparisonMeta extends FramePeriod {
  label?: string;
}

export interface SloMeta extends FramePeriod {
  name: string;
  objective?: number;
  window?: string;
  method?: string;
}

export interface ReadFrames {
  samples: MeasureSample[];
  series: SeriesData[];
  /** The comparison period by KPI id (meta.custom.comparison). */
  comparisons: Map<string, ComparisonMeta>;
  /** The SLO windows evaluated, by `<kpi>/<slo>` (meta.custom.slo). */
  sloWindows: Map<string, SloMeta>;
}

type UnknownRecord = Record<string, unknown>;

const isRecord = (value: unknown): value is UnknownRecord =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function time(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) {
    return value;
  }
  if (typeof value !== 'string') {
    return undefined;
  }
  const parsed = Date.parse(value);
  return Number.isNaN(parsed) ? undefined : parsed;
}

function period(value: unknown): FramePeriod | undefined {
  if (!isRecord(value)) {
    return undefined;
  }
  const from = time(value.from);
  const to = time(value.to);
  return from !== undefined && to !== undefined ? { from, to } : undefined;
}

/** `{region: "eu"}` of `{kpi: "x", region: "eu", slo: "s"}`. */
export function dimensionsOf(labels: Labels | undefined): Labels {
  const out: Labels = {};
  for (const [name, value] of Object.entries(labels ?? {})) {
    if (!NON_DIMENSION_LABELS.has(name)) {
      out[name] = value;
    }
  }
  return out;
}

/** `region=eu,tier=gold`: dimension labels in name order, '' for none. Rows and series meet on it. */
export function dimensionKey(dimensions: Labels): string {
  return Object.keys(dimensions)
    .sort()
    .map((name) => `${name}=${dimensions[name]}`)
    .join(',');
}

/** `region=eu, tier=gold`, for people. */
export function dimensionText(dimensions: Labels): string {
  return Object.keys(dimensions)
    .sort()
    .map((name) => `${name}=${dimensions[name]}`)
    .join(', ');
}

function sample(value: unknown): number | null {
  return typeof value === 'number' ? value : null;
}

function values(field: Field): unknown[] {
  return Array.from(field.values as ArrayLike<unknown>);
}

function kpiOf(frame: DataFrame, field: Field): string | undefined {
  const custom = frame.meta?.custom;
  const fromMeta = isRecord(custom) && isRecord(custom.kpi) ? custom.kpi.id : undefined;
  return field.labels?.kpi ?? (typeof fromMeta === 'string' ? fromMeta : undefined);
}

function readMeta(frame: DataFrame, kpi: string, out: ReadFrames): void {
  const custom = frame.meta?.custom;
  if (!isRecord(custom)) {
    return;
  }
  const comparison = period(custom.comparison);
  if (comparison && !out.comparisons.has(kpi)) {
    const label = isRecord(custom.comparison) ? custom.comparison.label : undefined;
    out.comparisons.set(kpi, { ...comparison, label: typeof label === 'string' ? label : undefined });
  }
  const slo = isRecord(custom.slo) ? custom.slo : undefined;
  const window = period(slo);
  if (slo && window && typeof slo.name === 'string' && !out.sloWindows.has(`${kpi}/${slo.name}`)) {
    out.sloWindows.set(`${kpi}/${slo.name}`, {
      ...window,
      name: slo.name,
      objective: typeof slo.objective === 'number' ? slo.objective : undefined,
      window: typeof slo.window === 'string' ? slo.window : undefined,
      method: typeof slo.method === 'string' ? slo.method : undefined,
    });
  }
}

/**
 * The samples and series of Northstar frames. Frames without fields (a query's "no data") and
 * fields that are not numbers are skipped; +Inf (time to exhaustion when nothing burns) stays
 * Infinity, a null stays null.
 */
export function readFrames(frames: DataFrame[]): ReadFrames {
  const out: ReadFrames = { samples: [], series: [], comparisons: new Map(), sloWindows: new Map() };
  for (const frame of frames) {
    const timeField = frame.fields.find((field) => field.type === FieldType.time);
    for (const field of frame.fields) {
      if (field.type !== FieldType.number) {
        continue;
      }
      const kpi = kpiOf(frame, field);
      if (!kpi) {
        continue;
      }
      readMeta(frame, kpi, out);
      const labels = field.labels ?? {};
      const base = {
        kpi,
        measure: field.name,
        dimensions: dimensionsOf(labels),
        slo: labels.slo || undefined,
      };
      if (timeField) {
        const times = values(timeField).map((t) => (typeof t === 'number' ? t : Number.NaN));
        out.series.push({ ...base, times, values: values(field).map(sample) });
      } else {
        const all = values(field);
        out.samples.push({
          ...base,
          severity: labels.severity || undefined,
          value: all.length ? sample(all[all.length - 1]) : null,
        });
      }
    }
  }
  return out;
}

/** `KPI "a": boom; KPI "b": bang` → {a: 'KPI "a": boom', b: 'KPI "b": bang'}: which KPIs of a query failed. */
export function failedKpis(error: string | undefined): Map<string, string> {
  const failed = new Map<string, string>();
  if (!error) {
    return failed;
  }
  for (const part of error.split(/; (?=KPI ")/)) {
    const id = /^KPI "([^"]+)"/.exec(part)?.[1];
    if (id && !failed.has(id)) {
      failed.set(id, part);
    }
  }
  return failed;
}
