import { CoreApp, dateTime, ScopedVars, TimeRange } from '@grafana/data';
import { installBackend, installTemplateSrv, makeDataSource } from './testing/fakes';
import { KpiDetailResponse, KpiQuery, KpiSummary } from './types';

const KPIS: KpiSummary[] = [
  { id: 'checkout_success_rate', name: 'Checkout success rate', tags: ['checkout'], dimensions: ['region', 'psp'] },
  { id: 'signup_rate', name: 'Signup rate', tags: ['growth'] },
];

const query = (fields: Partial<KpiQuery>): KpiQuery => ({ refId: 'A', ...fields });

describe('DataSource.applyTemplateVariables', () => {
  beforeEach(() => {
    installTemplateSrv({
      kpi: 'checkout_success_rate',
      team: 'team-payments',
      region: ['eu-west', 'us-east'],
      tag: ['checkout', 'payments'],
      psp: 'adyen',
      dim: 'region',
    });
  });

  it('interpolates single-value variables in the KPI id and the selector', () => {
    const result = makeDataSource().applyTemplateVariables(
      query({ kpi: '$kpi', selector: { owner: '${team}', category: 'commerce' } }),
      {}
    );
    expect(result.kpi).toBe('checkout_success_rate');
    expect(result.selector).toEqual({ owner: 'team-payments', category: 'commerce' });
  });

  it('expands a multi-value variable into several filter values', () => {
    const result = makeDataSource().applyTemplateVariables(
      query({ kpi: 'checkout_success_rate', filters: { region: ['$region'], psp: ['$psp', 'stripe'] } }),
      {}
    );
    expect(result.filters).toEqual({ region: ['eu-west', 'us-east'], psp: ['adyen', 'stripe'] });
  });

  it('expands a multi-value variable in the tags into a group of tags, any of them, and interpolates filter dimensions', () => {
    const result = makeDataSource().applyTemplateVariables(
      query({ selector: { tags: ['$tag', 'checkout'] }, filters: { $dim: ['eu-west'] } }),
      {}
    );
    // Every tag of `tags`, and at least one of each group (docs/variables.md).
    expect(result.selector).toEqual({ tags: ['checkout'], anyTags: [['checkout', 'payments']] });
    expect(result.filters).toEqual({ region: ['eu-west'] });
  });

  it('prefers scoped variables (e.g. a repeated panel) over dashboard values', () => {
    const scopedVars: ScopedVars = { kpi: { text: 'signup_rate', value: 'signup_rate' } };
    expect(makeDataSource().applyTemplateVariables(query({ kpi: '$kpi' }), scopedVars).kpi).toBe('signup_rate');
  });

  it('drops filter rows without a dimension or without values, and keeps other fields', () => {
    const result = makeDataSource().applyTemplateVariables(
      query({ kpi: 'checkout_success_rate', measures: ['value'], filters: { '': ['x'], region: [] } }),
      {}
    );
    expect(result).toEqual({ refId: 'A', kpi: 'checkout_success_rate', measures: ['value'] });
  });
});

describe('DataSource.filterQuery', () => {
  const datasource = makeDataSource();

  it('keeps queries with a KPI or a selector, an empty selector included', () => {
    expect(datasource.filterQuery(query({ kpi: 'checkout_success_rate' }))).toBe(true);
    expect(datasource.filterQuery(query({ selector: { owner: 'team-payments' } }))).toBe(true);
    expect(datasource.filterQuery(query({ selector: {} }))).toBe(true);
  });

  it('drops queries with neither a KPI nor a selector, and hidden queries', () => {
    expect(datasource.filterQuery(query({ measures: ['value'] }))).toBe(false);
    expect(datasource.filterQuery(query({ kpi: '  ' }))).toBe(false);
    expect(datasource.filterQuery(query({ kpi: 'checkout_success_rate', hide: true }))).toBe(false);
  });
});

describe('DataSource.getDefaultQuery', () => {
  it('asks for every measure', () => {
    expect(makeDataSource().getDefaultQuery(CoreApp.Dashboard).measures).toEqual([
      'series',
      'value',
      'previous',
      'delta',
      'delta_pct',
      'target',
      'attainment',
      'status',
    ]);
  });
});

describe('DataSource.getQueryDisplayText', () => {
  const text = (fields: Partial<KpiQuery>) => makeDataSource().getQueryDisplayText(query(fields));

  it('names the KPI, the measures, the filters and the SLO', () => {
    expect(
      text({
        kpi: 'checkout_success_rate',
        measures: ['value', 'previous'],
        filters: { region: ['eu', 'us'] },
        slo: '99.9-28d',
      })
    ).toBe('checkout_success_rate · value, previous · region = eu | us · SLO 99.9-28d');
    expect(text({ kpi: '$kpi' })).toBe('$kpi · all KPI measures');
  });

  it('describes a selector, and a query that names nothing', () => {
    expect(text({ selector: { tags: ['checkout', 'web'], owner: 'team-payments' }, measures: ['status'] })).toBe(
      'KPIs with tags checkout, web, owner team-payments · status'
    );
    expect(text({ selector: {} })).toBe('Every KPI of the catalog · all KPI measures');
    expect(text({ measures: ['value'], filters: { '': [] } })).toBe('No KPI chosen');
  });
});

describe('DataSource resources', () => {
  beforeEach(() => installTemplateSrv({ tag: 'checkout' }));

  it('lists KPIs with GET kpis and only the given filters', async () => {
    const fetch = installBackend(() => ({ kpis: KPIS }));
    const kpis = await makeDataSource().listKpis({ tag: 'checkout', owner: '' });
    expect(kpis).toEqual(KPIS);
    expect(fetch).toHaveBeenCalledWith(
      expect.objectContaining({
        method: 'GET',
        url: '/api/datasources/uid/kpi-uid/resources/kpis',
        params: { tag: 'checkout' },
      })
    );
  });

  it('gets one KPI and its generated queries with the range and step in milliseconds', async () => {
    const detail: KpiDetailResponse = {
      kpi: KPIS[0],
      language: 'sql',
      queries: { series: 'SELECT count(*) FROM orders WHERE region = $1' },
      parameters: { series: ['eu'] },
    };
    const fetch = installBackend(() => detail);
    const range: TimeRange = {
      from: dateTime(1_000_000),
      to: dateTime(4_600_000),
      raw: { from: 'now-1h', to: 'now' },
    };
    expect(await makeDataSource().getKpi('checkout_success_rate', range, 15_000)).toEqual(detail);
    expect(fetch).toHaveBeenCalledWith(
      expect.objectContaining({
        url: '/api/datasources/uid/kpi-uid/resources/kpis/checkout_success_rate',
        params: { from: 1_000_000, to: 4_600_000, step: 15_000 },
      })
    );
  });

  it("narrows the previewed calls to the query's measures and filters", async () => {
    const fetch = installBackend(() => ({ kpi: KPIS[0], calls: [] }));
    const range: TimeRange = { from: dateTime(1_000_000), to: dateTime(4_600_000), raw: { from: 'now-1h', to: 'now' } };
    await makeDataSource().getKpi('checkout_success_rate', range, 15_000, {
      measures: ['value', 'previous'],
      filters: { region: ['eu', 'us'] },
    });
    expect(fetch).toHaveBeenCalledWith(
      expect.objectContaining({
        params: {
          from: 1_000_000,
          to: 4_600_000,
          step: 15_000,
          measures: 'value,previous',
          filter: ['region=eu', 'region=us'],
        },
      })
    );
  });

  it('validates a catalog with POST validate and the raw YAML as body', async () => {
    const answer = { valid: false, problems: [{ path: 'kpis[0].target', line: 4, message: 'must be a number' }] };
    const fetch = installBackend(() => answer);
    expect(await makeDataSource().validateCatalog('kpis: []\n')).toEqual(answer);
    expect(fetch).toHaveBeenCalledWith(
      expect.objectContaining({
        method: 'POST',
        url: '/api/datasources/uid/kpi-uid/resources/validate',
        data: 'kpis: []\n',
        headers: expect.objectContaining({ 'Content-Type': 'application/yaml' }),
      })
    );
  });
});

describe('DataSource.metricFindQuery', () => {
  let fetch: ReturnType<typeof installBackend>;

  beforeEach(() => {
    installTemplateSrv({ tag: 'checkout', kpi: 'checkout_success_rate' });
    fetch = installBackend(() => ({ kpis: KPIS }));
  });

  it('lists KPI ids for kpis()', async () => {
    expect(await makeDataSource().metricFindQuery('kpis()')).toEqual([
      { text: 'checkout_success_rate', value: 'checkout_success_rate' },
      { text: 'signup_rate', value: 'signup_rate' },
    ]);
  });

  it('passes kpis(...) arguments, interpolated, as list filters', async () => {
    await makeDataSource().metricFindQuery('kpis(tag=$tag, owner="team-payments")');
    expect(fetch).toHaveBeenCalledWith(
      expect.objectContaining({ params: { tag: 'checkout', owner: 'team-payments' } })
    );
  });

  it('lists the dimension names of a KPI for dimensions(<kpi>)', async () => {
    expect(await makeDataSource().metricFindQuery('dimensions($kpi)')).toEqual([
      { text: 'region', value: 'region' },
      { text: 'psp', value: 'psp' },
    ]);
  });

  it('rejects unknown KPIs and unsupported queries with a message', async () => {
    await expect(makeDataSource().metricFindQuery('dimensions(nope)')).rejects.toThrow('Unknown KPI "nope"');
    await expect(makeDataSource().metricFindQuery('up{job="x"}')).rejects.toThrow('Unsupported variable query');
  });
});
