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

/**
 * Title, description button and status; the dimension values on a line of their own below, so two
 * cards of one KPI are told apart however long its name: the title truncates, they wrap. The full
 * name is the title's tooltip. Compact cards put the description in that tooltip too.
 */
export function CardHeader({ card, elements, compact }: Props) {
  const styles = useStyles2(getCardStyles);
  const about = elements.description ? aboutText(card) : undefined;
  const tooltip = compact && about ? `${card.name}\n${about}` : card.name;
  return (
    <>
      <div className={styles.header}>
        <span className={cx(styles.name, compact && styles.compactName)} title={tooltip} data-testid="kpi-name">
          {card.title}
        </span>
        {!compact && about && (
          <IconButton className={styles.info} name="info-circle" size="sm" tooltip={about} data-testid="kpi-about" />
        )}
        {elements.status && <StatusBadge status={card.status} className={styles.status} />}
      </div>
      {card.dimensions.length > 0 && (
        <div className={styles.dimensions} data-testid="kpi-dimensions">
          {card.dimensions.map((d) => (
            <span key={d.name} className={styles.dimension} title={`${d.name}: ${d.value}`}>
              {d.value}
            </span>
          ))}
        </div>
      )}
    </>
  );
}
