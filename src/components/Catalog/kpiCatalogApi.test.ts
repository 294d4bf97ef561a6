import { DataSourceApi } from '@grafana/data';
import { installBackend, makeDataSource } from '../../datasource/testing/fakes';
import { isKpiDatasource, kpiCatalogApi, PREVIEW_RANGE_DAYS } from './kpiCatalogApi';

const NOW = Date.parse('2026-11-23T12:00:00Z');
const DAY = 86_400_000;

/**
 * An instance as Grafana builds it from dist/datasource/module.js: a separate bundle, so its class
 * is not the DataSource class this bundle would import. Only its plugin identity and its API count.
 */
function instanceFromAnotherBundle(fields: Partial<DataSourceApi> & Record<string, unknown>): DataSourceApi {
  return { uid: 'kpi-uid', name: 'Northstar KPI', type: 'northstar-kpi-datasource', ...fields } as DataSourceApi;
}

describe('isKpiDatasource', () => {
  it('recognises the plugin by its id, not by its class', () => {
    expect(isKpiDatasource({ type: 'northstar-kpi-datasource' })).toBe(true);
    expect(isKpiDatasource({ type: 'other', meta: { id: 'northstar-kpi-datasource' } })).toBe(true);
    expect(isKpiDatasource({ type: 'prometheus', meta: { id: 'prometheus' } })).toBe(false);
    expect(isKpiDatasource(makeDataSource())).toBe(true);
  });
});

describe('kpiCatalogApi', () => {
  it("goes through the instance's getResource", async () => {
    const getResource = jest.fn(async (path: string) =>
      path === 'kpis' ? { kpis: [{ id: 'a', name: 'A' }] } : { kpi: { id: 'a', name: 'A' }, promql: { series: 'up' } }
    );
    const api = kpiCatalogApi(instanceFromAnotherBundle({ getResource }), () => NOW);

    expect(await api.listKpis()).toEqual([{ id: 'a', name: 'A' }]);
    expect(getResource).toHaveBeenLastCalledWith('kpis', undefined);

    const detail = await api.getKpi('a/b');
    expect(detail).toEqual({ kpi: { id: 'a', name: 'A' }, language: 'promql', queries: { series: 'up' } });
    expect(getResource).toHaveBeenLastCalledWith('kpis/a%2Fb', {
      from: NOW - PREVIEW_RANGE_DAYS * DAY,
      to: NOW,
      step: expect.any(Number),
    });
  });

  it("uses Grafana's resource URL when the instance has no getResource", async () => {
    const fetch = installBackend((request) =>
      request.url.endsWith('/kpis') ? { kpis: [] } : { kpi: {}, queries: {} }
    );
    const api = kpiCatalogApi(instanceFromAnotherBundle({}), () => NOW);

    expect(await api.listKpis()).toEqual([]);
    expect(fetch).toHaveBeenLastCalledWith(
      expect.objectContaining({ method: 'GET', url: '/api/datasources/uid/kpi-uid/resources/kpis' })
    );
    await api.getKpi('orders');
    expect(fetch).toHaveBeenLastCalledWith(
      expect.objectContaining({
        url: '/api/datasources/uid/kpi-uid/resources/kpis/orders',
        params: expect.objectContaining({ to: NOW }),
      })
    );
  });
});
