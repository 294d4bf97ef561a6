import { DataQuery } from '@grafana/schema';
import { KpiQuery, KpiSelector } from '../types';
import { parseVariableQuery, VariableQuery } from '../variableQuery';

/** What a template variable of this datasource lists (docs/variables.md). */
export type KpiVariableQueryKind = 'kpis' | 'dimensions' | 'dimensionValues';

/** The query of a template variable, as the variable editor saves it. Every text field may hold variables. */
export interface KpiVariableQuery extends DataQuery {
  kind: KpiVariableQueryKind;
  /** kpis: narrow by tag, owner and category. */
  tag?: string;
  owner?: string;
  category?: string;
  /** dimensions and dimensionValues: the KPI; for dimensionValues empty means every KPI with the dimension. */
  kpi?: string;
  /** dimensionValues: the dimension whose values are listed. */
  dimension?: string;
  /** dimensionValues: values of other dimensions that narrow the list, e.g. `{ region: ['$region'] }`. */
  filters?: Record<string, string[]>;
  /** The text form (variableQuery.ts), kept for Grafana's variable list and for old dashboards. */
  query?: string;
}

/** A selector after interpolation: multi-value variables become lists (the backend's pkg/datasource/query.go). */
export interface InterpolatedSelector extends KpiSelector {
  /** Any of these owners. */
  owners?: string[];
  /** Any of these categories. */
  categories?: string[];
  /** Groups of tags: a KPI carries at least one tag of each group. */
  anyTags?: string[][];
}

/** The query the backend receives: the saved query with template variables resolved (docs/variables.md). */
export interface InterpolatedKpiQuery extends KpiQuery {
  /** More KPI ids, any of them: what a multi-value variable in `kpi` becomes. */
  kpis?: string[];
  selector?: InterpolatedSelector;
  /** The dashboard's ad hoc filters: each applies only to the KPIs that have its dimension. */
  adhocFilters?: Record<string, string[]>;
}

/**
 * Answer of GET `kpis/<id>/dimensions/<name>/values` and GET `dimensions/<name>/values` (the union
 * over KPIs): the distinct values, sorted, at most `limit` (`truncated` when there were more).
 */
export interface DimensionValuesResponse {
  kpi?: string;
  dimension: string;
  values: string[];
  truncated: boolean;
  limit: number;
  /** KPIs of a union that gave no values, and why. */
  skipped?: Array<{ kpi: string; reason: string }>;
}

const KINDS: KpiVariableQueryKind[] = ['kpis', 'dimensions', 'dimensionValues'];

const isKind = (value: unknown): value is KpiVariableQueryKind => KINDS.some((kind) => kind === value);

const quoteIfNeeded = (text: string): string => (/[,()=\s]/.test(text) ? JSON.stringify(text) : text);

/** The text form of a variable query, e.g. `dimension_values(checkout_success_rate, region, psp=$psp)`. */
export function formatVariableQuery(query: KpiVariableQuery): string {
  switch (query.kind) {
    case 'kpis': {
      const args = (['tag', 'owner', 'category'] as const)
        .filter((name) => query[name])
        .map((name) => `${name}=${quoteIfNeeded(query[name] ?? '')}`);
      return `kpis(${args.join(', ')})`;
    }
    case 'dimensions':
      return `dimensions(${quoteIfNeeded(query.kpi ?? '')})`;
    case 'dimensionValues': {
      const filters = Object.entries(query.filters ?? {}).flatMap(([dimension, values]) =>
        values.map((value) => `${dimension}=${quoteIfNeeded(value)}`)
      );
      const args = [quoteIfNeeded(query.kpi ?? ''), quoteIfNeeded(query.dimension ?? ''), ...filters];
      while (args.length > 0 && args[args.length - 1] === '') {
        args.pop();
      }
      return `dimension_values(${args.join(', ')})`;
    }
  }
}

/** The structured form of a parsed text query. */
export function fromTextQuery(parsed: VariableQuery, refId = 'variable'): KpiVariableQuery {
  switch (parsed.kind) {
    case 'kpis':
      return { refId, kind: 'kpis', ...parsed.params };
    case 'dimensions':
      return { refId, kind: 'dimensions', kpi: parsed.kpi };
    case 'dimensionValues':
      return {
        refId,
        kind: 'dimensionValues',
        kpi: parsed.kpi,
        dimension: parsed.dimension,
        ...(Object.keys(parsed.filters).length > 0 ? { filters: parsed.filters } : {}),
      };
  }
}

/**
 * The saved query of a variable as a KpiVariableQuery: dashboards saved before the variable editor
 * hold the text form (a string, or `{ query: string }`); throws when the text does not parse.
 */
export function normalizeVariableQuery(saved: unknown): KpiVariableQuery {
  if (typeof saved === 'string') {
    return saved.trim() === '' ? { refId: 'variable', kind: 'kpis' } : fromTextQuery(parseVariableQuery(saved));
  }
  if (typeof saved === 'object' && saved !== null) {
    const candidate: Partial<KpiVariableQuery> = saved;
    if (isKind(candidate.kind)) {
      return { ...candidate, refId: candidate.refId ?? 'variable', kind: candidate.kind };
    }
    if (typeof candidate.query === 'string' && candidate.query.trim() !== '') {
      return { ...fromTextQuery(parseVariableQuery(candidate.query), candidate.refId) };
    }
  }
  return { refId: 'variable', kind: 'kpis' };
}
