import { KpiDetailResponse, KpiQueries, KpiQueryParameters, QueryLanguage } from '../../types';

/** The queries the backend generated for one KPI, whichever shape its answer has. */
export interface GeneratedQueries {
  language: QueryLanguage;
  queries: KpiQueries;
  parameters: KpiQueryParameters;
}

/** The parts of an answer, in display order, with their captions. */
export const QUERY_PARTS: Array<[keyof KpiQueries, string]> = [
  ['series', 'Series'],
  ['value', 'Value'],
  ['previous', 'Previous period'],
];

export const PREVIEW_TITLES: Record<QueryLanguage, string> = {
  promql: 'Generated PromQL',
  sql: 'Generated SQL',
};

/**
 * Reads GET `kpis/<id>`: prefers `queries` (with `language` and `parameters`), falls back to
 * `promql`, which is all that backends before SQL sources send.
 */
export function generatedQueriesOf(detail: KpiDetailResponse): GeneratedQueries {
  if (detail.queries) {
    return { language: detail.language ?? 'promql', queries: detail.queries, parameters: detail.parameters ?? {} };
  }
  if (detail.promql) {
    return { language: 'promql', queries: detail.promql, parameters: {} };
  }
  throw new Error('The backend answered without the generated queries.');
}

/**
 * A name for a statement's n-th (0-based) bound value: PostgreSQL numbers its placeholders
 * ($1, $2, ...); MySQL and SQLite use one "?" each, in order, so their values are numbered #1, #2, ...
 */
export function placeholderOf(statement: string, position: number): string {
  return /\$\d+/.test(statement) ? `$${position + 1}` : `#${position + 1}`;
}
