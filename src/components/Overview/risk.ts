import { dimensionKey } from './frames';
import { OverviewRow, STATUS_RANK } from './overviewRows';

/**
 * Ascending, with what has no number last: null (no data), undefined (not asked for, e.g. a KPI
 * row's budget) and NaN. Infinity (time to exhaustion when nothing burns) is a number, after
 * every finite one and before the missing ones.
 */
function ascendingMissingLast(a: number | null | undefined, b: number | null | undefined): number {
  const missingA = typeof a !== 'number' || Number.isNaN(a);
  const missingB = typeof b !== 'number' || Number.isNaN(b);
  if (missingA || missingB) {
    return Number(missingA) - Number(missingB);
  }
  const x = a as number;
  const y = b as number;
  return x === y ? 0 : x < y ? -1 : 1;
}

const rowName = (row: OverviewRow) => row.kpi.name || row.kpi.id;

/** Name, then SLO (the KPI's own row first), then dimensions: the order among equals. */
export function compareByName(a: OverviewRow, b: OverviewRow): number {
  return (
    rowName(a).localeCompare(rowName(b)) ||
    a.kpi.id.localeCompare(b.kpi.id) ||
    (a.slo?.name ?? '').localeCompare(b.slo?.name ?? '') ||
    dimensionKey(a.dimensions).localeCompare(dimensionKey(b.dimensions))
  );
}

/**
 * Riskiest first: more firing burn pairs, then less error budget left (overspent first), then a
 * shorter time to exhaustion; rows without these numbers (KPIs without SLO, no data) come after
 * those with them. Ties: the worse status (critical, error, warning, no data, ok), then by name.
 */
export function compareByRisk(a: OverviewRow, b: OverviewRow): number {
  return (
    b.firing - a.firing ||
    ascendingMissingLast(a.budgetRemaining, b.budgetRemaining) ||
    ascendingMissingLast(a.timeToExhaustion, b.timeToExhaustion) ||
    STATUS_RANK[b.status] - STATUS_RANK[a.status] ||
    compareByName(a, b)
  );
}

export type OverviewSort = 'risk' | 'name';

export const SORTS: Record<OverviewSort, (a: OverviewRow, b: OverviewRow) => number> = {
  risk: compareByRisk,
  name: compareByName,
};

/** A sorted copy. */
export function sortRows(rows: OverviewRow[], sort: OverviewSort): OverviewRow[] {
  return [...rows].sort(SORTS[sort]);
}
