import {
  AdHocVariableFilter,
  CoreApp,
  DataSourceGetTagKeysOptions,
  DataSourceGetTagValuesOptions,
  DataSourceInstanceSettings,
  LegacyMetricFindQueryOptions,
  MetricFindValue,
  rangeUtil,
  ScopedVars,
  TimeRange,
} from '@grafana/data';
import { DataSourceWithBackend, getTemplateSrv } from '@grafana/runtime';
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
import { interpolateQuery, namedKpis } from './variables/interpolate';
import { KpiVariableSupport } from './variables/KpiVariableSupport';
import { DimensionValuesResponse, fromTextQuery, InterpolatedKpiQuery } from './variables/model';
import { runVariableQuery } from './variables/runVariableQuery';
import { queryDisplayText } from './queryText';

/** Data points a generated query preview is sized for when the caller has no interval of its own. */
const PREVIEW_RESOLUTION = 1000;

/** What narrows a request for dimension values. */
export interface DimensionValuesRequest {
  range?: TimeRange;
  /** Values of other dimensions the listed values occur with. */
  filters?: Record<string, string[]>;
}

type ResourceParams = Record<string, string | number | string[]>;

/** What narrows the preview of a KPI's calls to those of one query. */
export interface KpiPreviewOptions {
  /** The query's measures; the backend previews the KPI measures among them (none: all). */
  measures?: string[];
  /** The query's filters, interpolated. */
  filters?: Record<string, string[]>;
}

function valuesParams({ range, filters = {} }: DimensionValuesRequest): ResourceParams {
  const params: ResourceParams = {};
  if (range) {
    params.from = range.from.valueOf();
    params.to = range.to.valueOf();
  }
  const filter = Object.entries(filters).flatMap(([dimension, values]) => values.map((v) => `${dimension}=${v}`));
  if (filter.length > 0) {
    params.filter = filter;
  }
  return params;
}

export class DataSource extends DataSourceWithBackend<KpiQuery, KpiDataSourceOptions> {
  constructor(instanceSettings: DataSourceInstanceSettings<KpiDataSourceOptions>) {
    super(instanceSettings);
    this.variables = new KpiVariableSupport(this);
  }

  /**
   * Every KPI measure; the KPI is chosen in the editor, which in Explore picks the catalog's first
   * KPI when the query names none (QueryEditor), and elsewhere says what to choose.
   */
  getDefaultQuery(_app: CoreApp): Partial<KpiQuery> {
    return { measures: [...ALL_MEASURES] };
  }

  /** One line for Explore's query history and collapsed query rows (docs/editors.md). */
  getQueryDisplayText(query: KpiQuery): string {
    return queryDisplayText(query);
  }

  /**
   * Resolves template variables (multi-value and All become lists, docs/variables.md) and adds the
   * dashboard's ad hoc filters, which Grafana passes here.
   */
  applyTemplateVariables(
    query: KpiQuery,
    scopedVars: ScopedVars,
    filters?: AdHocVariableFilter[]
  ): InterpolatedKpiQuery {
    return interpolateQuery(getTemplateSrv(), query, scopedVars, filters);
  }

  /** A query runs only when it names a KPI or carries a selector (`{}` = whole catalog). */
  filterQuery(query: InterpolatedKpiQuery): boolean {
    if (query.hide) {
      return false;
    }
    return Boolean(query.kpi?.trim()) || Boolean(query.kpis?.length) || query.selector !== undefined;
  }

  /** GET `kpis`: the KPIs of the catalog, optionally narrowed by tag, owner and category. */
  async listKpis(params: KpiListParams = {}): Promise<KpiSummary[]> {
    const definedParams = Object.fromEntries(Object.entries(params).filter(([, value]) => Boolean(value)));
    const response = await this.getResource<KpiListResponse>('kpis', definedParams);
    return response.kpis ?? [];
  }

  /**
   * GET `kpis/<id>`: one KPI and the calls (PromQL or SQL) a query of it sends over `range`: for the
   * query's KPI measures (none: all) and filters, when given.
   */
  getKpi(id: string, range: TimeRange, stepMs?: number, options: KpiPreviewOptions = {}): Promise<KpiDetailResponse> {
    const step = stepMs ?? rangeUtil.calculateInterval(range, PREVIEW_RESOLUTION).intervalMs;
    const params: ResourceParams = valuesParams({ filters: options.filters });
    params.from = range.from.valueOf();
    params.to = range.to.valueOf();
    params.step = step;
    if (options.measures?.length) {
      params.measures = options.measures.join(',');
    }
    return this.getResource<KpiDetailResponse>(`kpis/${encodeURIComponent(id)}`, params);
  }

  /**
   * GET `kpis/<id>/dimensions/<name>/values`: the values of one of the KPI's dimensions, from its
   * source (at most 1,000). Filters must be on the KPI's own dimensions.
   */
  getKpiDimensionValues(
    kpi: string,
    dimension: string,
    request: DimensionValuesRequest = {}
  ): Promise<DimensionValuesResponse> {
    const path = `kpis/${encodeURIComponent(kpi)}/dimensions/${encodeURIComponent(dimension)}/values`;
    return this.getResource<DimensionValuesResponse>(path, valuesParams(request));
  }

  /**
   * GET `dimensions/<name>/values`: the union of the values over these KPIs (none: every KPI with
   * the dimension). KPIs without the dimension are skipped, and so are filters a KPI cannot take.
   */
  getDimensionValues(
    kpis: string[],
    dimension: string,
    request: DimensionValuesRequest = {}
  ): Promise<DimensionValuesResponse> {
    const params = valuesParams(request);
    if (kpis.length > 0) {
      params.kpi = kpis;
    }
    return this.getResource<DimensionValuesResponse>(`dimensions/${encodeURIComponent(dimension)}/values`, params);
  }

  /** POST `validate`: checks catalog YAML (sent as is, not JSON) without saving it. */
  validateCatalog(yaml: string): Promise<CatalogValidationResponse> {
    return this.postResource<CatalogValidationResponse>('validate', yaml, {
      headers: { 'Content-Type': 'application/yaml' },
    });
  }

  /** The text form of variable queries (variableQuery.ts), for callers that still use it. */
  async metricFindQuery(query: string, options?: LegacyMetricFindQueryOptions): Promise<MetricFindValue[]> {
    return runVariableQuery(this, fromTextQuery(parseVariableQuery(query)), {
      range: options?.range,
      scopedVars: options?.scopedVars,
    });
  }

  /**
   * The KPIs ad hoc filters apply to: those the dashboard's queries name, or the whole catalog
   * when no query names any or one uses a selector.
   */
  private async adhocKpis(queries: KpiQuery[] = []): Promise<{ kpis: KpiSummary[]; named: boolean }> {
    const all = await this.listKpis();
    const active = queries.filter((query) => !query.hide);
    if (active.length === 0 || active.some((query) => query.selector !== undefined)) {
      return { kpis: all, named: false };
    }
    const ids = new Set(active.flatMap((query) => namedKpis(getTemplateSrv(), query)));
    const named = all.filter((kpi) => ids.has(kpi.id));
    return named.length > 0 ? { kpis: named, named: true } : { kpis: all, named: false };
  }

  /** Ad hoc filter keys: the dimension names of the KPIs the dashboard queries (or of the catalog). */
  async getTagKeys(options?: DataSourceGetTagKeysOptions<KpiQuery>): Promise<MetricFindValue[]> {
    const { kpis } = await this.adhocKpis(options?.queries);
    const names = Array.from(new Set(kpis.flatMap((kpi) => kpi.dimensions ?? []))).sort();
    return names.map((name) => ({ text: name, value: name }));
  }

  /**
   * Ad hoc filter values: the values of the dimension in the sources of the KPIs that have it, over
   * the dashboard's time range, narrowed by the other `=` filters.
   */
  async getTagValues(options: DataSourceGetTagValuesOptions<KpiQuery>): Promise<MetricFindValue[]> {
    const { kpis, named } = await this.adhocKpis(options.queries);
    const withKey = kpis.filter((kpi) => (kpi.dimensions ?? []).includes(options.key));
    if (withKey.length === 0) {
      return [];
    }
    const filters: Record<string, string[]> = {};
    for (const filter of options.filters ?? []) {
      if (filter.key !== options.key && filter.operator === '=') {
        filters[filter.key] = [...(filters[filter.key] ?? []), filter.value];
      }
    }
    // Every KPI of the catalog with the dimension: the backend finds them itself.
    const ids = named ? withKey.map((kpi) => kpi.id) : [];
    const answer = await this.getDimensionValues(ids, options.key, { range: options.timeRange, filters });
    return answer.values.map((value) => ({ text: value, value }));
  }
}
