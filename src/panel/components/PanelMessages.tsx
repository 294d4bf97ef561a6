import React from 'react';

import { DataQueryError } from '@grafana/data';
import { Icon, useStyles2 } from '@grafana/ui';

import { getPanelStyles } from './styles';

export function errorText(error: DataQueryError): string {
  const where = error.refId ? `Query ${error.refId}: ` : '';
  return `${where}${error.message ?? error.data?.message ?? 'failed'}`;
}

/** Shown above the cards when some queries failed and others returned data. */
export function PartialErrorNotice({ errors }: { errors: DataQueryError[] }) {
  const styles = useStyles2(getPanelStyles);
  const title = errors.length === 1 ? '1 query failed' : `${errors.length} queries failed`;
  return (
    <div className={styles.notice} role="alert" data-testid="kpi-partial-error">
      <Icon className={styles.noticeIcon} name="exclamation-triangle" aria-hidden />
      <div>
        <strong>{title}; showing the data that arrived.</strong> {errors.map(errorText).join(' \u00B7 ')}
      </div>
    </div>
  );
}

/** Shown instead of the cards when every query failed. */
export function ErrorMessage({ errors }: { errors: DataQueryError[] }) {
  const styles = useStyles2(getPanelStyles);
  return (
    <div className={styles.message} role="alert" data-testid="kpi-error">
      <Icon className={styles.noticeIcon} name="exclamation-triangle" size="xl" aria-hidden />
      <strong>{errors.length === 1 ? 'The query failed' : 'The queries failed'}</strong>
      {errors.map((error, i) => (
        <div key={i} className={styles.messageDetail}>
          {errorText(error)}
        </div>
      ))}
    </div>
  );
}
