// A template service that interpolates the way Grafana's does, for the variables tests. Only imported by tests.
import { CustomVariableModel, LoadingState, ScopedVars, TypedVariableModel, VariableOption } from '@grafana/data';
import { setTemplateSrv, TemplateSrv } from '@grafana/runtime';

/** A dashboard variable: its options and what is selected (`'$__all'` for All). */
export interface TestVariable {
  name: string;
  options: string[];
  current: string | string[];
  /** A custom all value, e.g. `.*`. */
  allValue?: string;
}

const ALL = '$__all';
const VARIABLE_PATTERN = /\$(\w+)|\$\{(\w+)(?::(\w+))?\}|\[\[(\w+)(?::(\w+))?\]\]/g;

type Format = string | ((value: string | string[]) => string) | undefined;

function formatValue(value: string | string[], format: Format): string {
  if (typeof format === 'function') {
    return format(value);
  }
  if (!Array.isArray(value)) {
    return value;
  }
  switch (format) {
    case 'csv':
      return value.join(',');
    case 'pipe':
      return value.join('|');
    default:
      // Grafana's default format for several values is a glob: {a,b}.
      return value.length === 1 ? value[0] : `{${value.join(',')}}`;
  }
}

const option = (value: string, selected: boolean): VariableOption => ({ text: value, value, selected });

/**
 * Grafana's rules (public/app/features/templating/template_srv.ts): scoped variables first; a
 * variable at All gives every option, or its custom all value as it is, without any format.
 */
export class GrafanaTemplateSrv implements TemplateSrv {
  private readonly variables: TestVariable[];

  constructor(variables: TestVariable[]) {
    this.variables = variables;
  }

  getVariables(): TypedVariableModel[] {
    return this.variables.map((variable): CustomVariableModel => {
      const isAll = variable.current === ALL;
      const selected = isAll ? [] : [variable.current].flat();
      return {
        id: variable.name,
        name: variable.name,
        type: 'custom',
        rootStateKey: 'dashboard',
        global: false,
        hide: 0,
        skipUrlSync: false,
        index: 0,
        state: LoadingState.Done,
        error: null,
        description: null,
        query: variable.options.join(','),
        multi: true,
        includeAll: true,
        allValue: variable.allValue ?? null,
        current: option(isAll ? ALL : selected.join(','), true),
        options: [
          option(ALL, isAll),
          ...variable.options.map((value) => option(value, isAll || selected.includes(value))),
        ],
      };
    });
  }

  replace(target = '', scopedVars: ScopedVars = {}, format?: Format): string {
    return target.replace(VARIABLE_PATTERN, (match: string, ...groups: Array<string | undefined>) => {
      const name = groups[0] ?? groups[1] ?? groups[3] ?? '';
      const fmt: Format = groups[2] ?? groups[4] ?? format;
      const scoped: unknown = scopedVars[name]?.value;
      if (typeof scoped === 'string' || Array.isArray(scoped)) {
        return formatValue(scoped, fmt);
      }
      const variable = this.variables.find((candidate) => candidate.name === name);
      if (!variable) {
        return match;
      }
      if (variable.current === ALL) {
        if (variable.allValue) {
          return variable.allValue;
        }
        return formatValue(variable.options, fmt);
      }
      return formatValue(variable.current, fmt);
    });
  }

  containsTemplate(target = ''): boolean {
    return new RegExp(VARIABLE_PATTERN.source).test(target);
  }

  updateTimeRange(): void {}
}

export function installGrafanaTemplateSrv(variables: TestVariable[]): GrafanaTemplateSrv {
  const templateSrv = new GrafanaTemplateSrv(variables);
  setTemplateSrv(templateSrv);
  return templateSrv;
}
