import { cx } from '@emotion/css';
import React from 'react';

import { IconButton, useStyles2 } from '@grafana/ui';

import { KpiCardModel } from '../model/card';
import { ElementOptions } from '../types';
import { StatusBadge } from './StatusBadge';
import { getCardStyles } from './styles';

/** "Share of checkouts that succeed. Definition version 3." */
export function aboutText(card: Pick<KpiCardModel, 'description' | 'version'>): string | undefined {
  const parts = [card.description, card.version ? `Definition version ${card.version}.` : undefined];
  const text = parts.filter(Boolean).join(' ');
  return text || undefined;
}

interface Props {
  card: KpiCardModel;
  elements: ElementOptions;
  compact: boolean;
}

/** Name, description button and status; compact cards put the description in the name's tooltip. */
export function CardHeader({ card, elements, compact }: Props) {
  const styles = useStyles2(getCardStyles);
  const about = elements.description ? aboutText(card) : undefined;
  const title = compact && about ? `${card.name}\n${about}` : card.name;
  return (
    <div className={styles.header}>
      <span className={cx(styles.name, compact && styles.compactName)} title={title} data-testid="kpi-name">
        {card.name}
      </span>
      {!compact && about && (
        <IconButton className={styles.info} name="info-circle" size="sm" tooltip={about} data-testid="kpi-about" />
      )}
      {elements.status && <StatusBadge status={card.status} className={styles.status} />}
    </div>
  );
}
