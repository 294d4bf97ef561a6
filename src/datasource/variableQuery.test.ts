import { parseVariableQuery } from './variableQuery';
import { formatVariableQuery, fromTextQuery, KpiVariableQuery } from './variables/model';

describe('parseVariableQuery', () => {
  it('parses kpis() without and with filters', () => {
    expect(parseVariableQuery('kpis()')).toEqual({ kind: 'kpis', params: {} });
    expect(parseVariableQuery(' kpis( tag = checkout , owner="team-payments", category=\'commerce\' ) ')).toEqual({
      kind: 'kpis',
      params: { tag: 'checkout', owner: 'team-payments', category: 'commerce' },
    });
  });

  it('ignores empty filter values', () => {
    expect(parseVariableQuery('kpis(tag=)')).toEqual({ kind: 'kpis', params: {} });
  });

  it('parses dimensions(<kpi>)', () => {
    expect(parseVariableQuery('dimensions(checkout_success_rate)')).toEqual({
      kind: 'dimensions',
      kpi: 'checkout_success_rate',
    });
  });

  it('parses dimension_values(<kpi>, <dimension>, <dimension>=<value>...)', () => {
    expect(parseVariableQuery('dimension_values(checkout_success_rate, region)')).toEqual({
      kind: 'dimensionValues',
      kpi: 'checkout_success_rate',
      dimension: 'region',
      filters: {},
    });
    expect(parseVariableQuery('dimension_values($kpi, psp, region=$region, region="us, east")')).toEqual({
      kind: 'dimensionValues',
      kpi: '$kpi',
      dimension: 'psp',
      filters: { region: ['$region', 'us, east'] },
    });
    expect(parseVariableQuery('dimension_values(, region)')).toMatchObject({ kpi: '', dimension: 'region' });
  });

  it('writes the text form back, quoting what would not read back', () => {
    const queries: KpiVariableQuery[] = [
      { refId: 'A', kind: 'kpis', tag: 'checkout', owner: 'team (payments)' },
      { refId: 'A', kind: 'dimensions', kpi: '$kpi' },
      {
        refId: 'A',
        kind: 'dimensionValues',
        kpi: 'checkout_success_rate',
        dimension: 'psp',
        filters: { region: ['eu, "west"', '$region'] },
      },
    ];
    for (const query of queries) {
      const text = formatVariableQuery(query);
      expect(fromTextQuery(parseVariableQuery(text), 'A')).toEqual(query);
    }
    expect(formatVariableQuery(queries[0])).toBe('kpis(tag=checkout, owner="team (payments)")');
  });

  it('says what is wrong with a bad query', () => {
    expect(() => parseVariableQuery('kpis(team=payments)')).toThrow('expected tag=, owner= or category=');
    expect(() => parseVariableQuery('kpis(checkout)')).toThrow('expected tag=, owner= or category=');
    expect(() => parseVariableQuery('dimensions()')).toThrow('a KPI id is required');
    expect(() => parseVariableQuery('metrics()')).toThrow('Unknown function "metrics"');
    expect(() => parseVariableQuery('kpis')).toThrow('Unsupported variable query');
    expect(() => parseVariableQuery('dimension_values(checkout_success_rate)')).toThrow('a dimension is required');
    expect(() => parseVariableQuery('dimension_values(checkout_success_rate, psp, eu)')).toThrow(
      'expected <dimension>=<value>'
    );
  });
});
