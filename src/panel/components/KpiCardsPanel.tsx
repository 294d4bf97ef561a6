import { cx } from '@emotion/css';
import React, { useMemo } from 'react';

import { DataQueryError, LoadingState, PanelData, PanelProps } from '@grafana/data';
import { PanelDataErrorView } from '@grafana/runtime';
import { useStyles2, useTheme2 } from '@grafana/ui';

import { migrateOptions } from '../migrations';
import { buildCards } from '../model/buildCards';
import { cardMinWidth, isCompact } from '../model/layout';
import { CardGroup, groupCards, sortCards } from '../model/sorting';
import { cardWidthFor } from '../model/valueSize';
import { KpiCardsOptions } from '../types';
import { KpiCard } from './KpiCard';
import { ErrorMessage, PartialErrorNotice } from './PanelMessages';
import { getPanelStyles, GRID_GAP } from './styles';

export function queryErrors(data: PanelData): DataQueryError[] {
  return data.errors ?? [];
}

/** When the data was fetched: the reference for freshness (the end of the range when unknown). */
export function fetchedAt(data: PanelData): number {
  return data.request?.endTime ?? data.request?.startTime ?? data.timeRange.to.valueOf();
}

interface GroupProps {
  group: CardGroup;
  options: KpiCardsOptions;
  compact: boolean;
  minWidth: number;
  /** Width of one card, for the value's font size. */
  cardWidth: number;
  /** The panel's only card fills it. */
  fill: boolean;
  sparklineHeight?: number;
  timeZone?: string;
}

/** Sparkline height of a card that fills the panel: a fifth of the panel, 40 to 160 px. */
export function fillSparklineHeight(panelHeight: number): number {
  return Math.round(Math.min(160, Math.max(40, panelHeight * 0.2)));
}

function CardGroupView({ group, options, compact, minWidth, cardWidth, fill, sparklineHeight, timeZone }: GroupProps) {
  const styles = useStyles2(getPanelStyles);
  const grid = (
    <div
      className={cx(styles.grid, fill && styles.fillGrid)}
      data-testid="kpi-grid"
      style={{ gridTemplateColumns: fill ? '1fr' : `repeat(auto-fill, minmax(min(${minWidth}px, 100%), 1fr))` }}
    >
      {group.cards.map((card) => (
        <KpiCard
          key={card.key}
          card={card}
          elements={options.elements}
          compact={compact}
          targetBand={options.sparkline.targetBand}
          colorMode={options.display.colorMode}
          width={cardWidth}
          fill={fill}
          sparklineHeight={sparklineHeight}
          timeZone={timeZone}
        />
      ))}
    </div>
  );
  if (group.title === undefined) {
    return grid;
  }
  return (
    <section className={cx(styles.group, fill && styles.fillGroup)} aria-label={group.title} data-testid="kpi-group">
      <h3 className={styles.groupTitle}>
        {group.title} <span className={styles.groupCount}>{group.cards.length}</span>
      </h3>
      {grid}
    </section>
  );
}

export function KpiCardsPanel({
  id,
  data,
  options: savedOptions,
  width,
  height,
  fieldConfig,
  timeZone,
}: PanelProps<KpiCardsOptions>) {
  const styles = useStyles2(getPanelStyles);
  const theme = useTheme2();
  const options = useMemo(() => migrateOptions(savedOptions), [savedOptions]);
  const cards = useMemo(
    () =>
      buildCards({
        series: data.series,
        timeRange: data.timeRange,
        options,
        theme,
        now: fetchedAt(data),
        intervalMs: data.request?.intervalMs,
      }),
    [data, options, theme]
  );
  const groups = useMemo(
    () => groupCards(sortCards(cards, options.layout.sortBy), options.layout.groupBy),
    [cards, options.layout.sortBy, options.layout.groupBy]
  );
  const errors = queryErrors(data);

  if (cards.length === 0) {
    if (errors.length > 0) {
      return <ErrorMessage errors={errors} />;
    }
    if (data.state === LoadingState.Loading) {
      return null;
    }
    const message = data.series.length > 0 ? 'No data: the query matched no KPIs or returned no numbers' : undefined;
    return <PanelDataErrorView panelId={id} fieldConfig={fieldConfig} data={data} message={message} needsNumberField />;
  }

  const { layout } = options;
  const compact = isCompact({ ...layout, mode: layout.compact, width, height, cardCount: cards.length, gap: GRID_GAP });
  const minWidth = cardMinWidth(layout.minCardWidth, compact);
  const fill = cards.length === 1;
  const cardWidth = fill ? width : cardWidthFor(width, minWidth, GRID_GAP);
  return (
    <div className={styles.root} data-testid="kpi-panel" data-compact={String(compact)} data-fill={String(fill)}>
      {errors.length > 0 && <PartialErrorNotice errors={errors} />}
      {groups.map((group) => (
        <CardGroupView
          key={group.key}
          group={group}
          options={options}
          compact={compact}
          minWidth={minWidth}
          cardWidth={cardWidth}
          fill={fill}
          sparklineHeight={fill && !compact ? fillSparklineHeight(height) : undefined}
          timeZone={timeZone}
        />
      ))}
    </div>
  );
}
