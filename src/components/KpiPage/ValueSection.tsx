import React from 'react';
import { css } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import { Alert, Stack, Text, useStyles2, useTheme2 } from '@grafana/ui';
import type { KpiSummary } from '../../datasource/types';
import { formatKpiValue } from '../Catalog/formatTarget';
import { NO_DATA } from '../Overview/formatting';
import type { ValueModel, ValueSet } from './kpiPageModel';
import { ChartZone, TimeChart } from './TimeChart';

interface Props {
  kpi: KpiSummary;
  model: ValueModel;
  from: number;
  to: number;
}

const STATUS = ['OK', 'Warning', 'Critical'];

/** The warning and critical zones of a KPI's thresholds, on its own scale. */
export function thresholdZones(kpi: KpiSummary, theme: GrafanaTheme2): ChartZone[] {
  const { warning, critical } = kpi.thresholds ?? {};
  if (warning === undefined || critical === undefined) {
    return [];
  }
  const far = kpi.direction === 'lower' ? Number.MAX_VALUE : -Number.MAX_VALUE;
  return [
    { from: warning, to: critical, color: theme.colors.warning.transparent, label: 'warning zone' },
    { from: critical, to: far, color: theme.colors.error.transparent, label: 'critical zone' },
  ];
}

function Stat({ label, value }: { label: string; value: string }) {
  const styles = useStyles2(getStyles);
  return (
    <div className={styles.stat} data-stat={label}>
      <dt>{label}</dt>
      <dd>{value}</dd>
    </div>
  );
}

function ValueChart({
  kpi,
  set,
  model,
  from,
  to,
}: {
  kpi: KpiSummary;
  set: ValueSet;
  model: ValueModel;
  from: number;
  to: number;
}) {
  const theme = useTheme2();
  const styles = useStyles2(getStyles);
  const text = (v: number | null | undefined) =>
    typeof v === 'number' && Number.isFinite(v) ? formatKpiValue(kpi, v) : NO_DATA;
  const name = kpi.name || kpi.id;
  const title = set.label ? `${name} (${set.label})` : name;
  const comparisonLabel = model.comparison?.label ?? 'comparison period';
  const lines = [
    ...(set.comparison
      ? [
          {
            key: 'comparison',
            label: `${comparisonLabel}, drawn over this range`,
            times: set.comparison.times,
            values: set.comparison.values,
            color: theme.colors.text.secondary,
            dash: '5 4',
          },
        ]
      : []),
    ...(set.target
      ? [
          {
            key: 'target',
            label: 'target',
            times: set.target.times,
            values: set.target.values,
            color: theme.visualization.getColorByName('green'),
            dash: '8 4',
          },
        ]
      : []),
    ...(set.series
      ? [
          {
            key: 'value',
            label: name,
            times: set.series.times,
            values: set.series.values,
            color: theme.visualization.getColorByName('blue'),
          },
        ]
      : []),
  ];
  return (
    <section className={styles.set} aria-label={title} data-testid="data-testid kpi-value-set" data-set={set.key}>
      <dl className={styles.stats}>
        <Stat label="Value" value={text(set.value)} />
        <Stat label={`Previous (${comparisonLabel})`} value={text(set.previous)} />
        <Stat label="Target" value={set.targetValue === undefined ? '–' : text(set.targetValue)} />
        <Stat
          label="Status"
          value={typeof set.status === 'number' ? (STATUS[set.status] ?? String(set.status)) : NO_DATA}
        />
      </dl>
      <TimeChart
        title={set.label ? `Value, ${set.label}` : 'Value'}
        summary={`${title}: the value over the range${set.target ? ', the target' : ''}${set.comparison ? ` and the ${comparisonLabel}` : ''}; now ${text(set.value)}`}
        from={from}
        to={to}
        lines={lines}
        zones={thresholdZones(kpi, theme)}
        format={(v) => formatKpiValue(kpi, v)}
        timeZone={kpi.timezone}
        testId="data-testid kpi-value-chart"
      />
    </section>
  );
}

/** The KPI's value series per dimension set with its target band and its comparison period. */
export function ValueSection({ kpi, model, from, to }: Props) {
  const styles = useStyles2(getStyles);
  return (
    <Stack direction="column" gap={2}>
      {model.error && (
        <Alert severity="warning" title="The data source could not compute every value">
          {model.error}
        </Alert>
      )}
      {model.sets.length === 0 && !model.error && <Text color="secondary">No data for this KPI in the range.</Text>}
      <div className={styles.sets}>
        {model.sets.map((set) => (
          <ValueChart key={set.key} kpi={kpi} set={set} model={model} from={from} to={to} />
        ))}
      </div>
    </Stack>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  sets: css({ display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(420px, 1fr))', gap: theme.spacing(2) }),
  set: css({
    padding: theme.spacing(1.5),
    border: `1px solid ${theme.colors.border.weak}`,
    borderRadius: theme.shape.radius.default,
    background: theme.colors.background.primary,
    minWidth: 0,
  }),
  stats: css({ display: 'flex', flexWrap: 'wrap', gap: theme.spacing(1, 3), margin: theme.spacing(0, 0, 1) }),
  stat: css({
    dt: { color: theme.colors.text.secondary, fontSize: theme.typography.bodySmall.fontSize },
    dd: { margin: 0, fontSize: theme.typography.h4.fontSize },
  }),
});
