import { alertListUrl, alertRuleUrl, catalogPath, exploreUrl, kpiPagePath, overviewPath } from './links';

describe('links', () => {
  it('app pages keep the data source', () => {
    expect(kpiPagePath('a b')).toBe('/a/northstar-kpi-app/kpi/a%20b');
    expect(kpiPagePath('orders', 'uid-1')).toBe('/a/northstar-kpi-app/kpi/orders?datasource=uid-1');
    expect(overviewPath()).toBe('/a/northstar-kpi-app/overview');
    expect(catalogPath('orders', 'uid-1')).toBe('/a/northstar-kpi-app/catalog?kpi=orders&datasource=uid-1');
  });

  it('Explore opens one pane with the KPI query of the data source', () => {
    const url = new URL(exploreUrl('uid-1', { kpi: 'orders', measures: ['series'] }), 'http://grafana');
    expect(url.pathname).toBe('/explore');
    expect(url.searchParams.get('schemaVersion')).toBe('1');
    expect(JSON.parse(url.searchParams.get('panes') ?? '')).toEqual({
      kpi: {
        datasource: 'uid-1',
        queries: [
          {
            refId: 'A',
            datasource: { type: 'northstar-kpi-datasource', uid: 'uid-1' },
            kpi: 'orders',
            measures: ['series'],
          },
        ],
        range: { from: 'now-7d', to: 'now' },
      },
    });
  });

  it('alerting: the rule list filtered by the kpi label, and one rule by uid', () => {
    const list = new URL(alertListUrl('orders'), 'http://grafana');
    expect(list.pathname).toBe('/alerting/list');
    expect(list.searchParams.get('search')).toBe('label:kpi=orders');
    expect(alertRuleUrl('northstar-slo-abc')).toBe('/alerting/grafana/northstar-slo-abc/view');
  });
});
