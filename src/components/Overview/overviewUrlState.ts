import type { OverviewRow } from './overviewRows';
import type { OverviewSort } from './risk';

/**
 * The overview's view as query parameters, so that a filtered view can be shared:
 * `?q=<search>&owner=<owner>&tag=<tag>&category=<category>&source=<connection>&sort=name`.
 * Defaults are left out of the URL (no filter, sorted by risk); other parameters (the data
 * source, Grafana's own) are kept.
 */
export interface OverviewViewState {
  /** Case-insensitive text matched against the KPI's name and id and the SLO's name. */
  search: string;
  owner?: string;
  tag?: string;
  category?: string;
  /** The KPI's connection (`source` in the catalog). */
  source?: string;
  sort: OverviewSort;
}

export const DEFAULT_VIEW: OverviewViewState = { search: '', sort: 'risk' };

/** The filters and the query parameter that holds each. */
export const FILTER_PARAMS = {
  owner: 'owner',
  tag: 'tag',
  category: 'category',
  source: 'source',
} as const;

export type FilterKey = keyof typeof FILTER_PARAMS;

const SEARCH_PARAM = 'q';
const SORT_PARAM = 'sort';

const nonEmpty = (value: string | null): string | undefined => value?.trim() || undefined;

export function readViewState(params: URLSearchParams): OverviewViewState {
  return {
    search: params.get(SEARCH_PARAM) ?? '',
    owner: nonEmpty(params.get(FILTER_PARAMS.owner)),
    tag: nonEmpty(params.get(FILTER_PARAMS.tag)),
    category: nonEmpty(params.get(FILTER_PARAMS.category)),
    source: nonEmpty(params.get(FILTER_PARAMS.source)),
    sort: params.get(SORT_PARAM) === 'name' ? 'name' : 'risk',
  };
}

/** `params` with the view written into it (a copy); every other parameter as it was. */
export function writeViewState(params: URLSearchParams, view: OverviewViewState): URLSearchParams {
  const next = new URLSearchParams(params);
  const set = (name: string, value: string | undefined) => (value ? next.set(name, value) : next.delete(name));
  set(SEARCH_PARAM, view.search || undefined);
  for (const key of Object.keys(FILTER_PARAMS) as FilterKey[]) {
    set(FILTER_PARAMS[key], view[key]);
  }
  set(SORT_PARAM, view.sort === DEFAULT_VIEW.sort ? undefined : view.sort);
  return next;
}

/** The rows the view shows. */
export function filterRows(rows: OverviewRow[], view: OverviewViewState): OverviewRow[] {
  const search = view.search.trim().toLowerCase();
  return rows.filter(({ kpi, slo }) => {
    if (view.owner && kpi.owner !== view.owner) {
      return false;
    }
    if (view.tag && !(kpi.tags ?? []).includes(view.tag)) {
      return false;
    }
    if (view.category && kpi.category !== view.category) {
      return false;
    }
    if (view.source && kpi.source !== view.source) {
      return false;
    }
    if (!search) {
      return true;
    }
    return [kpi.name, kpi.id, slo?.name].some((text) => text?.toLowerCase().includes(search));
  });
}

/** The distinct, sorted values each filter can take in this catalog. */
export function filterChoices(rows: OverviewRow[]): Record<FilterKey, string[]> {
  const distinct = (values: Array<string | undefined>) =>
    Array.from(new Set(values.filter((value): value is string => Boolean(value)))).sort();
  const kpis = rows.map((row) => row.kpi);
  return {
    owner: distinct(kpis.map((kpi) => kpi.owner)),
    tag: distinct(kpis.flatMap((kpi) => kpi.tags ?? [])),
    category: distinct(kpis.map((kpi) => kpi.category)),
    source: distinct(kpis.map((kpi) => kpi.source)),
  };
}
