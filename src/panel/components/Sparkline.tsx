import { cx } from '@emotion/css';
import React from 'react';

import { useStyles2, useTheme2 } from '@grafana/ui';

import { CardSparkline } from '../model/card';
import { VIEW_HEIGHT, VIEW_WIDTH } from '../model/sparkline';
import { getCardStyles } from './styles';

interface Props {
  sparkline: CardSparkline;
  targetBand: boolean;
  compact: boolean;
  /** Pixels; default 40 (20 compact). */
  height?: number;
}

/** The series over the range; target line and warning/critical zones behind it; the scale printed below. */
export function Sparkline({ sparkline, targetBand, compact, height }: Props) {
  const styles = useStyles2(getCardStyles);
  const theme = useTheme2();
  const zoneFill = { warning: theme.colors.warning.transparent, critical: theme.colors.error.transparent };
  return (
    <div className={styles.sparkline} data-testid="kpi-sparkline" data-mode={sparkline.mode}>
      <svg
        className={cx(styles.sparklineSvg, compact && styles.compactSparklineSvg)}
        style={height ? { height } : undefined}
        viewBox={`0 0 ${VIEW_WIDTH} ${VIEW_HEIGHT}`}
        preserveAspectRatio="none"
        aria-hidden
      >
        {targetBand &&
          sparkline.zones.map((zone) => (
            <rect
              key={`${zone.level}-${zone.y}`}
              data-zone={zone.level}
              x={0}
              y={zone.y}
              width={VIEW_WIDTH}
              height={zone.height}
              fill={zoneFill[zone.level]}
            />
          ))}
        {targetBand && sparkline.target && (
          <path
            data-testid="kpi-sparkline-target"
            d={sparkline.target}
            fill="none"
            stroke={theme.colors.text.secondary}
            strokeWidth={1}
            strokeDasharray="4 3"
            vectorEffect="non-scaling-stroke"
          />
        )}
        <path
          data-testid="kpi-sparkline-line"
          d={sparkline.line}
          fill="none"
          stroke={theme.colors.primary.text}
          strokeWidth={1.5}
          strokeLinejoin="round"
          vectorEffect="non-scaling-stroke"
        />
        {sparkline.end && (
          <path
            data-testid="kpi-sparkline-end"
            data-x={sparkline.end.x}
            data-y={sparkline.end.y}
            d={`M${sparkline.end.x} ${sparkline.end.y}l0 0`}
            stroke={theme.colors.primary.text}
            strokeWidth={5}
            strokeLinecap="round"
            vectorEffect="non-scaling-stroke"
          />
        )}
      </svg>
      {!compact && (
        <div className={styles.sparklineScale} data-testid="kpi-sparkline-scale">
          {sparkline.mode === 'running-total' ? 'Running total \u00B7 scale' : 'Scale'} {sparkline.rangeText}
          {sparkline.nonFinite > 0 && ` \u00B7 ${sparkline.nonFinite} NaN/\u00B1\u221e skipped`}
        </div>
      )}
    </div>
  );
}
