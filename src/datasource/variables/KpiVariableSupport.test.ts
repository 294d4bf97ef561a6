import { lastValueFrom } from 'rxjs';
import { BackendSrvRequest } from '@grafana/runtime';
import { DataFrame, DataQueryRequest, dateTime, TimeRange } from '@grafana/data';
import { installBackend, makeDataSource } from '../testing/fakes';
import { KpiSummary } from '../types';
import { KpiVariableSupport } from './KpiVariableSupport';
import { KpiVariableQuery } from './model';
import { installGrafanaTemplateSrv } from './testing';

const KPIS: KpiSummary[] = [
  {
    id: 'checkout_success_rate',
    name: 'Checkout success rate',
    owner: 'team-payments',
    category: 'commerce',
    tags: ['checkout'],
    dimensions: ['region', 'psp'],
  },
  { id: 'signup_rate', name: 'Signup rate', owner: 'team-growth', category: 'growth', tags: ['growth'] },
  {
    id: 'api_availability',
    name: 'API availability',
    owner: 'team-api',
    category: 'platform',
    tags: ['platform', 'checkout'],
    dimensions: ['region', 'instance'],
  },
];

const RANGE: TimeRange = { from: dateTime(1_000_000), to: dateTime(4_600_000), raw: { from: 'now-1h', to: 'now' } };

/** The resources the variable support asks for: the catalog, and dimension values by route. */
function backend(values: Record<string, string[]> = {}) {
  return installBackend((request: BackendSrvRequest) => {
    const path = request.url.replace('/api/datasources/uid/kpi-uid/resources/', '');
    if (path === 'kpis') {
      return { kpis: KPIS };
    }
    return { dimension: 'region', values: values[path] ?? [], truncated: false, limit: 1000 };
  });
}

function request(target: KpiVariableQuery | string): DataQueryRequest<KpiVariableQuery> {
  // Grafana puts the variable's saved query as the only target; old dashboards saved a string.
  return { targets: [target], range: RANGE, scopedVars: {} } as unknown as DataQueryRequest<KpiVariableQuery>;
}

async function optionsOf(target: KpiVariableQuery | string) {
  const support = makeDataSource().variables;
  if (!(support instanceof KpiVariableSupport)) {
    throw new Error('the datasource does not use KpiVariableSupport');
  }
  const response = await lastValueFrom(support.query(request(target)));
  const frame: DataFrame = response.data[0];
  const field = (name: string) => frame.fields.find((candidate) => candidate.name === name)?.values ?? [];
  return { texts: field('text'), values: field('value') };
}

describe('query variables (CustomVariableSupport)', () => {
  beforeEach(() => {
    installGrafanaTemplateSrv([
      { name: 'tag', options: ['checkout', 'growth', 'platform'], current: ['growth', 'platform'] },
      { name: 'team', options: ['team-payments', 'team-api'], current: '$__all', allValue: '.*' },
      {
        name: 'kpi',
        options: ['checkout_success_rate', 'api_availability'],
        current: ['checkout_success_rate', 'api_availability'],
      },
      { name: 'one_kpi', options: ['checkout_success_rate', 'api_availability'], current: 'api_availability' },
      { name: 'psp', options: ['adyen', 'stripe'], current: ['adyen', 'stripe'] },
    ]);
  });

  it('lists KPI ids by tag, owner and category, and any of the values of a multi-value variable', async () => {
    backend();
    expect((await optionsOf({ refId: 'A', kind: 'kpis' })).values).toEqual([
      'checkout_success_rate',
      'signup_rate',
      'api_availability',
    ]);
    expect((await optionsOf({ refId: 'A', kind: 'kpis', tag: 'checkout', owner: 'team-api' })).values).toEqual([
      'api_availability',
    ]);
    expect((await optionsOf({ refId: 'A', kind: 'kpis', tag: '$tag' })).values).toEqual([
      'signup_rate',
      'api_availability',
    ]);
    // All with a custom all value: no restriction.
    expect((await optionsOf({ refId: 'A', kind: 'kpis', owner: '$team' })).values).toHaveLength(3);
  });

  it('lists the dimension names of one KPI, or of every KPI of a multi-value variable', async () => {
    backend();
    expect((await optionsOf({ refId: 'A', kind: 'dimensions', kpi: 'checkout_success_rate' })).values).toEqual([
      'region',
      'psp',
    ]);
    expect((await optionsOf({ refId: 'A', kind: 'dimensions', kpi: '$kpi' })).values).toEqual([
      'region',
      'psp',
      'instance',
    ]);
  });

  it('lists the values of a dimension of one KPI from its route, with the time range and filters', async () => {
    const fetch = backend({ 'kpis/api_availability/dimensions/region/values': ['eu', 'us'] });
    const result = await optionsOf({
      refId: 'A',
      kind: 'dimensionValues',
      kpi: '$one_kpi',
      dimension: 'region',
      filters: { instance: ['a', 'b'] },
    });
    expect(result).toEqual({ texts: ['eu', 'us'], values: ['eu', 'us'] });
    expect(fetch).toHaveBeenCalledWith(
      expect.objectContaining({
        url: '/api/datasources/uid/kpi-uid/resources/kpis/api_availability/dimensions/region/values',
        params: { from: 1_000_000, to: 4_600_000, filter: ['instance=a', 'instance=b'] },
      })
    );
  });

  it('lists the union over the KPIs of a multi-value variable, and over the catalog without a KPI', async () => {
    const fetch = backend({ 'dimensions/region/values': ['apac', 'eu'] });
    expect(
      (
        await optionsOf({
          refId: 'A',
          kind: 'dimensionValues',
          kpi: '$kpi',
          dimension: 'region',
          filters: { psp: ['$psp'] },
        })
      ).values
    ).toEqual(['apac', 'eu']);
    expect(fetch).toHaveBeenLastCalledWith(
      expect.objectContaining({
        url: '/api/datasources/uid/kpi-uid/resources/dimensions/region/values',
        params: expect.objectContaining({
          kpi: ['checkout_success_rate', 'api_availability'],
          filter: ['psp=adyen', 'psp=stripe'],
        }),
      })
    );
    await optionsOf({ refId: 'A', kind: 'dimensionValues', dimension: 'region' });
    expect(fetch.mock.calls[fetch.mock.calls.length - 1][0].params).toEqual({ from: 1_000_000, to: 4_600_000 });
  });

  it('runs the text form that dashboards saved before the editor', async () => {
    backend({ 'kpis/checkout_success_rate/dimensions/psp/values': ['adyen'] });
    expect((await optionsOf('dimensions(checkout_success_rate)')).values).toEqual(['region', 'psp']);
    expect((await optionsOf('dimension_values(checkout_success_rate, psp, region=eu)')).values).toEqual(['adyen']);
    expect((await optionsOf({ refId: 'A', query: 'kpis(tag=growth)' } as unknown as KpiVariableQuery)).values).toEqual([
      'signup_rate',
    ]);
  });

  it('fails with a message for an unknown KPI, a missing dimension and several dimensions', async () => {
    backend();
    await expect(optionsOf({ refId: 'A', kind: 'dimensions', kpi: 'nope' })).rejects.toThrow('Unknown KPI "nope"');
    await expect(optionsOf({ refId: 'A', kind: 'dimensionValues', kpi: 'signup_rate' })).rejects.toThrow(
      'choose a dimension'
    );
    await expect(optionsOf({ refId: 'A', kind: 'dimensionValues', dimension: '$psp' })).rejects.toThrow(
      'one dimension at a time'
    );
    await expect(optionsOf('metrics()')).rejects.toThrow('Unknown function "metrics"');
  });
});

describe('ad hoc filters', () => {
  beforeEach(() => {
    installGrafanaTemplateSrv([
      {
        name: 'kpi',
        options: ['checkout_success_rate', 'signup_rate'],
        current: ['checkout_success_rate', 'signup_rate'],
      },
    ]);
  });

  it('offer the dimension names of the catalog as keys, or of the KPIs the queries name', async () => {
    backend();
    const ds = makeDataSource();
    expect((await ds.getTagKeys()).map((key) => key.value)).toEqual(['instance', 'psp', 'region']);
    const queries = [{ refId: 'A', kpi: '$kpi' }];
    expect((await ds.getTagKeys({ filters: [], queries })).map((key) => key.value)).toEqual(['psp', 'region']);
    // A selector may match any KPI: every dimension of the catalog.
    const withSelector = [...queries, { refId: 'B', selector: { owner: 'team-api' } }];
    expect((await ds.getTagKeys({ filters: [], queries: withSelector })).map((key) => key.value)).toHaveLength(3);
  });

  it('take their values from the sources of the KPIs with the dimension, narrowed by the other = filters', async () => {
    const fetch = backend({ 'dimensions/region/values': ['eu', 'us'] });
    const ds = makeDataSource();
    const values = await ds.getTagValues({
      key: 'region',
      timeRange: RANGE,
      queries: [{ refId: 'A', kpi: '$kpi' }],
      filters: [
        { key: 'psp', operator: '=', value: 'adyen' },
        { key: 'instance', operator: '!=', value: 'a' },
      ],
    });
    expect(values).toEqual([
      { text: 'eu', value: 'eu' },
      { text: 'us', value: 'us' },
    ]);
    expect(fetch).toHaveBeenLastCalledWith(
      expect.objectContaining({
        url: '/api/datasources/uid/kpi-uid/resources/dimensions/region/values',
        // signup_rate has no region: only the KPI with the dimension is asked.
        params: { from: 1_000_000, to: 4_600_000, filter: ['psp=adyen'], kpi: ['checkout_success_rate'] },
      })
    );
  });

  it('have no values for a key no KPI has', async () => {
    const fetch = backend();
    expect(await makeDataSource().getTagValues({ key: 'planet', filters: [] })).toEqual([]);
    expect(fetch).toHaveBeenCalledTimes(1); // the catalog only
  });
});
