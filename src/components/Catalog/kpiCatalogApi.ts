import { lastValueFrom } from 'rxjs';
import { DataSourceApi, dateTime, rangeUtil, TimeRange } from '@grafana/data';
import { getBackendSrv } from '@grafana/runtime';
import { DATASOURCE_PLUGIN_ID } from '../../constants';
import type { KpiListResponse, KpiSummary } from '../../datasource/types';
import { KpiDetail, KpiDetailAnswer, readKpiDetail } from './kpiDetail';

/**
 * What the catalog page asks of a Northstar KPI data source. Grafana builds the instance from
 * dist/datasource/module.js, a bundle with its own copy of the DataSource class, so the page
 * never relies on that class: it talks to the instance through its resource API.
 */
export interface KpiCatalogApi {
  /** GET `kpis`. */
  listKpis(): Promise<KpiSummary[]>;
  /** GET `kpis/<id>`: the KPI and the queries generated for it over the preview range. */
  getKpi(id: string): Promise<KpiDetail>;
}

type ResourceParams = Record<string, string | number>;

/** `DataSourceWithBackend.getResource`, as any instance of a backend data source has it. */
interface ResourceClient {
  getResource<T>(path: string, params?: ResourceParams): Promise<T>;
}

/** The range the generated queries are shown for: the executive dashboard's default, the last 7 days. */
export const PREVIEW_RANGE_DAYS = 7;
/** Data points the preview's step is sized for (as the query editor's preview does). */
const PREVIEW_RESOLUTION = 1000;

/** True for instances (or instance settings) of the Northstar KPI data source plugin, from whatever bundle. */
export function isKpiDatasource(datasource: { type?: string; meta?: { id?: string } }): boolean {
  return datasource.meta?.id === DATASOURCE_PLUGIN_ID || datasource.type === DATASOURCE_PLUGIN_ID;
}

function hasResourceApi(datasource: object): datasource is ResourceClient {
  return 'getResource' in datasource && typeof datasource.getResource === 'function';
}

/** The preview range ending at `now`. */
export function previewRange(now: number): TimeRange {
  const to = dateTime(now);
  const from = dateTime(now - PREVIEW_RANGE_DAYS * 86_400_000);
  return { from, to, raw: { from: `now-${PREVIEW_RANGE_DAYS}d`, to: 'now' } };
}

/** Resource calls through the instance's getResource, or Grafana's resource URL when it has none. */
function resourceGetter(datasource: DataSourceApi): <T>(path: string, params?: ResourceParams) => Promise<T> {
  if (hasResourceApi(datasource)) {
    return (path, params) => datasource.getResource(path, params);
  }
  return async <T>(path: string, params?: ResourceParams) => {
    const response = await lastValueFrom(
      getBackendSrv().fetch<T>({
        method: 'GET',
        url: `/api/datasources/uid/${encodeURIComponent(datasource.uid)}/resources/${path}`,
        params,
      })
    );
    return response.data;
  };
}

/** The catalog API of a Northstar KPI data source instance (check isKpiDatasource first). */
export function kpiCatalogApi(datasource: DataSourceApi, now: () => number = Date.now): KpiCatalogApi {
  const get = resourceGetter(datasource);
  return {
    async listKpis() {
      const response = await get<KpiListResponse>('kpis');
      return response.kpis ?? [];
    },
    async getKpi(id) {
      const range = previewRange(now());
      const step = rangeUtil.calculateInterval(range, PREVIEW_RESOLUTION).intervalMs;
      const answer = await get<KpiDetailAnswer>(`kpis/${encodeURIComponent(id)}`, {
        from: range.from.valueOf(),
        to: range.to.valueOf(),
        step,
      });
      return readKpiDetail(answer);
    },
  };
}
