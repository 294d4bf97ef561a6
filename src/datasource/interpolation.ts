import { ScopedVars } from '@grafana/data';
import { TemplateSrv } from '@grafana/runtime';
import { KpiQuery, KpiSelector } from './types';

// ASCII "unit separator": cannot be typed into a variable value by accident, so it is safe to split on.
const VALUE_SEPARATOR = '\u001f';

/** Joins the values of a multi-value variable so that they can be split apart again. */
const joinValues = (value: string | string[]): string => (Array.isArray(value) ? value.join(VALUE_SEPARATOR) : value);

/** Interpolates one string that must stay one value (a KPI id, an owner, a category, a dimension name). */
function interpolateOne(templateSrv: TemplateSrv, text: string, scopedVars: ScopedVars): string {
  return templateSrv.replace(text, scopedVars).trim();
}

/** Interpolates each string; a multi-value variable expands into one string per selected value. */
function interpolateMany(templateSrv: TemplateSrv, texts: string[], scopedVars: ScopedVars): string[] {
  const expanded = texts.flatMap((text) => templateSrv.replace(text, scopedVars, joinValues).split(VALUE_SEPARATOR));
  const nonEmpty = expanded.map((value) => value.trim()).filter((value) => value !== '');
  return Array.from(new Set(nonEmpty));
}

function interpolateSelector(templateSrv: TemplateSrv, selector: KpiSelector, scopedVars: ScopedVars): KpiSelector {
  const result: KpiSelector = {};
  if (selector.tags?.length) {
    result.tags = interpolateMany(templateSrv, selector.tags, scopedVars);
  }
  const owner = selector.owner ? interpolateOne(templateSrv, selector.owner, scopedVars) : '';
  if (owner) {
    result.owner = owner;
  }
  const category = selector.category ? interpolateOne(templateSrv, selector.category, scopedVars) : '';
  if (category) {
    result.category = category;
  }
  return result;
}

/** Drops incomplete rows (no dimension, no value): the editor keeps them while the user types. */
function interpolateFilters(
  templateSrv: TemplateSrv,
  filters: Record<string, string[]>,
  scopedVars: ScopedVars
): Record<string, string[]> {
  const result: Record<string, string[]> = {};
  for (const [dimension, values] of Object.entries(filters)) {
    const name = interpolateOne(templateSrv, dimension, scopedVars);
    const allowed = interpolateMany(templateSrv, values, scopedVars);
    if (name && allowed.length > 0) {
      // Two rows can name the same dimension once interpolated: allow the values of both.
      result[name] = Array.from(new Set([...(result[name] ?? []), ...allowed]));
    }
  }
  return result;
}

/** The query with template variables resolved in the KPI id, the selector and the filters. */
export function interpolateQuery(templateSrv: TemplateSrv, query: KpiQuery, scopedVars: ScopedVars): KpiQuery {
  const result: KpiQuery = { ...query };
  if (query.kpi !== undefined) {
    const kpi = interpolateOne(templateSrv, query.kpi, scopedVars);
    if (kpi) {
      result.kpi = kpi;
    } else {
      delete result.kpi;
    }
  }
  if (query.selector) {
    result.selector = interpolateSelector(templateSrv, query.selector, scopedVars);
  }
  if (query.filters) {
    const filters = interpolateFilters(templateSrv, query.filters, scopedVars);
    if (Object.keys(filters).length > 0) {
      result.filters = filters;
    } else {
      delete result.filters;
    }
  }
  return result;
}
