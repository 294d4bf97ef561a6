import { Labels } from '@grafana/data';
import type { KpiSummary, Slo } from '../../datasource/types';
import { burnPairWindows, windowSeconds } from '../../panel/model/measures';
import { budgetLevel } from '../../panel/model/slo';
import { dimensionKey, dimensionsOf, failedKpis, MeasureSample, readFrames } from './frames';
import type { QueryAnswer } from './queryData';

/** What a row's status says; the order of STATUS_RANK is the order of concern. */
export type RowStatus = 'critical' | 'error' | 'warning' | 'nodata' | 'ok';

/** Higher is worse: ties of the risk order are broken by it. */
export const STATUS_RANK: Record<RowStatus, number> = { critical: 4, error: 3, warning: 2, nodata: 1, ok: 0 };

/** One multiwindow burn-rate alert pair of an SLO and whether it fires now. */
export interface PairState {
  short: string;
  long: string;
  severity?: string;
  factor?: number;
  /** null: no traffic in both windows (or no answer). */
  firing: boolean | null;
}

/** A row of the overview: a KPI, or one SLO of a KPI, for one dimension set. */
export interface OverviewRow {
  /** Unique: `<kpi>|<slo or empty>|<dimension key>`. */
  key: string;
  kind: 'kpi' | 'slo';
  kpi: KpiSummary;
  slo?: Slo;
  dimensions: Labels;
  /** The KPI's value over the range, or the SLO's SLI; null: no data; undefined: no answer. */
  value?: number | null;
  budgetRemaining?: number | null;
  /** Seconds; Infinity when the budget is not burning. */
  timeToExhaustion?: number | null;
  pairs: PairState[];
  /** How many of the pairs fire. */
  firing: number;
  status: RowStatus;
  /** The backend's error for this KPI. */
  error?: string;
}

type Group = Map<string, MeasureSample>;

interface DimensionSet {
  dimensions: Labels;
  measures?: Group;
}

/** `<kpi>` + NUL + `<slo or empty>`: whose numbers a set of samples are. */
const ownerKey = (kpi: string, slo: string | undefined) => `${kpi}\u0000${slo ?? ''}`;

/** Samples by KPI and SLO, then by dimension set, then by measure (the first sample of each measure). */
function groupSamples(samples: MeasureSample[]): Map<string, Map<string, DimensionSet>> {
  const owners = new Map<string, Map<string, DimensionSet>>();
  for (const s of samples) {
    const owner = ownerKey(s.kpi, s.slo);
    const sets = owners.get(owner) ?? new Map<string, DimensionSet>();
    owners.set(owner, sets);
    const key = dimensionKey(s.dimensions);
    const set = sets.get(key) ?? { dimensions: s.dimensions, measures: new Map() };
    sets.set(key, set);
    if (!set.measures?.has(s.measure)) {
      set.measures?.set(s.measure, s);
    }
  }
  return owners;
}

const value = (measures: Group | undefined, name: string): number | null | undefined =>
  measures ? (measures.has(name) ? (measures.get(name)?.value ?? null) : undefined) : undefined;

function kpiStatus(code: number | null | undefined): RowStatus {
  switch (code) {
    case 0:
      return 'ok';
    case 1:
      return 'warning';
    case 2:
      return 'critical';
    default:
      return 'nodata';
  }
}

/** Catalog pairs first (in catalog order), then any pair the answer has that the catalog does not list. */
function pairStates(slo: Slo, measures: Group | undefined): PairState[] {
  const pairs: PairState[] = (slo.alerting?.pairs ?? []).map((pair) => {
    const sample = measures?.get(`burn_pair_${pair.short}_${pair.long}`);
    return {
      short: pair.short,
      long: pair.long,
      severity: sample?.severity ?? pair.severity,
      factor: pair.factor,
      firing: sample && sample.value !== null ? sample.value >= 1 : null,
    };
  });
  for (const [measure, sample] of measures ?? []) {
    const windows = burnPairWindows(measure);
    if (windows && !pairs.some((p) => p.short === windows.short && p.long === windows.long)) {
      pairs.push({ ...windows, severity: sample.severity, firing: sample.value !== null ? sample.value >= 1 : null });
    }
  }
  return pairs.sort((a, b) => windowSeconds(a.long) - windowSeconds(b.long));
}

/**
 * An SLO's status: a firing pair of severity critical (or an overspent budget) is critical, a
 * firing warning pair (or less than a quarter of the budget left, as on the KPI cards) a warning.
 */
export function sloStatus(pairs: PairState[], budgetRemaining: number | null | undefined): RowStatus {
  const firing = pairs.filter((pair) => pair.firing);
  if (firing.some((pair) => pair.severity !== 'warning')) {
    return 'critical';
  }
  const budget =
    typeof budgetRemaining === 'number' && Number.isFinite(budgetRemaining) ? budgetLevel(budgetRemaining) : undefined;
  if (budget === 'critical') {
    return 'critical';
  }
  if (firing.length > 0 || budget === 'warning') {
    return 'warning';
  }
  return budget === 'ok' ? 'ok' : 'nodata';
}

function withStatus(row: Omit<OverviewRow, 'status'>, status: RowStatus): OverviewRow {
  return { ...row, status: row.error ? 'error' : status };
}

/**
 * Every KPI and every SLO of the catalog, once per dimension set the answer has (once without
 * dimensions when it has none), with the answer's numbers. A KPI the backend failed on keeps its
 * rows, with the backend's error.
 */
export function buildOverviewRows(kpis: KpiSummary[], answer: QueryAnswer | undefined): OverviewRow[] {
  const groups = groupSamples(readFrames(answer?.frames ?? []).samples);
  const failed = failedKpis(answer?.error);
  const dimensionSets = (kpi: string, slo?: string): DimensionSet[] => {
    const sets = groups.get(ownerKey(kpi, slo));
    return sets?.size
      ? [...sets.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, set]) => set)
      : [{ dimensions: dimensionsOf({}) }];
  };

  const rows: OverviewRow[] = [];
  for (const kpi of kpis) {
    const error = failed.get(kpi.id);
    for (const { dimensions, measures } of dimensionSets(kpi.id)) {
      const row = {
        key: `${kpi.id}||${dimensionKey(dimensions)}`,
        kind: 'kpi' as const,
        kpi,
        dimensions,
        value: value(measures, 'value'),
        pairs: [],
        firing: 0,
        error,
      };
      rows.push(withStatus(row, kpiStatus(value(measures, 'status'))));
    }
    for (const slo of kpi.slos ?? []) {
      for (const { dimensions, measures } of dimensionSets(kpi.id, slo.name)) {
        const pairs = pairStates(slo, measures);
        const budgetRemaining = value(measures, 'budget_remaining');
        const row = {
          key: `${kpi.id}|${slo.name}|${dimensionKey(dimensions)}`,
          kind: 'slo' as const,
          kpi,
          slo,
          dimensions,
          value: value(measures, 'sli'),
          budgetRemaining,
          timeToExhaustion: value(measures, 'time_to_exhaustion'),
          pairs,
          firing: pairs.filter((pair) => pair.firing).length,
          error,
        };
        rows.push(withStatus(row, sloStatus(pairs, budgetRemaining)));
      }
    }
  }
  return rows;
}
