import React, { useCallback, useEffect, useId, useRef, useState } from 'react';
import { Link } from 'react-router-dom';
import { css, cx } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import { Icon, IconName, useStyles2, useTheme2 } from '@grafana/ui';
import { kpiPagePath } from '../KpiPage/links';
import { dimensionText } from './frames';
import { budgetText, exhaustionText, objectiveText, pairStateText, STATUS_TEXT, valueText } from './formatting';
import type { OverviewRow, PairState, RowStatus } from './overviewRows';

/** Every row has this height, so that only the rows in view need to be in the page. */
export const ROW_HEIGHT = 56;
/** Rows rendered above and below the visible ones, so that scrolling does not show gaps. */
const OVERSCAN = 8;
/** Height of the scrolling body before it is measured (and in tests without layout). */
const DEFAULT_VIEWPORT = 640;

interface Props {
  rows: OverviewRow[];
  /** Kept in the KPI page links. */
  datasourceUid?: string;
  caption: string;
}

const COLUMNS = [
  'Name',
  'Owner',
  'Category',
  'Value or SLI',
  'Objective',
  'Budget left',
  'Burn pairs',
  'Exhaustion',
  'Status',
] as const;

/** The rows from `first` to `last` (exclusive) that a viewport of `height` at `scrollTop` shows, with overscan. */
export function visibleRange(scrollTop: number, height: number, count: number): { first: number; last: number } {
  const first = Math.max(0, Math.floor(scrollTop / ROW_HEIGHT) - OVERSCAN);
  const last = Math.min(count, Math.ceil((scrollTop + height) / ROW_HEIGHT) + OVERSCAN);
  return { first, last: Math.max(first, last) };
}

/**
 * The overview's rows as an ARIA table whose body scrolls and holds only the rows in view (plus a
 * few): 500 KPIs with their SLOs are a few dozen rows in the page, not 700. `aria-rowcount` and
 * `aria-rowindex` tell assistive technology where a row is in the whole list.
 */
export function OverviewTable({ rows, datasourceUid, caption }: Props) {
  const styles = useStyles2(getStyles);
  const captionId = useId();
  const bodyRef = useRef<HTMLDivElement>(null);
  const [viewport, setViewport] = useState({ scrollTop: 0, height: DEFAULT_VIEWPORT });

  const measure = useCallback(() => {
    const body = bodyRef.current;
    if (body) {
      setViewport({ scrollTop: body.scrollTop, height: body.clientHeight || DEFAULT_VIEWPORT });
    }
  }, []);

  useEffect(() => {
    measure();
    const body = bodyRef.current;
    if (!body || typeof ResizeObserver === 'undefined') {
      return;
    }
    const observer = new ResizeObserver(measure);
    observer.observe(body);
    return () => observer.disconnect();
  }, [measure]);

  // Another filter or sort: back to the top.
  useEffect(() => {
    if (bodyRef.current) {
      bodyRef.current.scrollTop = 0;
    }
    measure();
  }, [rows, measure]);

  const { first, last } = visibleRange(viewport.scrollTop, viewport.height, rows.length);
  const shown = rows.slice(first, last);

  return (
    <div className={styles.scrollX}>
      <div id={captionId} className={styles.caption}>
        {caption}
      </div>
      <div
        role="table"
        aria-labelledby={captionId}
        aria-rowcount={rows.length + 1}
        className={styles.table}
        data-testid="data-testid overview-table"
      >
        <div role="rowgroup">
          <div role="row" aria-rowindex={1} className={cx(styles.grid, styles.header)}>
            {COLUMNS.map((column) => (
              <div role="columnheader" key={column} className={styles.cell}>
                {column}
              </div>
            ))}
          </div>
        </div>
        <div
          role="rowgroup"
          ref={bodyRef}
          className={styles.body}
          // Scrollable: reachable by keyboard (and named) so that it can be scrolled without a mouse.
          tabIndex={0}
          aria-label={`${caption}: rows`}
          onScroll={measure}
          data-testid="data-testid overview-body"
        >
          <div style={{ height: rows.length * ROW_HEIGHT, position: 'relative' }}>
            {shown.map((row, i) => (
              <Row
                key={row.key}
                row={row}
                index={first + i}
                datasourceUid={datasourceUid}
                style={{ top: (first + i) * ROW_HEIGHT }}
              />
            ))}
          </div>
        </div>
      </div>
    </div>
  );
}

const STATUS_ICON: Record<RowStatus, IconName> = {
  ok: 'check-circle',
  warning: 'exclamation-triangle',
  critical: 'exclamation-circle',
  error: 'times-circle',
  nodata: 'question-circle',
};

function statusColor(theme: GrafanaTheme2, status: RowStatus): string {
  switch (status) {
    case 'ok':
      return theme.colors.success.text;
    case 'warning':
      return theme.colors.warning.text;
    case 'critical':
    case 'error':
      return theme.colors.error.text;
    default:
      return theme.colors.text.secondary;
  }
}

function StatusCell({ row }: { row: OverviewRow }) {
  const theme = useTheme2();
  const color = statusColor(theme, row.status);
  return (
    <span style={{ color }} title={row.error} data-status={row.status}>
      <Icon name={STATUS_ICON[row.status]} size="sm" aria-hidden /> {STATUS_TEXT[row.status]}
    </span>
  );
}

function Pair({ pair }: { pair: PairState }) {
  const styles = useStyles2(getStyles);
  const theme = useTheme2();
  const color = pair.firing
    ? pair.severity === 'warning'
      ? theme.colors.warning.text
      : theme.colors.error.text
    : undefined;
  const factor = pair.factor !== undefined ? `, factor ${pair.factor}` : '';
  return (
    <li
      className={styles.pair}
      data-pair={`${pair.short}_${pair.long}`}
      data-firing={String(pair.firing)}
      title={`${pair.severity ?? ''} pair ${pair.short}/${pair.long}${factor}: ${pairStateText(pair)}`.trim()}
      style={{ color }}
    >
      <Icon name={pair.firing ? 'fire' : pair.firing === null ? 'question-circle' : 'check'} size="xs" aria-hidden />
      <span>
        {pair.short}/{pair.long} {pairStateText(pair)}
      </span>
    </li>
  );
}

function BudgetCell({ remaining }: { remaining: number | null | undefined }) {
  const styles = useStyles2(getStyles);
  const theme = useTheme2();
  if (typeof remaining !== 'number' || !Number.isFinite(remaining)) {
    return <>{budgetText(remaining)}</>;
  }
  const color =
    remaining <= 0 ? theme.colors.error.main : remaining < 0.25 ? theme.colors.warning.main : theme.colors.success.main;
  return (
    <span className={styles.budget}>
      <span>{budgetText(remaining)}</span>
      <span className={styles.budgetTrack} aria-hidden>
        <span style={{ width: `${Math.min(1, Math.max(0, remaining)) * 100}%`, background: color }} />
      </span>
    </span>
  );
}

interface RowProps {
  row: OverviewRow;
  index: number;
  datasourceUid?: string;
  style: React.CSSProperties;
}

function Row({ row, index, datasourceUid, style }: RowProps) {
  const styles = useStyles2(getStyles);
  const name = row.kpi.name || row.kpi.id;
  const detail = [row.slo ? `SLO ${row.slo.name}` : undefined, dimensionText(row.dimensions) || undefined]
    .filter(Boolean)
    .join(' · ');
  return (
    <div
      role="row"
      aria-rowindex={index + 2}
      className={cx(styles.grid, styles.row, index % 2 === 1 && styles.odd)}
      style={style}
      data-row-key={row.key}
      data-kpi={row.kpi.id}
      data-slo={row.slo?.name}
    >
      <div role="cell" className={styles.cell}>
        <Link className={styles.name} to={kpiPagePath(row.kpi.id, datasourceUid)}>
          {name}
        </Link>
        <span className={styles.detail}>{detail || row.kpi.id}</span>
      </div>
      <div role="cell" className={styles.cell}>
        {row.kpi.owner ?? '–'}
      </div>
      <div role="cell" className={styles.cell}>
        {row.kpi.category ?? '–'}
      </div>
      <div role="cell" className={styles.cell} data-column="value">
        {valueText(row)}
      </div>
      <div role="cell" className={cx(styles.cell, styles.wrap)} data-column="objective">
        {objectiveText(row)}
      </div>
      <div role="cell" className={styles.cell} data-column="budget">
        <BudgetCell remaining={row.budgetRemaining} />
      </div>
      <div role="cell" className={styles.cell} data-column="pairs">
        {row.pairs.length > 0 ? (
          <ul className={styles.pairs} aria-label="Burn rate alert pairs">
            {row.pairs.map((pair) => (
              <Pair key={`${pair.short}_${pair.long}`} pair={pair} />
            ))}
          </ul>
        ) : (
          '–'
        )}
      </div>
      <div role="cell" className={styles.cell} data-column="exhaustion">
        {exhaustionText(row.timeToExhaustion)}
      </div>
      <div role="cell" className={styles.cell} data-column="status">
        <StatusCell row={row} />
      </div>
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  scrollX: css({ overflowX: 'auto', maxWidth: '100%' }),
  table: css({
    minWidth: 1180,
    border: `1px solid ${theme.colors.border.weak}`,
    borderRadius: theme.shape.radius.default,
    background: theme.colors.background.primary,
  }),
  caption: css({
    padding: theme.spacing(0.5, 0),
    color: theme.colors.text.secondary,
    fontSize: theme.typography.bodySmall.fontSize,
  }),
  grid: css({
    display: 'grid',
    gridTemplateColumns:
      'minmax(220px, 2.2fr) minmax(110px, 1fr) minmax(90px, 0.8fr) minmax(90px, 0.8fr) minmax(150px, 1.2fr) 120px minmax(200px, 1.8fr) 110px 100px',
    alignItems: 'center',
    columnGap: theme.spacing(1),
    padding: theme.spacing(0, 1.5),
  }),
  header: css({
    height: 36,
    fontWeight: theme.typography.fontWeightMedium,
    borderBottom: `1px solid ${theme.colors.border.medium}`,
    background: theme.colors.background.secondary,
  }),
  body: css({
    position: 'relative',
    overflowY: 'auto',
    maxHeight: '70vh',
    '&:focus-visible': { outline: `2px solid ${theme.colors.primary.border}`, outlineOffset: -2 },
  }),
  row: css({
    position: 'absolute',
    left: 0,
    right: 0,
    height: ROW_HEIGHT,
    borderBottom: `1px solid ${theme.colors.border.weak}`,
  }),
  odd: css({ background: theme.colors.background.secondary }),
  cell: css({ minWidth: 0, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }),
  // Two lines at most, then an ellipsis.
  wrap: css({
    whiteSpace: 'normal',
    display: '-webkit-box',
    WebkitLineClamp: 2,
    WebkitBoxOrient: 'vertical',
    lineHeight: 1.3,
  }),
  name: css({
    display: 'block',
    color: theme.colors.text.link,
    fontWeight: theme.typography.fontWeightMedium,
    overflow: 'hidden',
    textOverflow: 'ellipsis',
    '&:hover': { textDecoration: 'underline' },
  }),
  detail: css({
    display: 'block',
    color: theme.colors.text.secondary,
    fontSize: theme.typography.bodySmall.fontSize,
    overflow: 'hidden',
    textOverflow: 'ellipsis',
  }),
  pairs: css({
    display: 'flex',
    flexWrap: 'wrap',
    gap: theme.spacing(0, 1),
    margin: 0,
    padding: 0,
    listStyle: 'none',
    fontSize: theme.typography.bodySmall.fontSize,
    lineHeight: 1.4,
    whiteSpace: 'nowrap',
  }),
  pair: css({ display: 'inline-flex', alignItems: 'center', gap: 2 }),
  budget: css({ display: 'flex', flexDirection: 'column', gap: 2 }),
  budgetTrack: css({
    display: 'block',
    width: 80,
    height: 4,
    borderRadius: 2,
    background: theme.colors.background.canvas,
    border: `1px solid ${theme.colors.border.weak}`,
    overflow: 'hidden',
    span: { display: 'block', height: '100%' },
  }),
});
