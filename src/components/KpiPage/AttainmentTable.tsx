import React from 'react';
import { css } from '@emotion/css';
import { dateTimeFormat, GrafanaTheme2 } from '@grafana/data';
import { Alert, Icon, useStyles2, useTheme2 } from '@grafana/ui';
import { formatPercent } from '../../datasource/slos';
import type { Slo } from '../../datasource/types';
import { budgetText, formatSli, NO_DATA } from '../Overview/formatting';
import type { AttainmentRow } from './kpiPageModel';
import type { AttainmentPeriod } from './periods';

interface Props {
  slo: Slo;
  rows: AttainmentRow[];
  errors: string[];
  timeZone?: string;
  showDimensions: boolean;
}

/** "November 2026", "Week of 2026-11-16", "2026 Q4", "2026-10-22 – 2026-11-19"; "(so far)" for the current one. */
export function periodLabel(slo: Slo, period: AttainmentPeriod, timeZone?: string): string {
  const format = (ms: number, pattern: string) => dateTimeFormat(ms, { format: pattern, timeZone: timeZone || 'utc' });
  let label: string;
  switch (slo.window.calendar) {
    case 'month':
      label = format(period.from, 'MMMM YYYY');
      break;
    case 'week':
      label = `Week of ${format(period.from, 'YYYY-MM-DD')}`;
      break;
    case 'quarter':
      label = format(period.from, 'YYYY [Q]Q');
      break;
    default:
      label = `${format(period.from, 'YYYY-MM-DD HH:mm')} – ${format(period.to, 'YYYY-MM-DD HH:mm')}`;
  }
  if (!period.current) {
    return label;
  }
  return slo.window.calendar ? `${label} (so far)` : `${label} (ending now)`;
}

/** The SLO's SLI over each past period against its objective (one query per period). */
export function AttainmentTable({ slo, rows, errors, timeZone, showDimensions }: Props) {
  const styles = useStyles2(getStyles);
  const theme = useTheme2();
  return (
    <>
      {errors.length > 0 && (
        <Alert severity="warning" title="Some periods could not be computed">
          {errors.join('; ')}
        </Alert>
      )}
      <table className={styles.table} data-testid="data-testid kpi-attainment">
        <thead>
          <tr>
            <th scope="col">Period</th>
            {showDimensions && <th scope="col">Dimensions</th>}
            <th scope="col">SLI</th>
            <th scope="col">Objective</th>
            <th scope="col">Met</th>
            <th scope="col">Budget left at its end</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr
              key={`${row.period.from}|${row.key}`}
              data-period-from={row.period.from}
              data-period-to={row.period.to}
              data-set={row.key}
            >
              <th scope="row">{periodLabel(slo, row.period, timeZone)}</th>
              {showDimensions && <td>{row.label || '–'}</td>}
              <td>{typeof row.sli === 'number' && Number.isFinite(row.sli) ? formatSli(row.sli) : NO_DATA}</td>
              <td>{formatPercent(slo.objective)}</td>
              <td data-met={row.met === undefined ? '' : String(row.met)}>
                {row.met === undefined ? (
                  '–'
                ) : row.met ? (
                  <span style={{ color: theme.colors.success.text }}>
                    <Icon name="check" size="sm" aria-hidden /> met
                  </span>
                ) : (
                  <span style={{ color: theme.colors.error.text }}>
                    <Icon name="times" size="sm" aria-hidden /> missed
                  </span>
                )}
              </td>
              <td>
                {row.budgetRemaining === undefined && row.sli === undefined
                  ? '–'
                  : budgetText(row.budgetRemaining ?? null)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  table: css({
    width: '100%',
    borderCollapse: 'collapse',
    fontVariantNumeric: 'tabular-nums',
    'th, td': {
      textAlign: 'left',
      padding: theme.spacing(0.5, 1),
      borderBottom: `1px solid ${theme.colors.border.weak}`,
      fontWeight: theme.typography.fontWeightRegular,
    },
    'thead th': { fontWeight: theme.typography.fontWeightMedium, color: theme.colors.text.secondary },
  }),
});
