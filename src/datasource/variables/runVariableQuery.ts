import { MetricFindValue, ScopedVars, TimeRange } from '@grafana/data';
import { getTemplateSrv } from '@grafana/runtime';
import type { DataSource } from '../datasource';
import { KpiListParams, KpiSummary } from '../types';
import { Expansion, expandField } from './interpolate';
import { KpiVariableQuery } from './model';

export interface VariableQueryOptions {
  range?: TimeRange;
  scopedVars?: ScopedVars;
}

const toValues = (texts: string[]): MetricFindValue[] => texts.map((text) => ({ text, value: text }));

/** Narrows a KPI list by any of the values of a criterion; a criterion without values keeps every KPI. */
function anyOf(criterion: Expansion, value: (kpi: KpiSummary) => string[]): (kpi: KpiSummary) => boolean {
  if (criterion.any || criterion.values.length === 0) {
    return () => true;
  }
  return (kpi) => value(kpi).some((candidate) => criterion.values.includes(candidate));
}

/** A criterion the backend filters by itself: exactly one value. */
const single = (criterion: Expansion): string | undefined =>
  !criterion.any && criterion.values.length === 1 ? criterion.values[0] : undefined;

async function kpiIds(ds: DataSource, query: KpiVariableQuery, scopedVars: ScopedVars): Promise<string[]> {
  const templateSrv = getTemplateSrv();
  const tag = expandField(templateSrv, query.tag ?? '', scopedVars);
  const owner = expandField(templateSrv, query.owner ?? '', scopedVars);
  const category = expandField(templateSrv, query.category ?? '', scopedVars);
  const params: KpiListParams = { tag: single(tag), owner: single(owner), category: single(category) };
  const kpis = await ds.listKpis(params);
  // Several values of one criterion (a multi-value variable) mean any of them.
  return kpis
    .filter(anyOf(tag, (kpi) => kpi.tags ?? []))
    .filter(anyOf(owner, (kpi) => [kpi.owner ?? '']))
    .filter(anyOf(category, (kpi) => [kpi.category ?? '']))
    .map((kpi) => kpi.id);
}

/** The catalog's KPIs with these ids; throws for an id the catalog does not have. */
async function findKpis(ds: DataSource, ids: string[]): Promise<KpiSummary[]> {
  const kpis = await ds.listKpis();
  return ids.map((id) => {
    const kpi = kpis.find((candidate) => candidate.id === id);
    if (!kpi) {
      throw new Error(`Unknown KPI "${id}"`);
    }
    return kpi;
  });
}

async function dimensionNames(ds: DataSource, query: KpiVariableQuery, scopedVars: ScopedVars): Promise<string[]> {
  const ids = expandField(getTemplateSrv(), query.kpi ?? '', scopedVars).values;
  if (ids.length === 0) {
    throw new Error('Dimensions: choose a KPI');
  }
  const kpis = await findKpis(ds, ids);
  // Several KPIs (a multi-value KPI variable): every dimension any of them has.
  return Array.from(new Set(kpis.flatMap((kpi) => kpi.dimensions ?? [])));
}

async function dimensionValues(
  ds: DataSource,
  query: KpiVariableQuery,
  options: VariableQueryOptions
): Promise<string[]> {
  const templateSrv = getTemplateSrv();
  const scopedVars = options.scopedVars ?? {};
  const dimension = expandField(templateSrv, query.dimension ?? '', scopedVars);
  if (dimension.any || dimension.values.length !== 1) {
    throw new Error(
      dimension.values.length === 0
        ? 'Dimension values: choose a dimension'
        : `Dimension values: one dimension at a time, got ${dimension.values.join(', ')}`
    );
  }
  const filters: Record<string, string[]> = {};
  for (const [name, values] of Object.entries(query.filters ?? {})) {
    const allowed = values.map((value) => expandField(templateSrv, value, scopedVars));
    const key = name.trim();
    // A variable at All with a custom all value restricts nothing.
    if (key && !allowed.some((e) => e.any)) {
      filters[key] = Array.from(new Set(allowed.flatMap((e) => e.values)));
    }
  }
  const kpis = expandField(templateSrv, query.kpi ?? '', scopedVars).values;
  const request = { range: options.range, filters };
  const answer =
    kpis.length === 1
      ? await ds.getKpiDimensionValues(kpis[0], dimension.values[0], request)
      : await ds.getDimensionValues(kpis, dimension.values[0], request);
  return answer.values;
}

/** The options of a variable: KPI ids, dimension names, or dimension values (docs/variables.md). */
export async function runVariableQuery(
  ds: DataSource,
  query: KpiVariableQuery,
  options: VariableQueryOptions = {}
): Promise<MetricFindValue[]> {
  const scopedVars = options.scopedVars ?? {};
  switch (query.kind) {
    case 'kpis':
      return toValues(await kpiIds(ds, query, scopedVars));
    case 'dimensions':
      return toValues(await dimensionNames(ds, query, scopedVars));
    case 'dimensionValues':
      return toValues(await dimensionValues(ds, query, options));
  }
}
