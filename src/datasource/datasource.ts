import {
  CoreApp,
  LegacyMetricFindQueryOptions,
  MetricFindValue,
  rangeUtil,
  ScopedVars,
  TimeRange,
} from '@grafana/data';
import { DataSourceWithBackend, getTemplateSrv } from '@grafana/runtime';
import { interpolateQuery } from './interpolation';
import {
  ALL_MEASURES,
  CatalogValidationResponse,
  KpiDataSourceOptions,
  KpiDetailResponse,
  KpiListParams,
  KpiListResponse,
  KpiQuery,
  KpiSummary,
} from './types';
import { parseVariableQuery } from './variableQuery';

/** Data points a generated query preview is sized for when the caller has no interval of its own. */
const PREVIEW_RESOLUTION = 1000;

export class DataSource extends DataSourceWithBackend<KpiQuery, KpiDataSourceOptions> {
  getDefaultQuery(_app: CoreApp): Partial<KpiQuery> {
    return { measures: [...ALL_MEASURES] };
  }

  applyTemplateVariables(query: KpiQuery, scopedVars: ScopedVars): KpiQuery {
    return interpolateQuery(getTemplateSrv(), query, scopedVars);
  }

  /** A query runs only when it names a KPI or carries a selector (`{}` = whole catalog). */
  filterQuery(query: KpiQuery): boolean {
    if (query.hide) {
      return false;
    }
    return Boolean(query.kpi?.trim()) || query.selector !== undefined;
  }

  /** GET `kpis`: the KPIs of the catalog, optionally narrowed by tag, owner and category. */
  async listKpis(params: KpiListParams = {}): Promise<KpiSummary[]> {
    const definedParams = Object.fromEntries(Object.entries(params).filter(([, value]) => Boolean(value)));
    const response = await this.getResource<KpiListResponse>('kpis', definedParams);
    return response.kpis ?? [];
  }

  /** GET `kpis/<id>`: one KPI and the queries (PromQL or SQL) generated for it over `range`. */
  getKpi(id: string, range: TimeRange, stepMs?: number): Promise<KpiDetailResponse> {
    const step = stepMs ?? rangeUtil.calculateInterval(range, PREVIEW_RESOLUTION).intervalMs;
    return this.getResource<KpiDetailResponse>(`kpis/${encodeURIComponent(id)}`, {
      from: range.from.valueOf(),
      to: range.to.valueOf(),
      step,
    });
  }

  /** POST `validate`: checks catalog YAML (sent as is, not JSON) without saving it. */
  validateCatalog(yaml: string): Promise<CatalogValidationResponse> {
    return this.postResource<CatalogValidationResponse>('validate', yaml, {
      headers: { 'Content-Type': 'application/yaml' },
    });
  }

  /** Template variable support: `kpis(...)` lists KPI ids, `dimensions(<kpi>)` a KPI's dimension names. */
  async metricFindQuery(query: string, options?: LegacyMetricFindQueryOptions): Promise<MetricFindValue[]> {
    const variableQuery = parseVariableQuery(getTemplateSrv().replace(query, options?.scopedVars));
    if (variableQuery.kind === 'kpis') {
      const kpis = await this.listKpis(variableQuery.params);
      return kpis.map((kpi) => ({ text: kpi.id, value: kpi.id }));
    }
    const kpis = await this.listKpis();
    const kpi = kpis.find((candidate) => candidate.id === variableQuery.kpi);
    if (!kpi) {
      throw new Error(`Unknown KPI "${variableQuery.kpi}"`);
    }
    return (kpi.dimensions ?? []).map((dimension) => ({ text: dimension, value: dimension }));
  }
}
