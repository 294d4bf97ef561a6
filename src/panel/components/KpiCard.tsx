import { cx } from '@emotion/css';
import React, { memo } from 'react';

import { Icon, useStyles2 } from '@grafana/ui';

import { KpiCardModel } from '../model/card';
import { ElementOptions } from '../types';
import { CardFooter, FreshnessText } from './CardFooter';
import { CardHeader } from './CardHeader';
import { DeltaText } from './DeltaText';
import { CompactSlo, SloSummary } from './SloSummary';
import { Sparkline } from './Sparkline';
import { getCardStyles } from './styles';
import { TargetText } from './TargetText';

export interface KpiCardProps {
  card: KpiCardModel;
  elements: ElementOptions;
  compact: boolean;
  targetBand: boolean;
}

interface ValueRowProps {
  card: KpiCardModel;
  compact: boolean;
  /** Compact cards show the change next to the value. */
  showDelta: boolean;
}

function ValueRow({ card, compact, showDelta }: ValueRowProps) {
  const styles = useStyles2(getCardStyles);
  return (
    <div className={styles.valueRow}>
      <span
        className={cx(styles.value, compact && styles.compactValue)}
        title={card.value.problem ?? card.value.text}
        data-testid="kpi-value"
      >
        {card.value.text}
      </span>
      {showDelta && card.delta && <DeltaText delta={card.delta} compact />}
    </div>
  );
}

function ValueProblem({ problem }: { problem: string }) {
  const styles = useStyles2(getCardStyles);
  return (
    <div className={styles.problem} data-testid="kpi-problem">
      <Icon name="info-circle" size="xs" aria-hidden />
      {problem}
    </div>
  );
}

function RegularBody({ card, elements, targetBand }: Omit<KpiCardProps, 'compact'>) {
  const styles = useStyles2(getCardStyles);
  const links = elements.links ? card.links : [];
  return (
    <>
      {elements.owner && card.owner && (
        <div className={styles.owner} title={card.owner} data-testid="kpi-owner">
          {card.owner}
        </div>
      )}
      <ValueRow card={card} compact={false} showDelta={false} />
      {card.value.problem && <ValueProblem problem={card.value.problem} />}
      {elements.delta && card.delta && <DeltaText delta={card.delta} />}
      {elements.target && <TargetText target={card.target} />}
      {elements.sparkline && card.sparkline && (
        <Sparkline sparkline={card.sparkline} targetBand={targetBand} compact={false} />
      )}
      {elements.slo && card.slo && <SloSummary slo={card.slo} />}
      <CardFooter freshness={elements.freshness ? card.freshness : undefined} links={links} />
    </>
  );
}

function CompactBody({ card, elements, targetBand }: Omit<KpiCardProps, 'compact'>) {
  return (
    <>
      <ValueRow card={card} compact showDelta={elements.delta} />
      {elements.sparkline && card.sparkline && <Sparkline sparkline={card.sparkline} targetBand={targetBand} compact />}
      {elements.slo && card.slo && <CompactSlo slo={card.slo} />}
      {elements.freshness && card.freshness?.stale && <FreshnessText freshness={card.freshness} />}
    </>
  );
}

/** One KPI. Focusable; its aria-label reads the card as a sentence. */
export const KpiCard = memo(function KpiCard({ card, elements, compact, targetBand }: KpiCardProps) {
  const styles = useStyles2(getCardStyles);
  const Body = compact ? CompactBody : RegularBody;
  return (
    <article
      className={cx(styles.card, compact && styles.compactCard)}
      tabIndex={0}
      aria-label={card.ariaLabel}
      data-testid="kpi-card"
      data-kpi={card.id}
      data-status={card.status.level}
    >
      <CardHeader card={card} elements={elements} compact={compact} />
      <Body card={card} elements={elements} targetBand={targetBand} />
    </article>
  );
});
