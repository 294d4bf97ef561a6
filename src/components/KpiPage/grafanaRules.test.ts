import pages from '../../../tests/browser/fixtures/overview-kpi-pages.json';
import { parseGeneratedRules, rulesFor } from './grafanaRules';

/** GET rules/grafana of the real backend for the example catalog. */
const yaml = pages.rulesGrafana.text;

describe('parseGeneratedRules', () => {
  const rules = parseGeneratedRules(yaml);

  it('reads every rule of the file with its group, KPI, SLO, measure and severity', () => {
    expect(rules.length).toBe((yaml.match(/^ {6}- uid: /gm) ?? []).length);
    const payments = rulesFor(rules, 'payments_availability', '99.9-28d');
    expect(payments.map((rule) => [rule.measure, rule.severity])).toEqual([
      ['burn_pair_5m_1h', 'critical'],
      ['burn_pair_30m_6h', 'critical'],
      ['burn_pair_2h_1d', 'warning'],
      ['burn_pair_6h_3d', 'warning'],
    ]);
    expect(payments[0]).toMatchObject({
      group: 'northstar-slo-payments_availability-99.9-28d',
      title: 'payments_availability 99.9-28d: burn rate over 1h and 5m at least 13.44',
    });
    expect(payments[0].uid).toMatch(/^northstar-slo-[0-9a-f]+$/);
  });

  it('unquotes YAML scalars', () => {
    const text = [
      'groups:',
      '  - orgId: 1',
      "    name: 'g''s'",
      '    rules:',
      '      - uid: "u1"',
      "        title: 'it''s: fine'",
      '              kpi: k',
      '              slo: "s 1"',
      '                - burn_pair_5m_1h',
      '          severity: critical',
    ].join('\n');
    expect(parseGeneratedRules(text)).toEqual([
      {
        uid: 'u1',
        title: "it's: fine",
        group: "g's",
        kpi: 'k',
        slo: 's 1',
        measure: 'burn_pair_5m_1h',
        severity: 'critical',
      },
    ]);
  });

  it('finds nothing in something else', () => {
    expect(parseGeneratedRules('{"error": "no catalog"}')).toEqual([]);
  });
});
