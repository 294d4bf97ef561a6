import { KpiListParams } from './types';

/**
 * A template variable query, as typed in the variable editor:
 * - `kpis()` or `kpis(tag=checkout, owner=team-payments, category=commerce)`: KPI ids
 * - `dimensions(checkout_success_rate)`: the dimension names of one KPI
 */
export type VariableQuery = { kind: 'kpis'; params: KpiListParams } | { kind: 'dimensions'; kpi: string };

const CALL_PATTERN = /^\s*(\w+)\s*\(([^()]*)\)\s*$/;
const LIST_PARAM_NAMES: Array<keyof KpiListParams> = ['tag', 'owner', 'category'];

export const VARIABLE_QUERY_HELP = 'kpis(), kpis(tag=…, owner=…, category=…) or dimensions(<kpi id>)';

const unquote = (text: string): string => text.trim().replace(/^(["'])(.*)\1$/, '$2');

const isListParamName = (name: string): name is keyof KpiListParams => (LIST_PARAM_NAMES as string[]).includes(name);

function parseListParams(argumentText: string): KpiListParams {
  const params: KpiListParams = {};
  const assignments = argumentText.split(',').filter((part) => part.trim() !== '');
  for (const assignment of assignments) {
    const separator = assignment.indexOf('=');
    const name = separator > 0 ? assignment.slice(0, separator).trim() : '';
    if (!isListParamName(name)) {
      throw new Error(`kpis(): expected tag=, owner= or category=, got "${assignment.trim()}"`);
    }
    const value = unquote(assignment.slice(separator + 1));
    if (value) {
      params[name] = value;
    }
  }
  return params;
}

/** Parses a variable query; throws an Error that says what is wrong. */
export function parseVariableQuery(text: string): VariableQuery {
  const match = CALL_PATTERN.exec(text);
  if (!match) {
    throw new Error(`Unsupported variable query "${text}": use ${VARIABLE_QUERY_HELP}`);
  }
  const [, functionName, argumentText] = match;
  switch (functionName) {
    case 'kpis':
      return { kind: 'kpis', params: parseListParams(argumentText) };
    case 'dimensions': {
      const kpi = unquote(argumentText);
      if (!kpi) {
        throw new Error('dimensions(): a KPI id is required, e.g. dimensions(checkout_success_rate)');
      }
      return { kind: 'dimensions', kpi };
    }
    default:
      throw new Error(`Unknown function "${functionName}": use ${VARIABLE_QUERY_HELP}`);
  }
}
