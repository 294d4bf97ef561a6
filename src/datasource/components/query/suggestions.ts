import { ComboboxOption } from '@grafana/ui';
import { getTemplateSrv } from '@grafana/runtime';
import { KpiSelector, KpiSummary } from '../../types';
import { expandField } from '../../variables/interpolate';

export const VARIABLES_GROUP = 'Variables';
export const CATALOG_GROUP = 'From the catalog';

/** The dashboard's template variables as `$name` options. */
export function variableOptions(): Array<ComboboxOption<string>> {
  return getTemplateSrv()
    .getVariables()
    .map((variable) => ({ value: `$${variable.name}`, label: `$${variable.name}`, group: VARIABLES_GROUP }));
}

const plural = (count: number, one: string) => `${count} ${one}${count === 1 ? '' : 's'}`;

/**
 * The distinct owners, categories or tags of the catalog's KPIs, most used first (then by name),
 * each described by how many KPIs carry it.
 */
export function catalogOptions(
  kpis: KpiSummary[],
  field: 'owner' | 'category' | 'tags'
): Array<ComboboxOption<string>> {
  const counts = new Map<string, number>();
  for (const kpi of kpis) {
    const values = field === 'tags' ? (kpi.tags ?? []) : [kpi[field] ?? ''];
    for (const value of new Set(values)) {
      if (value !== '') {
        counts.set(value, (counts.get(value) ?? 0) + 1);
      }
    }
  }
  return Array.from(counts.entries())
    .sort(([a, countA], [b, countB]) => countB - countA || a.localeCompare(b))
    .map(([value, count]) => ({ value, description: plural(count, 'KPI'), group: CATALOG_GROUP }));
}

/** Options, then the chosen values no option offers (typed values, variables of another dashboard). */
export function withChosen(options: Array<ComboboxOption<string>>, chosen: string[]): Array<ComboboxOption<string>> {
  const offered = new Set(options.map((option) => option.value));
  const missing = chosen.filter((value) => value !== '' && !offered.has(value)).map((value) => ({ value }));
  return [...options, ...missing];
}

/** The KPI ids the KPI field stands for: a multi-value variable (or All) gives several (docs/variables.md). */
export function kpiIdsOf(kpiField: string | undefined): string[] {
  return kpiField ? expandField(getTemplateSrv(), kpiField, {}).values : [];
}

/** The catalog's KPIs among these ids, in their order. */
export function kpisOf(kpis: KpiSummary[], ids: string[]): KpiSummary[] {
  return ids.flatMap((id) => kpis.filter((kpi) => kpi.id === id));
}

/** Whether a KPI matches a selector whose fields may hold variables (each field: any of its values). */
export function matchesSelector(kpi: KpiSummary, selector: KpiSelector): boolean {
  const templateSrv = getTemplateSrv();
  const anyOf = (text: string) => expandField(templateSrv, text, {});
  for (const tag of selector.tags ?? []) {
    const { values, any } = anyOf(tag);
    if (!any && values.length > 0 && !values.some((value) => (kpi.tags ?? []).includes(value))) {
      return false;
    }
  }
  for (const field of ['owner', 'category'] as const) {
    const { values, any } = anyOf(selector[field] ?? '');
    if (!any && values.length > 0 && !values.includes(kpi[field] ?? '')) {
      return false;
    }
  }
  return true;
}
