import { Labels } from '@grafana/data';
import type { KpiSummary, Measure, Slo } from '../../datasource/types';
import { burnRateWindow, windowSeconds } from '../../panel/model/measures';
import {
  ComparisonMeta,
  dimensionKey,
  dimensionText,
  MeasureSample,
  readFrames,
  SeriesData,
  SloMeta,
} from '../Overview/frames';
import { PairState, RowStatus, sloStatus } from '../Overview/overviewRows';
import { PAGE_RANGE_DAYS, stepMs } from '../Overview/pageRange';
import { dsQuery, DsRequest, msString, QueryAnswer, QueryAnswers } from '../Overview/queryData';
import { attainmentPeriods, AttainmentPeriod, nominalWindowMs } from './periods';

export const VALUE_REF_ID = 'value';
export const SLO_REF_ID = 'slo';
export const COMPARISON_REF_ID = 'comparison';
export const attainmentRefId = (sloIndex: number, period: number) => `attainment-${sloIndex}-${period}`;

/** The value series, the value and previous value, the target and status over the page's range. */
export const VALUE_MEASURES: Measure[] = ['series', 'value', 'previous', 'target', 'status'];
/** The SLO card's measures, the budget burndown over each SLO's window and the burn rates over time. */
export const SLO_MEASURES: Measure[] = ['slo', 'budget_burndown', 'burn_rate_series'];
/** What each past period of an SLO is shown with. */
export const ATTAINMENT_MEASURES: Measure[] = ['sli', 'budget_remaining'];

const DAY_MS = 86_400_000;

export interface KpiPageRequests {
  /** The value query and the SLO query (every SLO now, its budget burndown and burn-rate series). */
  main: DsRequest;
  /**
   * The past periods of the SLOs: one request per period end, holding the query of every SLO whose
   * period ends then. Grafana's POST /api/ds/query gives every query of a request the request's
   * range, and the data source evaluates an SLO over its window ending at the range's end: periods
   * that end at the same instant can share a request, others cannot.
   */
  history: DsRequest[];
  /** Per SLO (catalog order), its attainment periods, newest first; the first is the SLO query's. */
  periods: AttainmentPeriod[][];
}

/** Everything the KPI page asks at `now` (the comparison period follows once `main` answers). */
export function kpiPageRequests(uid: string, kpi: KpiSummary, now: number, days = PAGE_RANGE_DAYS): KpiPageRequests {
  const from = now - days * DAY_MS;
  const step = stepMs(from, now);
  const common = { intervalMs: step, maxDataPoints: 300 };
  const queries = [dsQuery(uid, VALUE_REF_ID, { kpi: kpi.id, measures: [...VALUE_MEASURES], ...common })];
  const slos = kpi.slos ?? [];
  const periods = slos.map((slo) => attainmentPeriods(slo.window, kpi.timezone, now));
  if (slos.length > 0) {
    // The burndown runs over the SLO's window: its step is sized for the longest window.
    const longest = Math.max(...slos.map((slo) => nominalWindowMs(slo.window) ?? days * DAY_MS));
    queries.push(
      dsQuery(uid, SLO_REF_ID, {
        kpi: kpi.id,
        measures: [...SLO_MEASURES],
        intervalMs: stepMs(now - longest, now),
        maxDataPoints: 300,
      })
    );
  }
  const groups = new Map<number, { from: number; to: number; queries: DsRequest['queries'] }>();
  slos.forEach((slo, i) =>
    periods[i].forEach((period, k) => {
      if (k === 0) {
        return; // now: the SLO query has it
      }
      const group = groups.get(period.to) ?? { from: period.from, to: period.to, queries: [] };
      groups.set(period.to, group);
      group.from = Math.min(group.from, period.from);
      group.queries.push(
        dsQuery(uid, attainmentRefId(i, k), {
          kpi: kpi.id,
          slo: slo.name,
          measures: [...ATTAINMENT_MEASURES],
          ...common,
        })
      );
    })
  );
  const history = [...groups.values()]
    .sort((a, b) => b.to - a.to)
    .map((group) => ({ queries: group.queries, from: msString(group.from), to: msString(group.to) }));
  return { main: { queries, from: msString(from), to: msString(now) }, history, periods };
}

/** The series over the comparison period the value query's frames name, at the page's step. */
export function comparisonRequest(uid: string, kpiId: string, comparison: ComparisonMeta, step: number): DsRequest {
  return {
    queries: [
      dsQuery(uid, COMPARISON_REF_ID, { kpi: kpiId, measures: ['series'], intervalMs: step, maxDataPoints: 300 }),
    ],
    from: msString(comparison.from),
    to: msString(comparison.to),
  };
}

/** One dimension set of the KPI: its series, target, comparison and numbers. */
export interface ValueSet {
  key: string;
  dimensions: Labels;
  /** `region=eu`; '' without dimensions. */
  label: string;
  series?: SeriesData;
  target?: SeriesData;
  /** The comparison period's series, moved in time to start where the range starts. */
  comparison?: SeriesData;
  value?: number | null;
  previous?: number | null;
  targetValue?: number | null;
  status?: number | null;
}

function setFor<T extends { key: string }>(sets: Map<string, T>, dimensions: Labels, make: () => T): T {
  const key = dimensionKey(dimensions);
  const found = sets.get(key);
  if (found) {
    return found;
  }
  const made = make();
  sets.set(key, made);
  return made;
}

/** Moves a series by `shiftMs` (the comparison period drawn over the range it is compared with). */
export function shiftSeries(series: SeriesData, shiftMs: number): SeriesData {
  return { ...series, times: series.times.map((t) => t + shiftMs) };
}

export interface ValueModel {
  sets: ValueSet[];
  comparison?: ComparisonMeta;
  error?: string;
}

/**
 * The value part of the page. The comparison series is moved by `from − comparison.from`, so that
 * the comparison period starts where the range starts: for an offset or the previous range that is
 * exactly the offset; for a calendar comparison, the previous period from its first day.
 */
export function buildValueModel(
  value: QueryAnswer | undefined,
  comparison: QueryAnswer | undefined,
  rangeFrom: number
): ValueModel {
  const read = readFrames(value?.frames ?? []);
  const sets = new Map<string, ValueSet>();
  const newSet = (dimensions: Labels) => (): ValueSet => ({
    key: dimensionKey(dimensions),
    dimensions,
    label: dimensionText(dimensions),
  });
  for (const series of read.series) {
    const set = setFor(sets, series.dimensions, newSet(series.dimensions));
    if (series.measure === 'target') {
      set.target = series;
    } else if (series.measure === 'value') {
      set.series = series;
    }
  }
  for (const sample of read.samples) {
    const set = setFor(sets, sample.dimensions, newSet(sample.dimensions));
    switch (sample.measure) {
      case 'value':
        set.value = sample.value;
        break;
      case 'previous':
        set.previous = sample.value;
        break;
      case 'target':
        set.targetValue = sample.value;
        break;
      case 'status':
        set.status = sample.value;
        break;
    }
  }
  const period = [...read.comparisons.values()][0];
  if (period) {
    for (const series of readFrames(comparison?.frames ?? []).series) {
      const set = sets.get(dimensionKey(series.dimensions));
      if (set && series.measure === 'value') {
        set.comparison = shiftSeries(series, rangeFrom - period.from);
      }
    }
  }
  return {
    sets: [...sets.values()].sort((a, b) => a.key.localeCompare(b.key)),
    comparison: period,
    error: value?.error,
  };
}

/** One dimension set of an SLO now. */
export interface SloSet {
  key: string;
  dimensions: Labels;
  label: string;
  sli?: number | null;
  budgetRemaining?: number | null;
  timeToExhaustion?: number | null;
  /** Window (`1h`) → burn rate now; null without traffic. */
  burnRates: Record<string, number | null>;
  pairs: PairState[];
  status: RowStatus;
  burndown?: SeriesData;
  /** Window (`1h`) → the burn rate over it at each step of the range (`burn_rate_series`). */
  burnSeries: Record<string, SeriesData>;
}

export interface AttainmentRow {
  period: AttainmentPeriod;
  key: string;
  label: string;
  sli?: number | null;
  budgetRemaining?: number | null;
  /** true when the SLI reached the objective; undefined without data. */
  met?: boolean;
}

export interface SloPageModel {
  slo: Slo;
  /** The window the backend evaluated now (meta.custom.slo). */
  window?: SloMeta;
  sets: SloSet[];
  attainment: AttainmentRow[];
  /** Periods whose query failed, with the message. */
  attainmentErrors: string[];
  error?: string;
}

function sloSets(kpi: KpiSummary, slo: Slo, samples: MeasureSample[], series: SeriesData[]): SloSet[] {
  const sets = new Map<string, SloSet & { measures: Map<string, MeasureSample> }>();
  const newSet = (dimensions: Labels) => () => ({
    key: dimensionKey(dimensions),
    dimensions,
    label: dimensionText(dimensions),
    burnRates: {},
    burnSeries: {},
    pairs: [],
    status: 'nodata' as RowStatus,
    measures: new Map<string, MeasureSample>(),
  });
  for (const sample of samples) {
    if (sample.kpi === kpi.id && sample.slo === slo.name) {
      const set = setFor(sets, sample.dimensions, newSet(sample.dimensions));
      set.measures.set(sample.measure, sample);
    }
  }
  for (const s of series) {
    if (s.kpi === kpi.id && s.slo === slo.name && s.measure === 'budget_burndown') {
      setFor(sets, s.dimensions, newSet(s.dimensions)).burndown = s;
    }
    if (s.kpi === kpi.id && s.slo === slo.name && s.measure === 'burn_rate' && s.dimensions.window) {
      // The window label says which burn rate this is; it is not a dimension of the KPI.
      const { window, ...dimensions } = s.dimensions;
      setFor(sets, dimensions, newSet(dimensions)).burnSeries[window] = { ...s, dimensions };
    }
  }
  return [...sets.values()]
    .sort((a, b) => a.key.localeCompare(b.key))
    .map(({ measures, ...set }) => {
      const get = (name: string) => (measures.has(name) ? (measures.get(name)?.value ?? null) : undefined);
      const burnRates: Record<string, number | null> = {};
      for (const [name, sample] of measures) {
        const window = burnRateWindow(name);
        if (window) {
          burnRates[window] = sample.value;
        }
      }
      const pairs: PairState[] = (slo.alerting?.pairs ?? [])
        .map((pair) => {
          const sample = measures.get(`burn_pair_${pair.short}_${pair.long}`);
          return {
            short: pair.short,
            long: pair.long,
            severity: sample?.severity ?? pair.severity,
            factor: pair.factor,
            firing: sample && sample.value !== null ? sample.value >= 1 : null,
          };
        })
        .sort((a, b) => windowSeconds(a.long) - windowSeconds(b.long));
      const budgetRemaining = get('budget_remaining');
      return {
        ...set,
        sli: get('sli'),
        budgetRemaining,
        timeToExhaustion: get('time_to_exhaustion'),
        burnRates,
        pairs,
        status: sloStatus(pairs, budgetRemaining),
      };
    });
}

function attainmentRows(
  kpi: KpiSummary,
  slo: Slo,
  period: AttainmentPeriod,
  answer: QueryAnswer | undefined
): AttainmentRow[] {
  const read = readFrames(answer?.frames ?? []);
  const sets = new Map<string, AttainmentRow>();
  for (const sample of read.samples) {
    if (sample.kpi !== kpi.id || (sample.slo && sample.slo !== slo.name)) {
      continue;
    }
    const row = setFor(sets, sample.dimensions, (): AttainmentRow => ({
      period,
      key: dimensionKey(sample.dimensions),
      label: dimensionText(sample.dimensions),
    }));
    if (sample.measure === 'sli') {
      row.sli = sample.value;
    } else if (sample.measure === 'budget_remaining') {
      row.budgetRemaining = sample.value;
    }
  }
  const rows = [...sets.values()].sort((a, b) => a.key.localeCompare(b.key));
  for (const row of rows) {
    row.met = typeof row.sli === 'number' && Number.isFinite(row.sli) ? row.sli >= slo.objective : undefined;
  }
  // No frame with numbers: the period had no traffic (or is before the data's history).
  return rows.length > 0 ? rows : [{ period, key: '', label: '' }];
}

/** Every SLO of the KPI: its state now per dimension set, its burndown, and its past periods. */
export function buildSloModels(kpi: KpiSummary, answers: QueryAnswers, periods: AttainmentPeriod[][]): SloPageModel[] {
  const sloAnswer = answers[SLO_REF_ID];
  const read = readFrames(sloAnswer?.frames ?? []);
  return (kpi.slos ?? []).map((slo, i) => {
    const errors: string[] = [];
    const attainment = (periods[i] ?? []).flatMap((period, k) => {
      // The period running now is the SLO query's.
      const answer = k === 0 ? sloAnswer : answers[attainmentRefId(i, k)];
      if (k > 0 && answer?.error) {
        errors.push(answer.error);
      }
      return attainmentRows(kpi, slo, period, answer);
    });
    return {
      slo,
      window: read.sloWindows.get(`${kpi.id}/${slo.name}`),
      sets: sloSets(kpi, slo, read.samples, read.series),
      attainment,
      attainmentErrors: Array.from(new Set(errors)),
      error: sloAnswer?.error,
    };
  });
}
