import type { KpiSummary } from '../../datasource/types';

/** The queries the backend generates for one KPI: same keys for PromQL and SQL. */
export interface GeneratedQueries {
  series?: string;
  value?: string;
  previous?: string;
}

export type GeneratedQueryKey = keyof GeneratedQueries;

/** For SQL: the values bound to each statement's placeholders ($1, $2, … or ?), in order. */
export type GeneratedQueryParameters = Partial<Record<GeneratedQueryKey, string[]>>;

/** How the previous period is chosen (catalog `comparison`). */
export interface KpiComparison {
  type: string;
  offset?: string;
  calendar?: string;
}

/** A KPI as GET `kpis/<id>` describes it: the summary plus its definition as the catalog writes it. */
export interface KpiDefinition extends KpiSummary {
  /** The catalog's `query`: `expr`, `ratio`, `latency`, `sql`…, kept as the backend sends it. */
  query?: unknown;
  comparison?: KpiComparison;
}

/**
 * Answer of GET `kpis/<id>`: `promql` today; `language` and `queries` (same keys) once the backend
 * computes KPIs from SQL too. Both shapes are read, `queries` first.
 */
export interface KpiDetailAnswer {
  kpi: KpiDefinition;
  promql?: GeneratedQueries;
  queries?: GeneratedQueries;
  language?: string;
  parameters?: GeneratedQueryParameters;
}

export interface KpiDetail {
  kpi: KpiDefinition;
  /** "promql", "sql", or undefined when the backend does not say. */
  language?: string;
  queries: GeneratedQueries;
  parameters?: GeneratedQueryParameters;
}

export function readKpiDetail(answer: KpiDetailAnswer): KpiDetail {
  if (answer.queries) {
    return { kpi: answer.kpi, language: answer.language, queries: answer.queries, parameters: answer.parameters };
  }
  return {
    kpi: answer.kpi,
    language: answer.language ?? (answer.promql ? 'promql' : undefined),
    queries: answer.promql ?? {},
  };
}

const LANGUAGE_LABELS: Record<string, string> = { promql: 'PromQL', sql: 'SQL' };

/** "PromQL", "SQL"; another language as the backend names it; "query" when it names none. */
export function languageLabel(language: string | undefined): string {
  if (!language) {
    return 'query';
  }
  return LANGUAGE_LABELS[language.toLowerCase()] ?? language;
}

/** The generated queries, in display order. */
export const GENERATED_QUERY_LABELS: Array<[GeneratedQueryKey, string]> = [
  ['series', 'Series'],
  ['value', 'Value'],
  ['previous', 'Previous period'],
];

/** Strings YAML reads back as the same string without quotes (conservatively: no ':' or '#'). */
const PLAIN_SCALAR = /^[A-Za-z0-9_./$(][^:#\n]*$/;
const LOOKS_TYPED = /^(true|false|null|~|-?\d[\d.e+-]*)$/i;

function yamlScalar(value: unknown): string {
  if (typeof value === 'string') {
    return PLAIN_SCALAR.test(value) && !LOOKS_TYPED.test(value) && value.trim() === value
      ? value
      : JSON.stringify(value);
  }
  if (value === null || value === undefined) {
    return 'null';
  }
  if (Array.isArray(value)) {
    return '[]';
  }
  if (isRecord(value)) {
    return '{}';
  }
  return String(value);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function yamlLines(value: unknown, indent: string): string[] {
  if (Array.isArray(value)) {
    if (value.length === 0) {
      return [`${indent}[]`];
    }
    return value.flatMap((item) => {
      const [first, ...rest] = yamlLines(item, `${indent}  `);
      return [`${indent}- ${first.trimStart()}`, ...rest];
    });
  }
  if (isRecord(value)) {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    if (entries.length === 0) {
      return [`${indent}{}`];
    }
    return entries.flatMap(([key, v]) => {
      const nested = Array.isArray(v) ? v.length > 0 : isRecord(v) && Object.keys(v).length > 0;
      return nested ? [`${indent}${key}:`, ...yamlLines(v, `${indent}  `)] : [`${indent}${key}: ${yamlScalar(v)}`];
    });
  }
  return [`${indent}${yamlScalar(value)}`];
}

/** A KPI's `query` as catalog YAML, e.g. "ratio:\n  bad: …\n  total: …". */
export function definitionYaml(query: unknown): string {
  return yamlLines(query, '').join('\n');
}
