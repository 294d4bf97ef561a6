import React from 'react';
import { css } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import { Text, useStyles2, useTheme2 } from '@grafana/ui';
import { windowSeconds } from '../../panel/model/measures';
import { formatRate } from '../../panel/model/slo';
import { pairStateText } from '../Overview/formatting';
import { burnScale } from './chartGeometry';
import type { SloSet } from './kpiPageModel';
import { ChartLine, ChartRule, TimeChart } from './TimeChart';

interface Props {
  sets: SloSet[];
  /** Shown when the KPI has dimensions. */
  showDimensions: boolean;
  sloName?: string;
  timeZone?: string;
}

const COLORS = ['blue', 'orange', 'purple', 'green', 'red', 'yellow', 'dark-blue', 'dark-orange'];

/** The largest burn rate or factor on the scale, with some room above it. */
function scaleMax(sets: SloSet[]): number {
  let max = 1;
  for (const set of sets) {
    for (const pair of set.pairs) {
      max = Math.max(max, pair.factor ?? 0, set.burnRates[pair.short] ?? 0, set.burnRates[pair.long] ?? 0);
    }
  }
  return max * 1.25;
}

function RateBar({
  rate,
  factor,
  max,
  window,
  bar,
}: {
  rate: number | null | undefined;
  factor?: number;
  max: number;
  window: string;
  /** Draw the bar (the fallback without burn-rate series), else the number only. */
  bar: boolean;
}) {
  const styles = useStyles2(getStyles);
  const theme = useTheme2();
  const over = typeof rate === 'number' && factor !== undefined && rate >= factor;
  return (
    <div className={styles.rate} data-window={window} data-rate={rate ?? ''}>
      <span className={styles.rateText}>
        {window}: {formatRate(rate)}
      </span>
      {bar && (
        <span className={styles.track} aria-hidden>
          <span
            className={styles.bar}
            style={{
              width: `${burnScale(rate ?? 0, max) * 100}%`,
              background: over ? theme.colors.error.main : theme.colors.primary.main,
            }}
          />
          {factor !== undefined && (
            <span className={styles.factor} style={{ left: `${burnScale(factor, max) * 100}%` }} />
          )}
        </span>
      )}
    </div>
  );
}

/** The windows of a set's burn-rate series, shortest first. */
function seriesWindows(set: SloSet): string[] {
  return Object.keys(set.burnSeries).sort((a, b) => windowSeconds(a) - windowSeconds(b));
}

/** One chart per dimension set: a line per window over time, the pairs' factors as horizontal lines. */
function BurnCharts({ sets, sloName, timeZone }: Pick<Props, 'sets' | 'sloName' | 'timeZone'>) {
  const theme = useTheme2();
  return (
    <>
      {sets
        .filter((set) => seriesWindows(set).length > 0)
        .map((set) => {
          const lines: ChartLine[] = seriesWindows(set).map((window, i) => ({
            key: window,
            label: `burn rate ${window}`,
            times: set.burnSeries[window].times,
            values: set.burnSeries[window].values,
            color: theme.visualization.getColorByName(COLORS[i % COLORS.length]),
          }));
          const rules: ChartRule[] = [];
          for (const pair of set.pairs) {
            if (pair.factor !== undefined && !rules.some((rule) => rule.value === pair.factor)) {
              rules.push({
                value: pair.factor,
                label: `${pair.factor}× (${pair.short}/${pair.long}${pair.severity ? `, ${pair.severity}` : ''})`,
                color: theme.colors.error.text,
              });
            }
          }
          const times = lines.flatMap((line) => line.times);
          return (
            <div key={set.key || 'all'} data-testid="data-testid kpi-burn-series" data-set={set.key}>
              <TimeChart
                title={`Burn rates over time${set.label ? ` – ${set.label}` : ''}`}
                summary={`Burn rate of SLO ${sloName ?? ''} over each alert window at each step, with the pairs' factors as horizontal lines`}
                from={Math.min(...times)}
                to={Math.max(...times)}
                lines={lines}
                rules={rules}
                includeZero
                format={(v) => formatRate(v)}
                timeZone={timeZone}
              />
            </div>
          );
        })}
    </>
  );
}

/**
 * The burn rates over time of every window of the SLO's alert pairs (`burn_rate_series`), one line
 * per window against the pairs' factors, and per pair its state with the rates now. When no series
 * came back, the rates now are drawn as bars against the pair's factor (the vertical line) instead.
 */
export function BurnRates({ sets, showDimensions, sloName, timeZone }: Props) {
  const styles = useStyles2(getStyles);
  const max = scaleMax(sets);
  const hasSeries = sets.some((set) => seriesWindows(set).length > 0);
  const rows = sets.flatMap((set) => set.pairs.map((pair) => ({ set, pair })));
  if (rows.length === 0) {
    return <Text color="secondary">This SLO has no burn-rate alert pairs.</Text>;
  }
  return (
    <>
      {hasSeries ? (
        <>
          <Text color="secondary" element="p">
            Each line is the burn rate over one window of the SLO&apos;s alert pairs at each step; the dashed lines are
            the pairs&apos; factors. A pair fires when both its windows burn at or above its factor.
          </Text>
          <BurnCharts sets={sets} sloName={sloName} timeZone={timeZone} />
        </>
      ) : (
        <Text color="secondary" element="p">
          No burn-rate series came back, only the burn rates now: each bar is the burn rate over one window of a pair,
          the line the pair&apos;s factor (log scale). A pair fires when both windows burn at or above it.
        </Text>
      )}
      <table className={styles.table} data-testid="data-testid kpi-burn-rates">
        <thead>
          <tr>
            {showDimensions && <th scope="col">Dimensions</th>}
            <th scope="col">Pair</th>
            <th scope="col">Severity</th>
            <th scope="col">Factor</th>
            <th scope="col">Short window</th>
            <th scope="col">Long window</th>
            <th scope="col">State</th>
          </tr>
        </thead>
        <tbody>
          {rows.map(({ set, pair }) => (
            <tr
              key={`${set.key}|${pair.short}_${pair.long}`}
              data-pair={`${pair.short}_${pair.long}`}
              data-set={set.key}
              data-firing={String(pair.firing)}
            >
              {showDimensions && <td>{set.label || '–'}</td>}
              <th scope="row">
                {pair.short}/{pair.long}
              </th>
              <td>{pair.severity ?? '–'}</td>
              <td>{pair.factor !== undefined ? `${pair.factor}×` : '–'}</td>
              <td>
                <RateBar
                  rate={set.burnRates[pair.short]}
                  factor={pair.factor}
                  max={max}
                  window={pair.short}
                  bar={!hasSeries}
                />
              </td>
              <td>
                <RateBar
                  rate={set.burnRates[pair.long]}
                  factor={pair.factor}
                  max={max}
                  window={pair.long}
                  bar={!hasSeries}
                />
              </td>
              <td>{pairStateText(pair)}</td>
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
    'th, td': {
      textAlign: 'left',
      padding: theme.spacing(0.5, 1),
      borderBottom: `1px solid ${theme.colors.border.weak}`,
      fontWeight: theme.typography.fontWeightRegular,
    },
    'thead th': { fontWeight: theme.typography.fontWeightMedium, color: theme.colors.text.secondary },
  }),
  rate: css({ display: 'flex', flexDirection: 'column', gap: 2, minWidth: 160 }),
  rateText: css({ fontVariantNumeric: 'tabular-nums' }),
  track: css({
    position: 'relative',
    display: 'block',
    height: 8,
    borderRadius: 2,
    background: theme.colors.background.canvas,
    border: `1px solid ${theme.colors.border.weak}`,
  }),
  bar: css({ position: 'absolute', left: 0, top: 0, bottom: 0, borderRadius: 2 }),
  factor: css({
    position: 'absolute',
    top: -3,
    bottom: -3,
    width: 2,
    marginLeft: -1,
    background: theme.colors.text.primary,
  }),
});
