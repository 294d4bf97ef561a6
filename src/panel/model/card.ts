import { Field, GrafanaTheme2, LinkModel, ThresholdsMode } from '@grafana/data';

import { Direction } from '../types';
import { ariaSentence } from './aria';
import { burnState } from './burn';
import { CardColor, cardColor } from './color';
import { CardDelta, cardDelta, isMissingDelta, MissingDelta } from './delta';
import { DirectionSource } from './direction';
import { fieldFormatter, formatFraction, Formatter, Phrase, phrase, shownDecimals, unitFormatter } from './format';
import { Freshness, freshness } from './freshness';
import { Dimension, KpiInput, Sample } from './input';
import { reduceSamples } from './reduce';
import { Extent, kpiZones, sparklineGeometry, SparklineGeometry, stepZones, ValueZone } from './sparkline';
import { CardStatus, hasFieldThresholds, levelOfColor, resolveStatus } from './status';
import { SloModel, sloModel } from './slo';

export interface CardValue extends Phrase {
  /** The finite value, or undefined. */
  raw?: number;
  /** What is wrong with the value, in words ("No data in range", "Upstream value is NaN"). */
  problem?: string;
}

export type CardTarget =
  { kind: 'set'; raw: number; text: string; spoken: string; attainment?: Phrase } | { kind: 'none'; text: string };

export interface CardSparkline extends SparklineGeometry {
  /**
   * "98.1% to 99.6%": the vertical scale, printed so a small change is not read as a big one.
   * Formatted with the unit and decimals only: value mappings are for the value, not the scale.
   */
  rangeText: string;
}

export interface KpiCardModel {
  key: string;
  id: string;
  /** Title plus dimension values: what the tooltip, the sentence and sorting use. */
  name: string;
  /** The KPI name alone: the line that truncates first. */
  title: string;
  /** Dimension values, shown apart from the title and never cut. */
  dimensions: Dimension[];
  source: KpiInput['source'];
  owner?: string;
  category?: string;
  description?: string;
  version?: string;
  direction: Direction;
  directionSource: DirectionSource;
  value: CardValue;
  status: CardStatus;
  /** The value's colour (see cardColor); undefined: no colour (no data, no target). */
  color?: CardColor;
  delta?: CardDelta | MissingDelta;
  target: CardTarget;
  sparkline?: CardSparkline;
  slo?: SloModel;
  freshness?: Freshness;
  links: Array<LinkModel<Field>>;
  ariaLabel: string;
}

export interface CardContext {
  theme: GrafanaTheme2;
  /** Epoch milliseconds. */
  now: number;
  /** End of the dashboard's range, epoch milliseconds. */
  rangeEnd?: number;
  /** The dashboard's range, for the sparkline's horizontal scale. */
  timeExtent?: Extent;
  /** Seconds after which a card is flagged stale. */
  staleAfter?: number;
  /** Reducer for Northstar cards that only have a series. */
  reducer: string;
  includeZero: boolean;
  /** The sparkline option "Target band": draw and scale for the target and the zones. Default true. */
  targetBand?: boolean;
  /** The query's interval (`request.intervalMs`): the step when a card has no series. */
  intervalMs?: number;
}

const EMPTY = '\u2014';

/** The value to show: the value measure, else the series reduced. */
function currentSample(input: KpiInput, reducer: string): Sample | undefined {
  if (input.value !== undefined) {
    return input.value;
  }
  return input.series ? reduceSamples(input.series.values, reducer) : undefined;
}

/**
 * The value as the card shows it. Missing values (no sample, null, NaN) show the field's "No value"
 * option when set (else "—"); the problem line still says why.
 */
export function cardValue(sample: Sample | undefined, format: Formatter, noValue?: string): CardValue {
  const empty = noValue || EMPTY;
  if (sample === undefined || sample === null) {
    const problem = sample === undefined ? 'No value measure in the query' : 'No data in range';
    return { text: empty, spoken: noValue ? `${noValue}, ${problem.toLowerCase()}` : problem.toLowerCase(), problem };
  }
  if (Number.isNaN(sample)) {
    const spoken = 'value is not a number upstream';
    return { text: empty, spoken: noValue ? `${noValue}, ${spoken}` : spoken, problem: 'Upstream value is NaN' };
  }
  if (!Number.isFinite(sample)) {
    const sign = sample > 0 ? '+' : '\u2212';
    const problem = `Upstream value is ${sample > 0 ? '+' : '-'}Infinity`;
    return { text: `${sign}\u221e`, spoken: `${sample > 0 ? 'plus' : 'minus'} infinity`, problem };
  }
  return { raw: sample, ...phrase(format(sample)) };
}

/**
 * Attainment as the datasource gives it, else value/target (higher is better) or target/value
 * (lower is better). Only defined when both are positive: a ratio of numbers of different signs
 * says nothing.
 */
export function attainmentOf(
  value: number | undefined,
  target: number,
  direction: Direction,
  given?: Sample
): number | undefined {
  if (typeof given === 'number' && Number.isFinite(given)) {
    return given;
  }
  if (value === undefined || value <= 0 || target <= 0) {
    return undefined;
  }
  return direction === 'higher' ? value / target : target / value;
}

export function cardTarget(input: KpiInput, value: number | undefined, format: Formatter): CardTarget {
  const target = input.target;
  if (target === undefined || target === null) {
    return { kind: 'none', text: 'No target' };
  }
  if (!Number.isFinite(target)) {
    return { kind: 'none', text: 'Target is not a number' };
  }
  const attainment = attainmentOf(value, target, input.direction, input.attainment);
  return {
    kind: 'set',
    raw: target,
    ...phrase(format(target)),
    attainment: attainment === undefined ? undefined : formatFraction(attainment),
  };
}

function fieldZones(field: Field): ValueZone[] {
  const thresholds = field.config.thresholds;
  if (!thresholds || !hasFieldThresholds(field) || thresholds.mode !== ThresholdsMode.Absolute) {
    return [];
  }
  return stepZones(thresholds.steps.map((step) => ({ value: step.value, level: levelOfColor(step.color) })));
}

/**
 * The sparkline. An additive KPI (its value is the total of the steps) with a target draws its
 * running total against that period target; without a target (or with the target band off) it
 * draws the steps as they are, without the target and zones, which are totals, not step sizes.
 */
function cardSparkline(input: KpiInput, ctx: CardContext, format: Formatter): CardSparkline | undefined {
  if (!input.series) {
    return undefined;
  }
  const target = typeof input.target === 'number' && Number.isFinite(input.target) ? input.target : undefined;
  const band = ctx.targetBand ?? true;
  const hasTarget = target !== undefined || Boolean(input.targetSeries);
  const runningTotal = Boolean(input.additive) && band && hasTarget;
  const zonesApply = !input.additive || runningTotal;
  const geometry = sparklineGeometry({
    series: input.series,
    target,
    targetSeries: input.targetSeries,
    zones: !zonesApply
      ? []
      : input.kpiThresholds
        ? kpiZones(input.kpiThresholds, input.direction)
        : fieldZones(input.field),
    includeZero: ctx.includeZero,
    timeExtent: ctx.timeExtent,
    targetBand: band && zonesApply,
    mode: runningTotal ? 'running-total' : 'values',
    resetAt: runningTotal ? input.periodStart : undefined,
  });
  if (!geometry) {
    return undefined;
  }
  const { min, max } = geometry.domain;
  return { ...geometry, rangeText: `${phrase(format(min)).text} to ${phrase(format(max)).text}` };
}

function cardFreshness(input: KpiInput, ctx: CardContext): Freshness | undefined {
  return input.lastSample === undefined
    ? undefined
    : freshness(input.lastSample, ctx.now, ctx.rangeEnd, ctx.staleAfter, input.step ?? ctx.intervalMs);
}

function cardLinks(field: Field, row: number): Array<LinkModel<Field>> {
  return field.getLinks?.({ valueRowIndex: row }) ?? [];
}

function spokenFiring(slo: SloModel | undefined): string[] {
  return slo?.pairs.filter((pair) => pair.firing).map((pair) => pair.spoken) ?? [];
}

export function buildCard(input: KpiInput, ctx: CardContext): KpiCardModel {
  const format = fieldFormatter(input.field, ctx.theme);
  const { unit, decimals, noValue } = input.field.config;
  // Everything but the value is formatted without value mappings: a mapping names a value, it does
  // not rename the target or the ends of the scale.
  const plain = unitFormatter(unit, decimals ?? undefined);
  const sample = currentSample(input, ctx.reducer);
  const value = cardValue(sample, format, noValue);
  const target = cardTarget(input, value.raw, plain);
  const status = resolveStatus({
    value: value.raw,
    problem: value.problem,
    statusCode: input.statusCode,
    kpiThresholds: input.kpiThresholds,
    target: target.kind === 'set' ? target.raw : undefined,
    direction: input.direction,
    field: input.field,
    burn: burnState(input.burnAlerts),
  });
  const delta = cardDelta(
    { value: value.raw ?? null, previous: input.previous, delta: input.delta, deltaPct: input.deltaPct },
    {
      unit,
      decimals: decimals ?? undefined,
      displayDecimals: value.raw === undefined ? undefined : shownDecimals(plain(value.raw)),
      direction: input.direction,
      periodLabel: input.comparisonLabel ?? 'previous period',
    }
  );
  const slo = input.slo ? sloModel(input.slo) : undefined;
  const fresh = cardFreshness(input, ctx);
  const budget = slo?.budget && 'spoken' in slo.budget ? slo.budget.spoken : undefined;
  return {
    key: input.key,
    id: input.id,
    name: input.name,
    title: input.title,
    dimensions: input.dimensions,
    source: input.source,
    owner: input.owner,
    category: input.category,
    description: input.description,
    version: input.version,
    direction: input.direction,
    directionSource: input.directionSource,
    value,
    status,
    color: cardColor(input.field, value.raw, status, ctx.theme),
    delta,
    target,
    sparkline: cardSparkline(input, ctx, plain),
    slo,
    freshness: fresh,
    links: cardLinks(input.field, input.linkRow),
    ariaLabel: ariaSentence({
      name: input.name,
      value: value.spoken,
      target: target.kind === 'set' ? target.spoken : undefined,
      status: status.level,
      statusText: status.text,
      delta: delta && !isMissingDelta(delta) ? delta.spoken : undefined,
      budget,
      firing: spokenFiring(slo),
      stale: fresh?.stale ? fresh.spoken : undefined,
    }),
  };
}
