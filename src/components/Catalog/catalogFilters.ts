import { KpiSummary } from '../../datasource/types';

export interface CatalogFilters {
  /** Case-insensitive text matched against name, id, description, owner, category and tags. */
  search: string;
  tag?: string;
  owner?: string;
  category?: string;
}

export const NO_FILTERS: CatalogFilters = { search: '' };

function searchableText(kpi: KpiSummary): string {
  return [kpi.name, kpi.id, kpi.description, kpi.owner, kpi.category, ...(kpi.tags ?? [])]
    .filter(Boolean)
    .join('\n')
    .toLowerCase();
}

export function filterKpis(kpis: KpiSummary[], filters: CatalogFilters): KpiSummary[] {
  const search = filters.search.trim().toLowerCase();
  return kpis.filter(
    (kpi) =>
      (!filters.tag || (kpi.tags ?? []).includes(filters.tag)) &&
      (!filters.owner || kpi.owner === filters.owner) &&
      (!filters.category || kpi.category === filters.category) &&
      (!search || searchableText(kpi).includes(search))
  );
}

/** The distinct, sorted values a filter can take in this catalog. */
export function filterChoices(kpis: KpiSummary[]): { tags: string[]; owners: string[]; categories: string[] } {
  const distinct = (values: Array<string | undefined>) =>
    Array.from(new Set(values.filter((value): value is string => Boolean(value)))).sort();
  return {
    tags: distinct(kpis.flatMap((kpi) => kpi.tags ?? [])),
    owners: distinct(kpis.map((kpi) => kpi.owner)),
    categories: distinct(kpis.map((kpi) => kpi.category)),
  };
}
