import { definitionYaml, languageLabel, readKpiDetail } from './kpiDetail';

const kpi = { id: 'k', name: 'K' };

describe('readKpiDetail', () => {
  it('reads the PromQL-only answer', () => {
    expect(readKpiDetail({ kpi, promql: { series: 's', value: 'v' } })).toEqual({
      kpi,
      language: 'promql',
      queries: { series: 's', value: 'v' },
    });
  });

  it('prefers queries and language when the backend sends them', () => {
    const answer = {
      kpi,
      language: 'sql',
      queries: { series: 'SELECT 1' },
      promql: { series: 'stale' },
      parameters: { series: ['a'] },
    };
    expect(readKpiDetail(answer)).toEqual({
      kpi,
      language: 'sql',
      queries: { series: 'SELECT 1' },
      parameters: { series: ['a'] },
    });
  });

  it('copes with an answer without queries', () => {
    expect(readKpiDetail({ kpi })).toEqual({ kpi, language: undefined, queries: {} });
  });
});

describe('languageLabel', () => {
  it('names the language', () => {
    expect(languageLabel('promql')).toBe('PromQL');
    expect(languageLabel('sql')).toBe('SQL');
    expect(languageLabel('logql')).toBe('logql');
    expect(languageLabel(undefined)).toBe('query');
  });
});

describe('definitionYaml', () => {
  it('writes the definition as the catalog does', () => {
    expect(definitionYaml({ expr: 'sum(rate(x[5m]))' })).toBe('expr: sum(rate(x[5m]))');
    expect(definitionYaml({ latency: { histogram: 'h_bucket{job="api"}', threshold: 0.25 } })).toBe(
      'latency:\n  histogram: h_bucket{job="api"}\n  threshold: 0.25'
    );
  });

  it('quotes what YAML would read otherwise, and writes lists', () => {
    expect(
      definitionYaml({
        sql: {
          table: 'orders',
          where: [
            { column: 'status', op: '=', value: 'paid' },
            { column: 'note', value: 'a: b' },
          ],
          raw: '',
          tags: [],
          flag: 'true',
        },
      })
    ).toBe(
      [
        'sql:',
        '  table: orders',
        '  where:',
        '    - column: status',
        '      op: "="',
        '      value: paid',
        '    - column: note',
        '      value: "a: b"',
        '  raw: ""',
        '  tags: []',
        '  flag: "true"',
      ].join('\n')
    );
  });
});
