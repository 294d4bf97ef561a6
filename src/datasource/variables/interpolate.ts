import { AdHocVariableFilter, ScopedVars, TypedVariableModel } from '@grafana/data';
import { TemplateSrv } from '@grafana/runtime';
import { KpiQuery } from '../types';
import { InterpolatedKpiQuery, InterpolatedSelector } from './model';

// Template variables in a KPI query (docs/variables.md). Every field takes a list: a multi-value
// variable becomes one element per selected value (never Grafana's `{a,b}` glob), and All the
// variable's options. A variable at All with a custom all value (such as `.*`) restricts nothing:
// its filter row, tag, owner or category is dropped; in the KPI field it stands for the options.

// ASCII "unit separator": cannot be typed into a variable value by accident, so it is safe to split on.
const VALUE_SEPARATOR = '\u001f';
const ALL_VALUE = '$__all';
// `$name`, `${name}`, `${name:format}` or `[[name]]` and nothing else.
const LONE_VARIABLE = /^\s*(?:\$(\w+)|\$\{(\w+)(?::[^}]*)?\}|\[\[(\w+)(?::[^\]]*)?\]\])\s*$/;

/** What one text field of a query stands for once its variables are resolved. */
export interface Expansion {
  /** The values, trimmed, without empty ones and duplicates. */
  values: string[];
  /** The field is a variable at All with a custom all value: it restricts nothing. */
  any: boolean;
}

const unique = (values: string[]): string[] =>
  Array.from(new Set(values.map((value) => value.trim()).filter((value) => value !== '')));

/** Grafana hands a format function one value, or a list for several (or All); anything else as text. */
function joinValues(value: unknown): string {
  return Array.isArray(value) ? value.map(String).join(VALUE_SEPARATOR) : String(value);
}

const isAllValue = (value: unknown): boolean =>
  value === ALL_VALUE || (Array.isArray(value) && value.length > 0 && value[0] === ALL_VALUE);

/** The options of a variable at All with a custom all value, when `text` is just that variable. */
function customAllOptions(templateSrv: TemplateSrv, text: string, scopedVars: ScopedVars): string[] | undefined {
  const match = LONE_VARIABLE.exec(text);
  const name = match ? (match[1] ?? match[2] ?? match[3]) : undefined;
  if (!name || scopedVars[name]) {
    return undefined;
  }
  const variable: TypedVariableModel | undefined = templateSrv.getVariables().find((v) => v.name === name);
  if (!variable || !('allValue' in variable) || !variable.allValue || !isAllValue(variable.current.value)) {
    return undefined;
  }
  return variable.options.flatMap((option) => [option.value].flat()).filter((value) => value !== ALL_VALUE);
}

/** Resolves the variables of one text field into its values. */
export function expandField(templateSrv: TemplateSrv, text: string, scopedVars: ScopedVars): Expansion {
  const options = customAllOptions(templateSrv, text, scopedVars);
  if (options) {
    return { values: unique(options), any: true };
  }
  const replaced = templateSrv.replace(text, scopedVars, joinValues);
  return { values: unique(replaced.split(VALUE_SEPARATOR)), any: false };
}

/** The values of several text fields, each expanded; `any` when one of them restricts nothing. */
function expandFields(templateSrv: TemplateSrv, texts: string[], scopedVars: ScopedVars): Expansion {
  const expansions = texts.map((text) => expandField(templateSrv, text, scopedVars));
  return { values: unique(expansions.flatMap((e) => e.values)), any: expansions.some((e) => e.any) };
}

/** owner/owners or category/categories: one value stays a string, several become the list. */
function oneOrMany(
  templateSrv: TemplateSrv,
  texts: string[],
  scopedVars: ScopedVars
): { one?: string; many?: string[] } {
  const { values, any } = expandFields(templateSrv, texts, scopedVars);
  if (any || values.length === 0) {
    return {};
  }
  return values.length === 1 ? { one: values[0] } : { many: values };
}

function interpolateSelector(
  templateSrv: TemplateSrv,
  selector: InterpolatedSelector,
  scopedVars: ScopedVars
): InterpolatedSelector {
  const result: InterpolatedSelector = {};
  const tags: string[] = [];
  const anyTags: string[][] = [];
  const tagGroups = [...(selector.tags ?? []).map((tag) => [tag]), ...(selector.anyTags ?? [])];
  for (const group of tagGroups) {
    const { values, any } = expandFields(templateSrv, group, scopedVars);
    if (any || values.length === 0) {
      continue;
    }
    if (values.length === 1) {
      tags.push(values[0]);
    } else {
      anyTags.push(values);
    }
  }
  if (tags.length > 0) {
    result.tags = unique(tags);
  }
  if (anyTags.length > 0) {
    result.anyTags = anyTags;
  }
  const owner = oneOrMany(templateSrv, [selector.owner ?? '', ...(selector.owners ?? [])], scopedVars);
  if (owner.one) {
    result.owner = owner.one;
  }
  if (owner.many) {
    result.owners = owner.many;
  }
  const category = oneOrMany(templateSrv, [selector.category ?? '', ...(selector.categories ?? [])], scopedVars);
  if (category.one) {
    result.category = category.one;
  }
  if (category.many) {
    result.categories = category.many;
  }
  return result;
}

/** Drops incomplete rows (no dimension, no value) and rows a custom all value lifts. */
function interpolateFilters(
  templateSrv: TemplateSrv,
  filters: Record<string, string[]>,
  scopedVars: ScopedVars
): Record<string, string[]> {
  const result: Record<string, string[]> = {};
  for (const [dimension, values] of Object.entries(filters)) {
    const names = expandField(templateSrv, dimension, scopedVars);
    const allowed = expandFields(templateSrv, values, scopedVars);
    if (names.any || allowed.any || allowed.values.length === 0) {
      continue;
    }
    for (const name of names.values) {
      // Two rows can name the same dimension once interpolated: allow the values of both.
      result[name] = unique([...(result[name] ?? []), ...allowed.values]);
    }
  }
  return result;
}

/**
 * Ad hoc filters as dimension -> allowed values: `=` allows its value, `=|` (one of) its values.
 * Other operators (`!=`, `=~`, `!~`, `<`, `>`, `!=|`) have no equivalent in KPI filters and are
 * ignored. Several filters on one dimension all apply: the values they all allow, maybe none.
 */
export function adhocToFilters(filters: AdHocVariableFilter[] = []): Record<string, string[]> {
  const result: Record<string, string[]> = {};
  for (const filter of filters) {
    let values: string[];
    if (filter.operator === '=') {
      values = [filter.value];
    } else if (filter.operator === '=|') {
      values = filter.values ?? [filter.value];
    } else {
      continue;
    }
    const key = filter.key.trim();
    if (!key) {
      continue;
    }
    const previous = result[key];
    result[key] = previous ? previous.filter((value) => values.includes(value)) : Array.from(new Set(values));
  }
  return result;
}

/** The query with template variables resolved in the KPI ids, the selector and the filters, and the ad hoc filters. */
export function interpolateQuery(
  templateSrv: TemplateSrv,
  query: InterpolatedKpiQuery,
  scopedVars: ScopedVars,
  adhocFilters?: AdHocVariableFilter[]
): InterpolatedKpiQuery {
  const result: InterpolatedKpiQuery = { ...query };
  delete result.kpi;
  delete result.kpis;
  // A variable at All in the KPI field is every KPI it lists, custom all value or not.
  const kpis = expandFields(templateSrv, [query.kpi ?? '', ...(query.kpis ?? [])], scopedVars).values;
  if (kpis.length === 1) {
    result.kpi = kpis[0];
  } else if (kpis.length > 1) {
    result.kpis = kpis;
  }
  if (query.selector) {
    result.selector = interpolateSelector(templateSrv, query.selector, scopedVars);
  }
  delete result.filters;
  if (query.filters) {
    const filters = interpolateFilters(templateSrv, query.filters, scopedVars);
    if (Object.keys(filters).length > 0) {
      result.filters = filters;
    }
  }
  const adhoc = adhocToFilters(adhocFilters);
  if (Object.keys(adhoc).length > 0) {
    result.adhocFilters = adhoc;
  }
  return result;
}

/** The KPI ids a saved query names once interpolated: `kpi` and `kpis`. */
export function namedKpis(templateSrv: TemplateSrv, query: KpiQuery, scopedVars: ScopedVars = {}): string[] {
  const interpolated = interpolateQuery(templateSrv, query, scopedVars);
  return [interpolated.kpi ?? [], interpolated.kpis ?? []].flat();
}
