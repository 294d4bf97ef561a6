import type { KpiSummary } from '../../datasource/types';
import type { OverviewRow } from './overviewRows';
import { DEFAULT_VIEW, filterChoices, filterRows, readViewState, writeViewState } from './overviewUrlState';

const kpi = (id: string, fields: Partial<KpiSummary>): KpiSummary => ({ id, name: id.replace(/_/g, ' '), ...fields });

const rows: OverviewRow[] = [
  kpi('checkout_success', {
    owner: 'team-payments',
    category: 'commerce',
    tags: ['checkout', 'revenue'],
    source: 'prom',
  }),
  kpi('shop_orders', { owner: 'team-shop', category: 'commerce', tags: ['revenue', 'sql'], source: 'shop' }),
  kpi('api_latency', { owner: 'team-api', category: 'platform', tags: ['latency'], source: 'prom' }),
].map((k) => ({ key: `${k.id}||`, kind: 'kpi', kpi: k, dimensions: {}, pairs: [], firing: 0, status: 'ok' }));

const ids = (list: OverviewRow[]) => list.map((r) => r.kpi.id);

describe('overview URL state', () => {
  it('reads the defaults from an empty query string', () => {
    expect(readViewState(new URLSearchParams())).toEqual(DEFAULT_VIEW);
  });

  it('reads every filter, the search and the sort', () => {
    const view = readViewState(
      new URLSearchParams('q=shop&owner=team-shop&tag=sql&category=commerce&source=shop&sort=name&datasource=x')
    );
    expect(view).toEqual({
      search: 'shop',
      owner: 'team-shop',
      tag: 'sql',
      category: 'commerce',
      source: 'shop',
      sort: 'name',
    });
  });

  it('ignores an unknown sort and empty filters', () => {
    expect(readViewState(new URLSearchParams('sort=budget&owner=&tag=%20'))).toEqual(DEFAULT_VIEW);
  });

  it('writes only what differs from the defaults and keeps the other parameters', () => {
    const params = new URLSearchParams('datasource=uid1&theme=dark&owner=old');
    const written = writeViewState(params, { ...DEFAULT_VIEW, tag: 'sql', search: 'orders' });
    expect(written.toString()).toBe('datasource=uid1&theme=dark&q=orders&tag=sql');
    expect(params.toString()).toBe('datasource=uid1&theme=dark&owner=old');
    expect(writeViewState(written, DEFAULT_VIEW).toString()).toBe('datasource=uid1&theme=dark');
  });

  it('round-trips a view through the URL', () => {
    const view = { search: 'a b', owner: 'team-x', tag: undefined, category: 'c', source: 's', sort: 'name' as const };
    expect(readViewState(writeViewState(new URLSearchParams(), view))).toEqual(view);
  });
});

describe('filterRows', () => {
  it('filters by owner, tag, category and source, all at once', () => {
    expect(ids(filterRows(rows, { ...DEFAULT_VIEW, tag: 'revenue' }))).toEqual(['checkout_success', 'shop_orders']);
    expect(ids(filterRows(rows, { ...DEFAULT_VIEW, tag: 'revenue', source: 'prom' }))).toEqual(['checkout_success']);
    expect(ids(filterRows(rows, { ...DEFAULT_VIEW, owner: 'team-api', category: 'platform' }))).toEqual([
      'api_latency',
    ]);
    expect(ids(filterRows(rows, { ...DEFAULT_VIEW, category: 'growth' }))).toEqual([]);
  });

  it('searches names and ids, ignoring case', () => {
    expect(ids(filterRows(rows, { ...DEFAULT_VIEW, search: 'SHOP ' }))).toEqual(['shop_orders']);
    expect(ids(filterRows(rows, { ...DEFAULT_VIEW, search: 'api_lat' }))).toEqual(['api_latency']);
  });

  it('offers the distinct values of the catalog as choices', () => {
    expect(filterChoices(rows)).toEqual({
      owner: ['team-api', 'team-payments', 'team-shop'],
      tag: ['checkout', 'latency', 'revenue', 'sql'],
      category: ['commerce', 'platform'],
      source: ['prom', 'shop'],
    });
  });
});
