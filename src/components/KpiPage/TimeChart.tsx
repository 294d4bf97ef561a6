import React, { useId } from 'react';
import { css } from '@emotion/css';
import { dateTimeFormat, GrafanaTheme2 } from '@grafana/data';
import { Text, useStyles2, useTheme2 } from '@grafana/ui';
import { Extent, linear, linePath, niceTicks, timeTicks, valueExtent } from './chartGeometry';

export interface ChartLine {
  key: string;
  label: string;
  times: number[];
  values: Array<number | null>;
  color: string;
  /** SVG stroke-dasharray, e.g. "6 4". */
  dash?: string;
}

/** A band of values shaded behind the lines (warning and critical zones). */
export interface ChartZone {
  from: number;
  to: number;
  color: string;
  label: string;
}

/** A horizontal line at a value (a factor, zero budget). */
export interface ChartRule {
  value: number;
  label: string;
  color: string;
}

interface Props {
  title: string;
  /** What the chart shows, in words (the SVG's accessible name). */
  summary: string;
  from: number;
  to: number;
  lines: ChartLine[];
  zones?: ChartZone[];
  rules?: ChartRule[];
  format: (value: number) => string;
  includeZero?: boolean;
  timeZone?: string;
  testId?: string;
}

/** Some room above and below the lines, so that a flat line at the extreme is not drawn on the axis. */
function padded(extent: Extent | undefined): Extent | undefined {
  if (!extent) {
    return undefined;
  }
  const pad = (extent.max - extent.min) * 0.05;
  return { min: extent.min - pad, max: extent.max + pad };
}

const WIDTH = 800;
const HEIGHT = 220;
const MARGIN = { top: 10, right: 12, bottom: 24, left: 72 };

/**
 * A small time chart drawn in SVG with the theme's colours: lines (gaps where values are
 * missing), shaded zones, horizontal rules, value and time axes, and an HTML legend. Grafana's
 * TimeSeries panel is not available to an app page outside a dashboard.
 */
export function TimeChart({
  title,
  summary,
  from,
  to,
  lines,
  zones = [],
  rules = [],
  format,
  includeZero,
  timeZone,
  testId,
}: Props) {
  const styles = useStyles2(getStyles);
  const theme = useTheme2();
  const titleId = useId();
  const values = lines.flatMap((line) => line.values.filter((_, i) => line.times[i] >= from && line.times[i] <= to));
  const extent: Extent | undefined = padded(valueExtent([...values, ...rules.map((rule) => rule.value)], includeZero));
  const inner = { left: MARGIN.left, right: WIDTH - MARGIN.right, top: MARGIN.top, bottom: HEIGHT - MARGIN.bottom };
  const x = linear({ min: from, max: to }, inner.left, inner.right);
  const y = extent ? linear(extent, inner.bottom, inner.top) : () => inner.bottom;
  const clampY = (v: number) => Math.min(inner.bottom, Math.max(inner.top, v));
  const ticks = extent ? niceTicks(extent, 4) : [];
  const times = timeTicks(from, to, 7);
  const timeFormat = to - from > 2 * 86_400_000 ? 'MM-DD' : 'HH:mm';

  return (
    <figure className={styles.figure} aria-labelledby={titleId} data-testid={testId}>
      <figcaption id={titleId}>
        <Text weight="medium">{title}</Text>
      </figcaption>
      {extent ? (
        <svg className={styles.svg} viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={summary}>
          {zones.map((zone) => {
            const top = clampY(y(Math.max(zone.from, zone.to)));
            const bottom = clampY(y(Math.min(zone.from, zone.to)));
            return bottom > top ? (
              <rect
                key={zone.label}
                data-zone={zone.label}
                x={inner.left}
                y={top}
                width={inner.right - inner.left}
                height={bottom - top}
                fill={zone.color}
              />
            ) : null;
          })}
          {ticks.map((tick) => (
            <g key={`y${tick}`}>
              <line x1={inner.left} x2={inner.right} y1={y(tick)} y2={y(tick)} stroke={theme.colors.border.weak} />
              <text
                x={inner.left - 6}
                y={y(tick) + 4}
                textAnchor="end"
                className={styles.axis}
                fill={theme.colors.text.secondary}
              >
                {format(tick)}
              </text>
            </g>
          ))}
          {times.map((t) => (
            <text
              key={`x${t}`}
              x={x(t)}
              y={HEIGHT - 6}
              textAnchor="middle"
              className={styles.axis}
              fill={theme.colors.text.secondary}
            >
              {dateTimeFormat(t, { format: timeFormat, timeZone })}
            </text>
          ))}
          <line
            x1={inner.left}
            x2={inner.right}
            y1={inner.bottom}
            y2={inner.bottom}
            stroke={theme.colors.border.medium}
          />
          {rules.map((rule) => (
            <line
              key={`rule-${rule.label}`}
              data-rule={rule.label}
              x1={inner.left}
              x2={inner.right}
              y1={y(rule.value)}
              y2={y(rule.value)}
              stroke={rule.color}
              strokeDasharray="2 3"
            />
          ))}
          {lines.map((line) => (
            <path
              key={line.key}
              data-line={line.key}
              d={linePath(
                line.times.map((t) => (t < from || t > to ? Number.NaN : t)),
                line.values,
                x,
                y
              )}
              fill="none"
              stroke={line.color}
              strokeWidth={line.dash ? 1.5 : 2}
              strokeDasharray={line.dash}
              strokeLinecap="round"
              strokeLinejoin="round"
            />
          ))}
        </svg>
      ) : (
        <Text color="secondary" element="p">
          No data in this range.
        </Text>
      )}
      <ul className={styles.legend} aria-label={`Legend of ${title}`}>
        {[
          ...lines.map((line) => ({
            key: line.key,
            label: line.label,
            color: line.color,
            dash: line.dash,
            zone: false,
          })),
          ...zones.map((zone) => ({
            key: `zone-${zone.label}`,
            label: zone.label,
            color: zone.color,
            dash: undefined,
            zone: true,
          })),
          ...rules.map((rule) => ({
            key: `rule-${rule.label}`,
            label: rule.label,
            color: rule.color,
            dash: '2 3',
            zone: false,
          })),
        ].map((item) => (
          <li key={item.key}>
            <svg width={22} height={10} aria-hidden>
              {item.zone ? (
                <rect x={0} y={0} width={22} height={10} fill={item.color} />
              ) : (
                <line x1={0} x2={22} y1={5} y2={5} stroke={item.color} strokeWidth={2} strokeDasharray={item.dash} />
              )}
            </svg>
            {item.label}
          </li>
        ))}
      </ul>
    </figure>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  figure: css({ margin: 0, minWidth: 0 }),
  svg: css({ display: 'block', width: '100%', height: 'auto', maxHeight: 260 }),
  axis: css({ fontSize: 11, fontFamily: theme.typography.fontFamily }),
  legend: css({
    display: 'flex',
    flexWrap: 'wrap',
    gap: theme.spacing(0.5, 2),
    margin: 0,
    padding: 0,
    listStyle: 'none',
    fontSize: theme.typography.bodySmall.fontSize,
    color: theme.colors.text.secondary,
    li: { display: 'inline-flex', alignItems: 'center', gap: theme.spacing(0.5) },
  }),
});
