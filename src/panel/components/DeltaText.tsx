import React from 'react';

import { useStyles2, useTheme2 } from '@grafana/ui';

import { CardDelta, isMissingDelta, MissingDelta } from '../model/delta';
import { getCardStyles, sentimentColor } from './styles';

const ARROWS = { up: '\u25B2', down: '\u25BC' };

interface Props {
  delta: CardDelta | MissingDelta;
  /** Compact: arrow and one figure, no period. */
  compact?: boolean;
}

/**
 * "▼ −0.30 pp (−0.30%) vs previous 7 days", coloured by whether the change is good. No change
 * (or one that rounds to zero at the value's decimals) has no arrow and no colour: "±0 pp".
 */
export function DeltaText({ delta, compact }: Props) {
  const styles = useStyles2(getCardStyles);
  const theme = useTheme2();
  if (isMissingDelta(delta)) {
    return compact ? null : (
      <div className={styles.line} data-testid="kpi-delta">
        {delta.missing}
      </div>
    );
  }
  const figure = compact ? (delta.fractionText ?? delta.changeText) : delta.changeText;
  return (
    <div className={styles.line} data-testid="kpi-delta" data-sentiment={delta.sentiment}>
      <span className={styles.delta} style={{ color: sentimentColor(theme, delta.sentiment) }}>
        {delta.trend !== 'flat' && <span aria-hidden>{ARROWS[delta.trend]} </span>}
        {figure}
        {!compact && delta.fractionText && ` (${delta.fractionText})`}
      </span>
      {!compact && ` ${delta.periodText}`}
    </div>
  );
}
