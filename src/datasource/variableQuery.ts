import { KpiListParams } from './types';

/**
 * A template variable query in its text form (docs/variables.md), as dashboards saved before the
 * variable editor hold it and as the editor shows it:
 * - `kpis()` or `kpis(tag=checkout, owner=team-payments, category=commerce)`: KPI ids
 * - `dimensions(checkout_success_rate)`: the dimension names of one KPI
 * - `dimension_values(checkout_success_rate, region)` or `dimension_values(checkout_success_rate, psp,
 *   region=eu)`: the values of a dimension in the KPI's source, narrowed by other dimensions;
 *   `dimension_values(, region)` (no KPI): of every KPI with that dimension
 */
export type VariableQuery =
  | { kind: 'kpis'; params: KpiListParams }
  | { kind: 'dimensions'; kpi: string }
  | { kind: 'dimensionValues'; kpi: string; dimension: string; filters: Record<string, string[]> };

const CALL_PATTERN = /^\s*(\w+)\s*\((.*)\)\s*$/s;
const LIST_PARAM_NAMES: Array<keyof KpiListParams> = ['tag', 'owner', 'category'];

export const VARIABLE_QUERY_HELP =
  'kpis(), kpis(tag=…, owner=…, category=…), dimensions(<kpi id>) or dimension_values(<kpi id>, <dimension>)';

/** Removes quotes around a value; double quotes follow JSON, so `"a \"b\""` is `a "b"`. */
function unquote(text: string): string {
  const trimmed = text.trim();
  if (/^"(?:[^"\\]|\\.)*"$/.test(trimmed)) {
    try {
      const parsed: unknown = JSON.parse(trimmed);
      if (typeof parsed === 'string') {
        return parsed;
      }
    } catch {
      // Not JSON after all: strip the quotes below.
    }
  }
  return trimmed.replace(/^(["'])(.*)\1$/s, '$2');
}

/** Splits arguments on the commas outside quotes. */
function splitArguments(text: string): string[] {
  const parts: string[] = [];
  let current = '';
  let quote: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (quote) {
      current += char;
      if (char === '\\' && quote === '"' && i + 1 < text.length) {
        current += text[++i];
      } else if (char === quote) {
        quote = undefined;
      }
    } else if (char === '"' || char === "'") {
      quote = char;
      current += char;
    } else if (char === ',') {
      parts.push(current);
      current = '';
    } else {
      current += char;
    }
  }
  parts.push(current);
  return parts;
}

/** `name=value` with the value unquoted; name is empty when there is no `=`. */
function splitAssignment(text: string): { name: string; value: string } {
  const separator = text.indexOf('=');
  return separator > 0
    ? { name: text.slice(0, separator).trim(), value: unquote(text.slice(separator + 1)) }
    : { name: '', value: unquote(text) };
}

const isListParamName = (name: string): name is keyof KpiListParams => (LIST_PARAM_NAMES as string[]).includes(name);

function parseListParams(argumentText: string): KpiListParams {
  const params: KpiListParams = {};
  const assignments = splitArguments(argumentText).filter((part) => part.trim() !== '');
  for (const assignment of assignments) {
    const { name, value } = splitAssignment(assignment);
    if (!isListParamName(name)) {
      throw new Error(`kpis(): expected tag=, owner= or category=, got "${assignment.trim()}"`);
    }
    if (value) {
      params[name] = value;
    }
  }
  return params;
}

function parseDimensionValues(argumentText: string): VariableQuery {
  const [kpiText = '', dimensionText = '', ...filterTexts] = splitArguments(argumentText);
  const dimension = unquote(dimensionText);
  if (!dimension) {
    throw new Error(
      'dimension_values(): a dimension is required, e.g. dimension_values(checkout_success_rate, region)'
    );
  }
  const filters: Record<string, string[]> = {};
  for (const text of filterTexts.filter((part) => part.trim() !== '')) {
    const { name, value } = splitAssignment(text);
    if (!name) {
      throw new Error(`dimension_values(): expected <dimension>=<value> after the dimension, got "${text.trim()}"`);
    }
    filters[name] = [...(filters[name] ?? []), value];
  }
  return { kind: 'dimensionValues', kpi: unquote(kpiText), dimension, filters };
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
    case 'dimension_values':
      return parseDimensionValues(argumentText);
    default:
      throw new Error(`Unknown function "${functionName}": use ${VARIABLE_QUERY_HELP}`);
  }
}
