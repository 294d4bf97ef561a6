import { DEFAULT_OPTIONS, MIN_CARD_WIDTH_FLOOR } from './defaults';
import { KpiCardsOptions, OPTIONS_VERSION } from './types';

type UnknownRecord = Record<string, unknown>;

/** Turns options saved under version N into options of version N + 1. */
export type MigrationStep = (options: UnknownRecord) => UnknownRecord;

/**
 * Steps keyed by the version they migrate from. Version 0 is "no version": options saved
 * before the panel wrote `optionsVersion` (or by hand). Add a step here with every breaking
 * change of the options shape, then bump OPTIONS_VERSION.
 */
export const MIGRATIONS: Record<number, MigrationStep> = {
  0: (options) => ({ ...options, optionsVersion: 1 }),
};

function isRecord(value: unknown): value is UnknownRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function pick<T>(value: unknown, fallback: T, valid: (v: unknown) => boolean = (v) => typeof v === typeof fallback): T {
  return valid(value) ? (value as T) : fallback;
}

function oneOf<T extends string>(allowed: readonly T[]) {
  return (v: unknown): boolean => typeof v === 'string' && (allowed as readonly string[]).includes(v);
}

/** Fills the current shape from anything: known keys with valid values are kept, the rest defaulted. */
export function normalizeOptions(raw: UnknownRecord): KpiCardsOptions {
  const d = DEFAULT_OPTIONS;
  const section = (name: keyof KpiCardsOptions): UnknownRecord => (isRecord(raw[name]) ? raw[name] : {});
  const layout = section('layout');
  const elements = section('elements');
  const sparkline = section('sparkline');
  const series = section('series');
  const freshness = section('freshness');
  const display = section('display');
  const isPositive = (v: unknown): boolean => typeof v === 'number' && Number.isFinite(v) && v > 0;
  return {
    optionsVersion: OPTIONS_VERSION,
    layout: {
      minCardWidth: Math.max(MIN_CARD_WIDTH_FLOOR, pick(layout.minCardWidth, d.layout.minCardWidth, isPositive)),
      compact: pick(layout.compact, d.layout.compact, oneOf(['auto', 'always', 'never'])),
      sortBy: pick(layout.sortBy, d.layout.sortBy, oneOf(['status', 'name', 'budget', 'delta', 'none'])),
      groupBy: pick(layout.groupBy, d.layout.groupBy, oneOf(['none', 'category', 'owner'])),
    },
    display: {
      colorMode: pick(display.colorMode, d.display.colorMode, oneOf(['value', 'background', 'none'])),
    },
    elements: {
      owner: pick(elements.owner, d.elements.owner),
      status: pick(elements.status, d.elements.status),
      delta: pick(elements.delta, d.elements.delta),
      target: pick(elements.target, d.elements.target),
      sparkline: pick(elements.sparkline, d.elements.sparkline),
      slo: pick(elements.slo, d.elements.slo),
      freshness: pick(elements.freshness, d.elements.freshness),
      description: pick(elements.description, d.elements.description),
      links: pick(elements.links, d.elements.links),
    },
    sparkline: {
      includeZero: pick(sparkline.includeZero, d.sparkline.includeZero),
      targetBand: pick(sparkline.targetBand, d.sparkline.targetBand),
    },
    series: {
      reducer: pick(series.reducer, d.series.reducer, (v) => typeof v === 'string' && v !== ''),
      comparison: pick(series.comparison, d.series.comparison, oneOf(['halves', 'points', 'none'])),
      comparisonPoints: Math.round(pick(series.comparisonPoints, d.series.comparisonPoints, isPositive)),
    },
    freshness: {
      staleAfter: pick(freshness.staleAfter, d.freshness.staleAfter),
    },
  };
}

/**
 * Runs the steps from the saved version up to the current one, then normalises. Options saved by
 * a newer build (a higher version) are normalised as they are: known keys survive.
 */
export function migrateOptions(
  saved: unknown,
  steps: Record<number, MigrationStep> = MIGRATIONS,
  targetVersion = OPTIONS_VERSION
): KpiCardsOptions {
  let options: UnknownRecord = isRecord(saved) ? saved : {};
  let version = typeof options.optionsVersion === 'number' ? options.optionsVersion : 0;
  while (version < targetVersion) {
    const step = steps[version];
    options = step ? step(options) : options;
    version += 1;
  }
  return normalizeOptions(options);
}

/** The panel's migration handler: Grafana calls it when a saved panel's plugin version differs. */
export function kpiCardsMigrationHandler(panel: { options: unknown }): KpiCardsOptions {
  return migrateOptions(panel.options);
}
