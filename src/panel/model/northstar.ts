import { DataFrame, Field, FieldType, Labels } from '@grafana/data';

import { BurnAlert } from './burn';
import { resolveDirection } from './direction';
import { customConfig } from './fieldConfig';
import { Dimension, KpiInput, lastPresent, Sample, SloMeasures, stepOf, TimeSeries, toSamples } from './input';
import { burnPairWindows, burnRateWindow, Measure } from './measures';
import { NorthstarMeta, northstarMeta } from './meta';

/** Everything gathered for one KPI and dimension set before it becomes a KpiInput. */
interface KpiGroup {
  key: string;
  meta: NorthstarMeta;
  labels: Labels;
  measures: Map<string, { sample: Sample; field: Field }>;
  series?: { data: TimeSeries; field: Field };
  targetSeries?: TimeSeries;
  /** Burn-rate alerts of every SLO (the measures above keep only the first SLO's). */
  burnAlerts: BurnAlert[];
}

/**
 * Labels that tell an SLO measure apart (which SLO, which alert severity) rather than a dimension:
 * SLO frames of a KPI and dimension set join that KPI's card.
 */
const SLO_LABELS = new Set(['slo', 'severity']);

function dimensionEntries(labels: Labels | undefined): Array<[string, string]> {
  return Object.entries(labels ?? {})
    .filter(([name]) => !SLO_LABELS.has(name))
    .sort(([a], [b]) => a.localeCompare(b));
}

/** `kpi=a,region=eu` — labels in a stable order, so frames of the same KPI and dimensions meet. */
export function labelsKey(labels: Labels | undefined, fallback: string): string {
  const entries = dimensionEntries(labels);
  return entries.length ? entries.map(([k, v]) => `${k}=${v}`).join(',') : `kpi=${fallback}`;
}

/** Dimensions in label order, without the `kpi` label: [{name: "region", value: "eu-west"}]. */
export function dimensionsOf(labels: Labels): Dimension[] {
  return dimensionEntries(labels)
    .filter(([name]) => name !== 'kpi')
    .map(([name, value]) => ({ name, value }));
}

/** Dimension values in label order, without the `kpi` label: ["eu-west"]. */
export function dimensionValues(labels: Labels): string[] {
  return dimensionsOf(labels).map((d) => d.value);
}

function lastSample(field: Field): Sample {
  const samples = toSamples(field.values);
  return samples.length ? samples[samples.length - 1] : null;
}

function addSeriesFrame(group: KpiGroup, time: Field, frame: DataFrame): void {
  const times = toSamples(time.values).map((t) => t ?? Number.NaN);
  for (const field of frame.fields) {
    if (field.type !== FieldType.number) {
      continue;
    }
    const data = { times, values: toSamples(field.values) };
    if (field.name === Measure.budgetBurndown) {
      continue; // the budget chart's series, not the KPI's sparkline
    }
    if (field.name === Measure.target) {
      group.targetSeries = data;
    } else {
      group.series = { data, field };
    }
  }
}

function addMeasureFrame(group: KpiGroup, frame: DataFrame): void {
  for (const field of frame.fields) {
    if (field.type !== FieldType.number) {
      continue;
    }
    const pair = burnPairWindows(field.name);
    if (pair) {
      // Every SLO's alerts count for the status, not only the SLO the card shows.
      const { slo, severity } = field.labels ?? {};
      group.burnAlerts.push({ ...pair, slo, severity, firing: lastSample(field) });
    }
    // A KPI with several SLOs sends each SLO measure once per SLO: the card shows the first
    // (a query can pick one SLO by name).
    if (!group.measures.has(field.name)) {
      group.measures.set(field.name, { sample: lastSample(field), field });
    }
  }
}

function groupFrames(frames: DataFrame[]): KpiGroup[] {
  const groups = new Map<string, KpiGroup>();
  for (const frame of frames) {
    const meta = northstarMeta(frame);
    const valueField = frame.fields.find((f) => f.type === FieldType.number);
    if (!meta || !valueField) {
      continue; // not Northstar, or the "no data" frame without fields
    }
    const labels = valueField.labels ?? { kpi: meta.kpi.id };
    const key = labelsKey(labels, meta.kpi.id);
    const group = groups.get(key) ?? { key, meta, labels, measures: new Map(), burnAlerts: [] };
    groups.set(key, group);
    const time = frame.fields.find((f) => f.type === FieldType.time);
    if (time) {
      addSeriesFrame(group, time, frame);
    } else {
      addMeasureFrame(group, frame);
    }
  }
  return [...groups.values()];
}

function sloMeasures(group: KpiGroup): SloMeasures | undefined {
  const pairSeverity: Record<string, string | undefined> = {};
  const slo: SloMeasures = { burnRates: {}, burnPairs: {}, pairSeverity };
  let found = false;
  for (const [name, { sample, field }] of group.measures) {
    const rateWindow = burnRateWindow(name);
    const pair = burnPairWindows(name);
    if (rateWindow) {
      slo.burnRates[rateWindow] = sample;
    } else if (pair) {
      slo.burnPairs[`${pair.short}_${pair.long}`] = sample;
      pairSeverity[`${pair.short}_${pair.long}`] = field.labels?.severity;
    } else if (name === Measure.budgetRemaining) {
      slo.budgetRemaining = sample;
    } else if (name === Measure.timeToExhaustion) {
      slo.timeToExhaustion = sample;
    } else if (name === Measure.sli) {
      slo.sli = sample;
    } else {
      continue;
    }
    found = true;
  }
  return found ? slo : undefined;
}

interface CardName {
  name: string;
  title: string;
  dimensions: Dimension[];
}

/** The KPI name and its dimensions apart; a display name override is the whole name. */
function cardName(group: KpiGroup, field: Field): CardName {
  if (field.config.displayName) {
    return { name: field.config.displayName, title: field.config.displayName, dimensions: [] };
  }
  const title = group.meta.kpi.name;
  const dimensions = dimensionsOf(group.labels);
  const name = dimensions.length ? `${title} (${dimensions.map((d) => d.value).join(', ')})` : title;
  return { name, title, dimensions };
}

/** Aggregations whose value is the total of the series' steps. */
const ADDITIVE_AGGREGATIONS = new Set(['sum', 'increase']);

/** Relative slack between the value and the total of the series (the engine's steps and rounding). */
export const TOTAL_TOLERANCE = 0.02;

/**
 * True when the value is the total of the series' steps: the frames say the aggregation is `sum`
 * or `increase`, or (frames that do not say) the value matches the series' total within 2 % and
 * is at least twice its largest step (so a last, mean, min or max never passes for a total).
 */
export function isTotalOfSeries(
  value: Sample | undefined,
  series: TimeSeries | undefined,
  aggregation?: string
): boolean {
  if (aggregation !== undefined) {
    return ADDITIVE_AGGREGATIONS.has(aggregation);
  }
  if (typeof value !== 'number' || !Number.isFinite(value) || value === 0 || !series) {
    return false;
  }
  const finite = series.values.filter((v): v is number => v !== null && Number.isFinite(v));
  if (finite.length < 2) {
    return false;
  }
  const total = finite.reduce((a, b) => a + b, 0);
  const largest = Math.max(...finite.map(Math.abs));
  return Math.abs(total - value) <= TOTAL_TOLERANCE * Math.abs(value) && Math.abs(value) >= 2 * largest;
}

function toInput(group: KpiGroup): KpiInput {
  const { kpi } = group.meta;
  const measure = (name: string): Sample | undefined => group.measures.get(name)?.sample;
  const valueMeasure = group.measures.get(Measure.value);
  const field = valueMeasure?.field ?? group.series?.field ?? group.measures.values().next().value?.field;
  if (!field) {
    throw new Error(`KPI ${kpi.id} has no field`); // unreachable: a group is created from a numeric field
  }
  const newest = group.series ? lastPresent(group.series.data) : undefined;
  const targetMeasure = measure(Measure.target);
  const custom = customConfig(field);
  const { direction, source: directionSource } = resolveDirection({
    kpi: kpi.direction,
    field: custom.direction,
    kpiThresholds: kpi.thresholds,
    valueField: field,
  });
  const value = measure(Measure.value);
  return {
    key: group.key,
    source: 'northstar',
    id: kpi.id,
    ...cardName(group, field),
    owner: kpi.owner,
    category: kpi.category,
    description: kpi.description,
    version: kpi.version,
    direction,
    directionSource,
    field,
    linkRow: valueMeasure ? Math.max(0, field.values.length - 1) : 0,
    value,
    previous: measure(Measure.previous),
    delta: measure(Measure.delta),
    deltaPct: measure(Measure.deltaPct),
    target: targetMeasure ?? kpi.target ?? custom.target ?? targetMeasure,
    attainment: measure(Measure.attainment),
    statusCode: measure(Measure.status),
    kpiThresholds: kpi.thresholds,
    comparisonLabel: group.meta.comparisonLabel,
    series: group.series?.data,
    targetSeries: group.targetSeries,
    lastSample: group.meta.lastSample ?? newest?.time,
    step: group.series ? stepOf(group.series.data.times) : undefined,
    slo: sloMeasures(group),
    burnAlerts: group.burnAlerts.length ? group.burnAlerts : undefined,
    additive: isTotalOfSeries(value, group.series?.data, kpi.aggregation),
  };
}

/** One input per KPI and dimension set found in Northstar frames; other frames are ignored. */
export function northstarInputs(frames: DataFrame[]): KpiInput[] {
  return groupFrames(frames).map(toInput);
}

/** True when a frame carries Northstar metadata (`meta.custom.kpi`). */
export function isNorthstarFrame(frame: DataFrame): boolean {
  return northstarMeta(frame) !== undefined;
}
