import { KpiCardsOptions, OPTIONS_VERSION } from './types';

export const DEFAULT_OPTIONS: KpiCardsOptions = {
  optionsVersion: OPTIONS_VERSION,
  layout: {
    minCardWidth: 260,
    compact: 'auto',
    sortBy: 'none',
    groupBy: 'none',
  },
  display: {
    colorMode: 'value',
  },
  elements: {
    owner: true,
    status: true,
    delta: true,
    target: true,
    sparkline: true,
    slo: true,
    freshness: true,
    description: true,
    links: true,
  },
  sparkline: {
    includeZero: false,
    targetBand: true,
  },
  series: {
    reducer: 'lastNotNull',
    comparison: 'halves',
    comparisonPoints: 1,
  },
  freshness: {
    staleAfter: '1h',
  },
};

/** Narrowest allowed card, so a saved value cannot break the grid. */
export const MIN_CARD_WIDTH_FLOOR = 120;
