import { cx } from '@emotion/css';
import React, { CSSProperties, memo, useLayoutEffect, useRef, useState } from 'react';

import { colorManipulator, GrafanaTheme2 } from '@grafana/data';
import { Icon, useStyles2, useTheme2 } from '@grafana/ui';

import { KpiCardModel } from '../model/card';
import { CardColor, statusColor, statusMainColor } from '../model/color';
import { fillValueFontSize, gridValueFontSize } from '../model/valueSize';
import { ColorMode, ElementOptions } from '../types';
import { CardFooter, FreshnessText } from './CardFooter';
import { CardHeader } from './CardHeader';
import { DeltaText } from './DeltaText';
import { CompactSlo, SloSummary } from './SloSummary';
import { Sparkline } from './Sparkline';
import { getCardStyles } from './styles';
import { TargetText } from './TargetText';
import { ValueLinks } from './ValueLinks';

export interface KpiCardProps {
  card: KpiCardModel;
  elements: ElementOptions;
  compact: boolean;
  targetBand: boolean;
  colorMode: ColorMode;
  /** The card's width in pixels (from the panel's width and the grid), for the value's font size. */
  width: number;
  /** The only card: it fills the panel and its value grows to the free space, like Stat. */
  fill?: boolean;
  /** Sparkline height in pixels (bigger when the card fills a tall panel). */
  sparklineHeight?: number;
  /** The dashboard's time zone, for the freshness tooltip. */
  timeZone?: string;
}

/** The colour of text in the value's colour (value mode). */
export function valueTextColor(theme: GrafanaTheme2, color: CardColor | undefined): string | undefined {
  if (!color) {
    return undefined;
  }
  return color.kind === 'status' ? statusColor(theme, color.level) : theme.visualization.getColorByName(color.color);
}

/**
 * Background mode: the card is tinted with the colour and framed by it. A tint, not a solid fill,
 * so every line of the card (secondary text, coloured changes and budgets) keeps its contrast.
 */
export function backgroundStyle(theme: GrafanaTheme2, color: CardColor | undefined): CSSProperties | undefined {
  if (!color) {
    return undefined;
  }
  const main =
    color.kind === 'status' ? statusMainColor(theme, color.level) : theme.visualization.getColorByName(color.color);
  const tint = colorManipulator.alpha(main, theme.isDark ? 0.2 : 0.12);
  return {
    backgroundImage: `linear-gradient(${tint}, ${tint})`,
    borderColor: main,
  };
}

/** Width and height of an element, kept up to date (ResizeObserver); undefined where there is none. */
function useBoxSize(enabled: boolean) {
  const ref = useRef<HTMLDivElement>(null);
  const [size, setSize] = useState<{ width: number; height: number }>();
  useLayoutEffect(() => {
    const element = ref.current;
    if (!enabled || !element || typeof ResizeObserver === 'undefined') {
      return undefined;
    }
    const observer = new ResizeObserver(([entry]) => {
      const { width, height } = entry.contentRect;
      setSize((old) => (old && old.width === width && old.height === height ? old : { width, height }));
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, [enabled]);
  return { ref, size };
}

interface ValueRowProps {
  card: KpiCardModel;
  compact: boolean;
  /** Compact cards show the change next to the value. */
  showDelta: boolean;
  showLinks: boolean;
  fontSize: number;
  color?: string;
  fill: boolean;
}

function ValueRow({ card, compact, showDelta, showLinks, fontSize: gridSize, color, fill }: ValueRowProps) {
  const styles = useStyles2(getCardStyles);
  const { ref, size } = useBoxSize(fill);
  const fontSize = fill && size ? fillValueFontSize(card.value.text, size, gridSize) : gridSize;
  const value = (
    <span
      className={cx(styles.value, compact && styles.compactValue, 'kpi-value-text')}
      style={{ fontSize, color }}
      title={card.value.problem ?? card.value.text}
      data-testid="kpi-value"
    >
      {card.value.text}
    </span>
  );
  const links = showLinks ? card.links : [];
  return (
    <div ref={ref} className={cx(styles.valueRow, fill && styles.fillValueRow)} data-testid="kpi-value-row">
      {links.length > 0 ? <ValueLinks links={links} name={card.name} value={value} /> : value}
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

interface BodyProps extends Omit<KpiCardProps, 'compact' | 'width' | 'colorMode'> {
  fontSize: number;
  valueColor?: string;
}

function RegularBody({ card, elements, targetBand, fontSize, valueColor, fill, sparklineHeight, timeZone }: BodyProps) {
  const styles = useStyles2(getCardStyles);
  return (
    <>
      {elements.owner && card.owner && (
        <div className={styles.owner} title={card.owner} data-testid="kpi-owner">
          {card.owner}
        </div>
      )}
      <ValueRow
        card={card}
        compact={false}
        showDelta={false}
        showLinks={elements.links}
        fontSize={fontSize}
        color={valueColor}
        fill={Boolean(fill)}
      />
      {card.value.problem && <ValueProblem problem={card.value.problem} />}
      {elements.delta && card.delta && <DeltaText delta={card.delta} />}
      {elements.target && <TargetText target={card.target} />}
      {elements.sparkline && card.sparkline && (
        <Sparkline sparkline={card.sparkline} targetBand={targetBand} compact={false} height={sparklineHeight} />
      )}
      {elements.slo && card.slo && <SloSummary slo={card.slo} />}
      <CardFooter freshness={elements.freshness ? card.freshness : undefined} timeZone={timeZone} />
    </>
  );
}

function CompactBody({ card, elements, targetBand, fontSize, valueColor, fill, timeZone }: BodyProps) {
  return (
    <>
      <ValueRow
        card={card}
        compact
        showDelta={elements.delta && !fill}
        showLinks={elements.links}
        fontSize={fontSize}
        color={valueColor}
        fill={Boolean(fill)}
      />
      {fill && elements.delta && card.delta && <DeltaText delta={card.delta} compact />}
      {elements.sparkline && card.sparkline && <Sparkline sparkline={card.sparkline} targetBand={targetBand} compact />}
      {elements.slo && card.slo && <CompactSlo slo={card.slo} />}
      {elements.freshness && card.freshness?.stale && <FreshnessText freshness={card.freshness} timeZone={timeZone} />}
    </>
  );
}

/** One KPI. Focusable; its aria-label reads the card as a sentence. */
export const KpiCard = memo(function KpiCard({ card, compact, colorMode, width, fill, ...rest }: KpiCardProps) {
  const styles = useStyles2(getCardStyles);
  const theme = useTheme2();
  const Body = compact ? CompactBody : RegularBody;
  const fontSize = gridValueFontSize(card.value.text, width, compact);
  const valueColor = colorMode === 'value' ? valueTextColor(theme, card.color) : undefined;
  const style = colorMode === 'background' ? backgroundStyle(theme, card.color) : undefined;
  return (
    <article
      className={cx(styles.card, compact && styles.compactCard, fill && styles.fillCard)}
      style={style}
      tabIndex={0}
      aria-label={card.ariaLabel}
      data-testid="kpi-card"
      data-kpi={card.id}
      data-dimensions={card.dimensions.map((d) => `${d.name}=${d.value}`).join(',') || undefined}
      data-status={card.status.level}
      data-color-mode={colorMode}
    >
      <CardHeader card={card} elements={rest.elements} compact={compact} />
      <Body card={card} fontSize={fontSize} valueColor={valueColor} fill={fill} {...rest} />
    </article>
  );
});
