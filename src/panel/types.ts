/** Which way is good for a KPI. */
export type Direction = 'higher' | 'lower';

/** How a card is doing. `none`: the KPI has no target and no thresholds; `nodata`: no usable value. */
export type StatusLevel = 'ok' | 'warning' | 'critical' | 'nodata' | 'none';

export type SortBy = 'status' | 'name' | 'budget' | 'delta' | 'none';
export type GroupBy = 'none' | 'category' | 'owner';
export type CompactMode = 'auto' | 'always' | 'never';

/**
 * How cards built from plain time series (no Northstar metadata) find their previous value.
 * - `halves`: the reducer over the second half of the time range against the first half.
 * - `points`: the reducer over the whole series against the same reducer over the series
 *   without its last N points (for `Last`: the value N points earlier).
 * - `none`: no comparison.
 */
export type ComparisonMode = 'halves' | 'points' | 'none';

/** The version of the options shape this build writes. Bump it and add a migration step on every breaking change. */
export const OPTIONS_VERSION = 1;

export interface LayoutOptions {
  /** Narrowest a card may get before the grid drops a column, in pixels. */
  minCardWidth: number;
  compact: CompactMode;
  sortBy: SortBy;
  groupBy: GroupBy;
}

/** Each element of a card can be hidden. */
export interface ElementOptions {
  owner: boolean;
  status: boolean;
  delta: boolean;
  target: boolean;
  sparkline: boolean;
  slo: boolean;
  freshness: boolean;
  description: boolean;
  links: boolean;
}

export interface SparklineOptions {
  /** Extend the vertical scale to zero. */
  includeZero: boolean;
  /** Draw the target line and the warning/critical zones. */
  targetBand: boolean;
}

/** Options for cards built from plain time series. */
export interface SeriesOptions {
  /** A reducer id of @grafana/data's `fieldReducers` (e.g. `lastNotNull`, `mean`). */
  reducer: string;
  comparison: ComparisonMode;
  /** N for the `points` comparison. */
  comparisonPoints: number;
}

export interface FreshnessOptions {
  /** A Grafana interval (`15m`, `1h`, `2d`); a card whose last sample is older is flagged stale. Empty: never stale. */
  staleAfter: string;
}

/**
 * How the value's colour shows, as in Grafana's Stat panel: the value text in the colour, the card
 * background tinted with it, or no colour at all.
 */
export type ColorMode = 'value' | 'background' | 'none';

export interface DisplayOptions {
  colorMode: ColorMode;
}

export interface KpiCardsOptions {
  /** Written by this panel; read by the migration handler. */
  optionsVersion: number;
  layout: LayoutOptions;
  display: DisplayOptions;
  elements: ElementOptions;
  sparkline: SparklineOptions;
  series: SeriesOptions;
  freshness: FreshnessOptions;
}

/** Custom field config (per field, overridable). */
export interface KpiFieldConfig {
  /** Target for fields that do not bring one (plain time series). */
  target?: number;
  /**
   * Which way is good, for fields that do not bring it. `auto` (the default): inferred from the
   * thresholds (thresholds that get worse upwards mean lower is better), else higher.
   */
  direction?: Direction | 'auto';
}
