import { cx } from '@emotion/css';
import React from 'react';

import { dateTimeFormat } from '@grafana/data';
import { Icon, useStyles2 } from '@grafana/ui';

import { Freshness } from '../model/freshness';
import { getCardStyles } from './styles';

const sampleTimes = new Map<string, string>();

/** The newest sample's time in the dashboard's time zone (cards of one query share it: cached). */
function sampleTime(ms: number, timeZone: string | undefined): string {
  const key = `${ms}|${timeZone ?? ''}`;
  let text = sampleTimes.get(key);
  if (text === undefined) {
    if (sampleTimes.size > 1000) {
      sampleTimes.clear();
    }
    text = dateTimeFormat(ms, { timeZone });
    sampleTimes.set(key, text);
  }
  return text;
}

interface FreshnessProps {
  freshness: Freshness;
  /** The dashboard's time zone, for the newest sample's time in the tooltip. */
  timeZone?: string;
}

/** "Last sample 1 h 20 min ago"; the tooltip gives the time of that sample. */
export function FreshnessText({ freshness, timeZone }: FreshnessProps) {
  const styles = useStyles2(getCardStyles);
  const at = sampleTime(freshness.lastSample, timeZone);
  return (
    <span
      className={cx(styles.freshness, freshness.stale && styles.stale)}
      title={`Newest sample: ${at}`}
      data-testid="kpi-freshness"
      data-stale={String(freshness.stale)}
    >
      <Icon name={freshness.stale ? 'exclamation-triangle' : 'clock-nine'} size="xs" aria-hidden />
      {freshness.text}
    </span>
  );
}

interface Props {
  freshness?: Freshness;
  timeZone?: string;
}

/** How old the newest sample is (data links live on the value, see ValueLinks). */
export function CardFooter({ freshness, timeZone }: Props) {
  const styles = useStyles2(getCardStyles);
  if (!freshness) {
    return null;
  }
  return (
    <div className={styles.footer}>
      <FreshnessText freshness={freshness} timeZone={timeZone} />
    </div>
  );
}
