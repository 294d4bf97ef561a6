import {
  ALL_MEASURES,
  BurnPairMeasure,
  BurnRateMeasure,
  KpiMeasure,
  Measure,
  Slo,
  SLO_MEASURES,
  SloFixedMeasure,
  SloMeasure,
  SloMeasureGroup,
} from './types';

/** Units of a burn window, longest first, in seconds: the order Prometheus durations write them in. */
const UNITS: Array<[string, number]> = [
  ['y', 365 * 86400],
  ['w', 7 * 86400],
  ['d', 86400],
  ['h', 3600],
  ['m', 60],
  ['s', 1],
];

/**
 * A burn window as the backend accepts it (a Prometheus duration, pkg/engine): one or more whole
 * numbers each with a unit, the units longest first and each at most once, e.g. 5m, 1h, 3d, 1h30m,
 * 1d12h. The backend names measures after the windows the catalog prints ("5m", never "05m"), so
 * leading zeros are refused; so are milliseconds, which no burn window has.
 */
const WINDOW = new RegExp(`^${UNITS.map(([unit]) => `(?:([1-9][0-9]*)${unit})?`).join('')}$`);

const BURN_RATE_PREFIX = 'burn_rate_';
const BURN_PAIR_PREFIX = 'burn_pair_';

export const BURN_RATE_EXAMPLE = 'burn_rate_1h';
export const BURN_PAIR_EXAMPLE = 'burn_pair_5m_1h';

/** How to write the pattern measures, for messages and help texts. */
export const PATTERN_HELP = `burn_rate_<window> (e.g. ${BURN_RATE_EXAMPLE}) or burn_pair_<short>_<long> (e.g. ${BURN_PAIR_EXAMPLE})`;

/** `5m` → 300, `1h30m` → 5400; undefined when it is not a window. */
export function windowSeconds(window: string): number | undefined {
  const match = WINDOW.exec(window);
  if (!match || window === '') {
    return undefined;
  }
  return UNITS.reduce((total, [, seconds], index) => total + Number(match[index + 1] ?? 0) * seconds, 0);
}

export const isKpiMeasure = (text: string): text is KpiMeasure => (ALL_MEASURES as string[]).includes(text);

const isFixedSloMeasure = (text: string): text is SloFixedMeasure | SloMeasureGroup =>
  (SLO_MEASURES as string[]).includes(text);

function windowProblem(measure: string, window: string, role: string): string | undefined {
  if (window === '') {
    return `"${measure}" names no ${role}: write it like 5m, 1h or 3d`;
  }
  if (windowSeconds(window) === undefined) {
    return `"${measure}": "${window}" is not a ${role}; write whole numbers with units (y, w, d, h, m, s), longest first, like 5m, 1h, 3d or 1h30m`;
  }
  return undefined;
}

function burnPairProblem(measure: string): string | undefined {
  const windows = measure.slice(BURN_PAIR_PREFIX.length).split('_');
  if (windows.length !== 2) {
    return `"${measure}" is not an alert pair: write burn_pair_<short>_<long>, e.g. ${BURN_PAIR_EXAMPLE}`;
  }
  const [short, long] = windows;
  const problem = windowProblem(measure, short, 'short window') ?? windowProblem(measure, long, 'long window');
  if (problem) {
    return problem;
  }
  if ((windowSeconds(short) ?? 0) >= (windowSeconds(long) ?? 0)) {
    return `"${measure}": the short window comes first and must be shorter than the long one, e.g. ${BURN_PAIR_EXAMPLE}`;
  }
  return undefined;
}

/**
 * Why `text` is not a measure the backend accepts, or undefined when it is one: a KPI measure, a
 * fixed SLO measure or group, `burn_rate_<window>` or `burn_pair_<short>_<long>`.
 */
export function measureProblem(text: string): string | undefined {
  if (isKpiMeasure(text) || isFixedSloMeasure(text)) {
    return undefined;
  }
  if (text.startsWith(BURN_RATE_PREFIX)) {
    return windowProblem(text, text.slice(BURN_RATE_PREFIX.length), 'window');
  }
  if (text.startsWith(BURN_PAIR_PREFIX)) {
    return burnPairProblem(text);
  }
  return `"${text}" is not a measure: choose one from the list, or type ${PATTERN_HELP}`;
}

export const isMeasure = (text: string): text is Measure => measureProblem(text) === undefined;

export const isSloMeasure = (text: string): text is SloMeasure => isMeasure(text) && !isKpiMeasure(text);

export const burnRateMeasure = (window: string): BurnRateMeasure => `${BURN_RATE_PREFIX}${window}`;

export const burnPairMeasure = (short: string, long: string): BurnPairMeasure => `${BURN_PAIR_PREFIX}${short}_${long}`;

/** A concrete burn measure of some SLOs, with where it comes from. */
export interface SloBurnMeasure<M extends BurnRateMeasure | BurnPairMeasure> {
  measure: M;
  /** Sort key in seconds: the window; for pairs the long, then the short window. */
  order: number[];
  /** The SLOs it belongs to, with the pair's severity and factor for pairs. */
  sources: string[];
}

export interface SloBurnMeasures {
  rates: Array<SloBurnMeasure<BurnRateMeasure>>;
  pairs: Array<SloBurnMeasure<BurnPairMeasure>>;
}

function collect<M extends BurnRateMeasure | BurnPairMeasure>(
  into: Map<M, SloBurnMeasure<M>>,
  measure: M,
  order: number[],
  source: string
) {
  const known = into.get(measure) ?? { measure, order, sources: [] };
  if (!known.sources.includes(source)) {
    known.sources.push(source);
  }
  into.set(measure, known);
}

function compareOrder(a: number[], b: number[]): number {
  for (let index = 0; index < Math.min(a.length, b.length); index++) {
    if (a[index] !== b[index]) {
      return a[index] - b[index];
    }
  }
  return a.length - b.length;
}

const inOrder = <T extends { order: number[] }>(items: Iterable<T>): T[] =>
  Array.from(items).sort((a, b) => compareOrder(a.order, b.order));

/**
 * The concrete `burn_rate_<window>` (every window of the SLOs' alert pairs) and
 * `burn_pair_<short>_<long>` measures of some SLOs, as the backend names them.
 */
export function sloBurnMeasures(slos: Slo[]): SloBurnMeasures {
  const rates = new Map<BurnRateMeasure, SloBurnMeasure<BurnRateMeasure>>();
  const pairs = new Map<BurnPairMeasure, SloBurnMeasure<BurnPairMeasure>>();
  for (const slo of slos) {
    for (const pair of slo.alerting.pairs ?? []) {
      const short = windowSeconds(pair.short);
      const long = windowSeconds(pair.long);
      // A window the measure syntax cannot express is left out: the backend would refuse it.
      if (short === undefined || long === undefined) {
        continue;
      }
      collect(rates, burnRateMeasure(pair.short), [short], slo.name);
      collect(rates, burnRateMeasure(pair.long), [long], slo.name);
      const pairSource = `${pair.severity}, ${pair.factor}× (${slo.name})`;
      collect(pairs, burnPairMeasure(pair.short, pair.long), [long, short], pairSource);
    }
  }
  return { rates: inOrder(rates.values()), pairs: inOrder(pairs.values()) };
}
