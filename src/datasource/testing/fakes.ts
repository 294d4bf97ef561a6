// Test doubles for the Grafana services the datasource uses. Only imported by tests.
import { of } from 'rxjs';
import { DataSourceInstanceSettings, DataSourcePluginMeta, ScopedVars, TypedVariableModel } from '@grafana/data';
import {
  BackendSrv,
  BackendSrvRequest,
  FetchResponse,
  setBackendSrv,
  setTemplateSrv,
  TemplateSrv,
} from '@grafana/runtime';
import { DataSource } from '../datasource';
import { KpiDataSourceOptions } from '../types';

type VariableValue = string | string[];
type FormatFunction = (value: VariableValue) => string;

const VARIABLE_PATTERN = /\$\{(\w+)\}|\$(\w+)/g;

/** Interpolates `$name` and `${name}` like Grafana does for the formats the datasource uses. */
export class FakeTemplateSrv implements TemplateSrv {
  constructor(private readonly values: Record<string, VariableValue> = {}) {}

  getVariables(): TypedVariableModel[] {
    // Callers only read `name`; a full variable model is irrelevant here.
    return Object.keys(this.values).map((name) => ({ name, type: 'custom' }) as TypedVariableModel);
  }

  replace(target = '', scopedVars: ScopedVars = {}, format?: string | FormatFunction): string {
    return target.replace(VARIABLE_PATTERN, (match, braced: string | undefined, bare: string | undefined) => {
      const name = braced ?? bare ?? '';
      const value: VariableValue | undefined = scopedVars[name]?.value ?? this.values[name];
      if (value === undefined) {
        return match;
      }
      if (typeof format === 'function') {
        return format(value);
      }
      // Grafana's default format for multi-value variables is a glob: {a,b}.
      return Array.isArray(value) ? `{${value.join(',')}}` : value;
    });
  }

  containsTemplate(target = ''): boolean {
    return new RegExp(VARIABLE_PATTERN.source).test(target);
  }

  updateTimeRange(): void {}
}

export function installTemplateSrv(values: Record<string, VariableValue> = {}): FakeTemplateSrv {
  const templateSrv = new FakeTemplateSrv(values);
  setTemplateSrv(templateSrv);
  return templateSrv;
}

/** Answers every backend request with `answer(request)`; returns the mock to inspect the requests. */
export function installBackend(answer: (request: BackendSrvRequest) => unknown) {
  const fetch = jest.fn((request: BackendSrvRequest) =>
    of({ data: answer(request), status: 200, ok: true } as FetchResponse)
  );
  // The datasource only calls fetch(); the rest of BackendSrv is irrelevant here.
  setBackendSrv({ fetch } as unknown as BackendSrv);
  return fetch;
}

export function makeDataSource(jsonData: KpiDataSourceOptions = {}): DataSource {
  const settings: DataSourceInstanceSettings<KpiDataSourceOptions> = {
    // Deprecated, yet still a required field of DataSourceInstanceSettings.
    // eslint-disable-next-line @typescript-eslint/no-deprecated
    id: 1,
    uid: 'kpi-uid',
    type: 'northstar-kpi-datasource',
    name: 'Northstar KPI',
    access: 'proxy',
    readOnly: false,
    jsonData,
    // The datasource never reads its plugin meta; Grafana's data source picker reads the logo.
    meta: {
      id: 'northstar-kpi-datasource',
      name: 'Northstar KPI',
      info: { logos: { small: 'img/logo.svg', large: 'img/logo.svg' } },
    } as DataSourcePluginMeta<KpiDataSourceOptions>,
  };
  return new DataSource(settings);
}
