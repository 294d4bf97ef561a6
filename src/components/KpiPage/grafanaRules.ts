/** A Grafana alert rule that the data source generates for an SLO's burn pair (GET rules/grafana, docs/rules.md). */
export interface GeneratedRule {
  uid: string;
  title: string;
  /** The rule group: `northstar-slo-<kpi>-<slo>`. */
  group?: string;
  kpi?: string;
  slo?: string;
  /** `burn_pair_<short>_<long>`. */
  measure?: string;
  severity?: string;
}

/** A YAML scalar as the generator writes them: plain, 'single quoted' ('' is a quote) or "double quoted". */
function scalar(text: string): string {
  const value = text.trim();
  if (value.startsWith("'") && value.endsWith("'") && value.length >= 2) {
    return value.slice(1, -1).replace(/''/g, "'");
  }
  if (value.startsWith('"') && value.endsWith('"') && value.length >= 2) {
    try {
      return JSON.parse(value) as string;
    } catch {
      return value.slice(1, -1);
    }
  }
  return value;
}

const GROUP = /^ {4}name: (.+)$/;
const RULE = /^ {6}- uid: (.+)$/;
const TITLE = /^ {8}title: (.+)$/;
const FIELD = /^ {14}(kpi|slo): (.+)$/;
const MEASURE = /^ {16}- (burn_pair_\S+)$/;
const SEVERITY = /^ {10}severity: (.+)$/;

/**
 * The rules of the data source's Grafana alert-rule provisioning file, read line by line: the file
 * is generated (pkg/rules, deterministic layout: groups, rules, the model of refId A), so the few
 * fields the KPI page links by are found by their indentation without a YAML parser.
 */
export function parseGeneratedRules(yaml: string): GeneratedRule[] {
  const rules: GeneratedRule[] = [];
  let group: string | undefined;
  let rule: GeneratedRule | undefined;
  for (const line of yaml.split(/\r?\n/)) {
    let match: RegExpExecArray | null;
    if ((match = GROUP.exec(line))) {
      group = scalar(match[1]);
    } else if ((match = RULE.exec(line))) {
      rule = { uid: scalar(match[1]), title: '', group };
      rules.push(rule);
    } else if (!rule) {
      continue;
    } else if ((match = TITLE.exec(line))) {
      rule.title = scalar(match[1]);
    } else if ((match = FIELD.exec(line))) {
      rule[match[1] as 'kpi' | 'slo'] = scalar(match[2]);
    } else if ((match = MEASURE.exec(line))) {
      rule.measure = match[1];
    } else if ((match = SEVERITY.exec(line))) {
      rule.severity = scalar(match[1]);
    }
  }
  return rules;
}

/** The generated rules of one SLO of one KPI. */
export function rulesFor(rules: GeneratedRule[], kpi: string, slo: string): GeneratedRule[] {
  return rules.filter((rule) => rule.kpi === kpi && rule.slo === slo);
}
