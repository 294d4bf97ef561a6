import { parseVariableQuery } from './variableQuery';

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

  it('says what is wrong with a bad query', () => {
    expect(() => parseVariableQuery('kpis(team=payments)')).toThrow('expected tag=, owner= or category=');
    expect(() => parseVariableQuery('kpis(checkout)')).toThrow('expected tag=, owner= or category=');
    expect(() => parseVariableQuery('dimensions()')).toThrow('a KPI id is required');
    expect(() => parseVariableQuery('metrics()')).toThrow('Unknown function "metrics"');
    expect(() => parseVariableQuery('kpis')).toThrow('Unsupported variable query');
  });
});
