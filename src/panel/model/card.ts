import { Field, GrafanaTheme2, LinkModel, ThresholdsMode } from '@grafana/data';

import { Direction } from '../types';
import { ariaSentence } from './aria';
import { CardDelta, cardDelta, isMissingDelta, MissingDelta } from './delta';
import { fieldFormatter, formatFraction, Formatter, Phrase, phrase } from './format';
import { Freshness, freshness } from './freshness';
import { KpiInput, Sample } from './input';
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
  /** "98.1% to 99.6%": the vertical scale, printed so a small change is not read as a big one. */
  rangeText: string;
}

export interface KpiCardModel {
  key: string;
  id: string;
  name: string;
  source: KpiInput['source'];
  owner?: string;
  category?: string;
  description?: string;
  version?: string;
  direction: Direction;
  value: CardValue;
  status: CardStatus;
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
}

const EMPTY = '\u2014';

/** The value to show: the value measure, else the series reduced. */
function currentSample(input: KpiInput, reducer: string): Sample | undefined {
  if (input.value !== undefined) {
    return input.value;
  }
  return input.series ? reduceSamples(input.series.values, reducer) : undefined;
}

export function cardValue(sample: Sample | undefined, format: Formatter): CardValue {
  if (sample === undefined || sample === null) {
    const problem = sample === undefined ? 'No value measure in the query' : 'No data in range';
    return { text: EMPTY, spoken: problem.toLowerCase(), problem };
  }
  if (Number.isNaN(sample)) {
    return { text: EMPTY, spoken: 'value is not a number upstream', problem: 'Upstream value is NaN' };
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

function cardSparkline(input: KpiInput, ctx: CardContext, format: Formatter): CardSparkline | undefined {
  if (!input.series) {
    return undefined;
  }
  const target = typeof input.target === 'number' ? input.target : undefined;
  const geometry = sparklineGeometry({
    series: input.series,
    target,
    targetSeries: input.targetSeries,
    zones: input.kpiThresholds ? kpiZones(input.kpiThresholds, input.direction) : fieldZones(input.field),
    includeZero: ctx.includeZero,
    timeExtent: ctx.timeExtent,
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
    : freshness(input.lastSample, ctx.now, ctx.rangeEnd, ctx.staleAfter);
}

function cardLinks(field: Field, row: number): Array<LinkModel<Field>> {
  return field.getLinks?.({ valueRowIndex: row }) ?? [];
}

function spokenFiring(slo: SloModel | undefined): string[] {
  return slo?.pairs.filter((pair) => pair.firing).map((pair) => pair.spoken) ?? [];
}

export function buildCard(input: KpiInput, ctx: CardContext): KpiCardModel {
  const format = fieldFormatter(input.field, ctx.theme);
  const value = cardValue(currentSample(input, ctx.reducer), format);
  const target = cardTarget(input, value.raw, format);
  const status = resolveStatus({
    value: value.raw,
    problem: value.problem,
    statusCode: input.statusCode,
    kpiThresholds: input.kpiThresholds,
    target: target.kind === 'set' ? target.raw : undefined,
    direction: input.direction,
    field: input.field,
  });
  const delta = cardDelta(
    { value: value.raw ?? null, previous: input.previous, delta: input.delta, deltaPct: input.deltaPct },
    {
      unit: input.field.config.unit,
      decimals: input.field.config.decimals ?? undefined,
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
    source: input.source,
    owner: input.owner,
    category: input.category,
    description: input.description,
    version: input.version,
    direction: input.direction,
    value,
    status,
    delta,
    target,
    sparkline: cardSparkline(input, ctx, format),
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
