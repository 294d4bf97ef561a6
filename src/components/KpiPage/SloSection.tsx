import React, { useId } from 'react';
import { css } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import { Alert, LinkButton, Stack, Text, TextLink, useStyles2, useTheme2 } from '@grafana/ui';
import { describeSlo } from '../../datasource/slos';
import type { KpiSummary } from '../../datasource/types';
import { budgetText, exhaustionText, formatSli, NO_DATA, STATUS_TEXT } from '../Overview/formatting';
import { AttainmentTable } from './AttainmentTable';
import { BurnRates } from './BurnRates';
import type { GeneratedRule } from './grafanaRules';
import type { SloPageModel } from './kpiPageModel';
import { alertRuleUrl, exploreUrl } from './links';
import { TimeChart } from './TimeChart';

interface Props {
  kpi: KpiSummary;
  model: SloPageModel;
  uid: string;
  /** The generated alert rules of this SLO; undefined while loading, or when they cannot be had. */
  rules?: GeneratedRule[];
  rulesError?: string;
}

const COLORS = ['blue', 'orange', 'purple', 'green', 'red', 'yellow'];

function Heading({ id, children }: { id: string; children: string }) {
  return (
    <Text element="h5" variant="h5" id={id}>
      {children}
    </Text>
  );
}

/** One SLO of the KPI: now, the budget over its window, the burn rates, past periods and its alert rules. */
export function SloSection({ kpi, model, uid, rules, rulesError }: Props) {
  const styles = useStyles2(getStyles);
  const theme = useTheme2();
  const headingId = useId();
  const { slo } = model;
  const showDimensions = (kpi.dimensions?.length ?? 0) > 0;
  const window = model.window;
  const lines = model.sets
    .filter((set) => set.burndown)
    .map((set, i) => ({
      key: set.key || 'all',
      label: set.label || 'budget left',
      times: set.burndown?.times ?? [],
      values: set.burndown?.values ?? [],
      color: theme.visualization.getColorByName(COLORS[i % COLORS.length]),
    }));
  const from = window?.from ?? Math.min(...lines.flatMap((line) => line.times));
  const to = window?.to ?? Math.max(...lines.flatMap((line) => line.times));

  return (
    <section
      className={styles.section}
      aria-labelledby={headingId}
      data-testid="data-testid kpi-slo"
      data-slo={slo.name}
    >
      <Stack direction="row" justifyContent="space-between" alignItems="center" wrap="wrap">
        <Text element="h4" variant="h4" id={headingId}>
          SLO {slo.name}
        </Text>
        <LinkButton
          variant="secondary"
          size="sm"
          icon="compass"
          href={exploreUrl(uid, { kpi: kpi.id, slo: slo.name, measures: ['budget_burndown'] })}
        >
          Explore the budget
        </LinkButton>
      </Stack>
      <Text color="secondary" element="p">
        {describeSlo(slo)}
      </Text>
      {model.error && (
        <Alert severity="warning" title="The data source could not compute this SLO">
          {model.error}
        </Alert>
      )}
      <table className={styles.now} data-testid="data-testid kpi-slo-now">
        <thead>
          <tr>
            {showDimensions && <th scope="col">Dimensions</th>}
            <th scope="col">SLI</th>
            <th scope="col">Budget left</th>
            <th scope="col">Exhaustion</th>
            <th scope="col">Status</th>
          </tr>
        </thead>
        <tbody>
          {model.sets.map((set) => (
            <tr key={set.key} data-set={set.key}>
              {showDimensions && <th scope="row">{set.label || '–'}</th>}
              <td>{typeof set.sli === 'number' ? formatSli(set.sli) : NO_DATA}</td>
              <td>{budgetText(set.budgetRemaining)}</td>
              <td>{exhaustionText(set.timeToExhaustion)}</td>
              <td data-status={set.status}>{STATUS_TEXT[set.status]}</td>
            </tr>
          ))}
        </tbody>
      </table>

      <TimeChart
        title="Error budget left over the window"
        summary={`Error budget of SLO ${slo.name} left after each step of its window${lines.length > 1 ? ', per dimension set' : ''}`}
        from={from}
        to={to}
        lines={lines}
        rules={[{ value: 0, label: 'budget spent', color: theme.colors.error.text }]}
        includeZero
        format={(v) => budgetText(v)}
        timeZone={kpi.timezone}
        testId="data-testid kpi-burndown"
      />

      <Heading id={`${headingId}-burn`}>Burn rates</Heading>
      <div className={styles.scrollX}>
        <BurnRates sets={model.sets} showDimensions={showDimensions} sloName={slo.name} timeZone={kpi.timezone} />
      </div>

      <Heading id={`${headingId}-attainment`}>Attainment per period</Heading>
      <AttainmentTable
        slo={slo}
        rows={model.attainment}
        errors={model.attainmentErrors}
        timeZone={kpi.timezone}
        showDimensions={showDimensions}
      />

      <Heading id={`${headingId}-rules`}>Generated alert rules</Heading>
      {rulesError ? (
        <Text color="secondary">The data source did not give its alert rules: {rulesError}</Text>
      ) : rules === undefined ? (
        <Text color="secondary">Loading the alert rules…</Text>
      ) : rules.length === 0 ? (
        <Text color="secondary">No alert rule is generated for this SLO (it has no burn-rate pair).</Text>
      ) : (
        <ul className={styles.rules} aria-label={`Alert rules of SLO ${slo.name}`}>
          {rules.map((rule) => (
            <li key={rule.uid} data-rule-uid={rule.uid}>
              <TextLink href={alertRuleUrl(rule.uid)} inline={false}>
                {rule.title || rule.uid}
              </TextLink>{' '}
              <Text color="secondary">({rule.severity ?? 'no severity'})</Text>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  section: css({
    display: 'flex',
    flexDirection: 'column',
    gap: theme.spacing(1.5),
    padding: theme.spacing(2),
    border: `1px solid ${theme.colors.border.weak}`,
    borderRadius: theme.shape.radius.default,
    background: theme.colors.background.primary,
  }),
  scrollX: css({ overflowX: 'auto' }),
  now: css({
    borderCollapse: 'collapse',
    fontVariantNumeric: 'tabular-nums',
    'th, td': {
      textAlign: 'left',
      padding: theme.spacing(0.5, 2, 0.5, 0),
      borderBottom: `1px solid ${theme.colors.border.weak}`,
      fontWeight: theme.typography.fontWeightRegular,
    },
    'thead th': { fontWeight: theme.typography.fontWeightMedium, color: theme.colors.text.secondary },
  }),
  rules: css({ margin: 0, paddingLeft: theme.spacing(2) }),
});
