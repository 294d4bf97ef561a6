import React from 'react';

import { useStyles2 } from '@grafana/ui';

import { CardTarget } from '../model/card';
import { getCardStyles } from './styles';

/** "Target 99.50% · 99.70% attained", or "No target". */
export function TargetText({ target }: { target: CardTarget }) {
  const styles = useStyles2(getCardStyles);
  if (target.kind === 'none') {
    return (
      <div className={styles.line} data-testid="kpi-target">
        {target.text}
      </div>
    );
  }
  return (
    <div className={styles.line} data-testid="kpi-target">
      Target <span className={styles.strong}>{target.text}</span>
      {target.attainment && (
        <>
          {' \u00B7 '}
          <span className={styles.strong}>{target.attainment.text}</span> attained
        </>
      )}
    </div>
  );
}
