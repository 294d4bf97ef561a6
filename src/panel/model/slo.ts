import { StatusLevel } from '../types';
import { getValueFormat } from '@grafana/data';

import { pairLevel, speedsOf } from './burn';
import { formatDuration, formatFraction, Phrase, phrase } from './format';
import { Sample, SloMeasures } from './input';
import { windowSeconds } from './measures';

/** Below this fraction of budget left the bar turns to warning; at or below zero, critical. */
export const BUDGET_WARNING_BELOW = 0.25;

/** SLIs live close to 100%: two decimals keep 99.96% from showing as 100.0%. */
export const SLI_DECIMALS = 2;

export interface BudgetModel {
  remaining: number;
  /** Bar fill, 0..1. */
  fill: number;
  level: StatusLevel;
  /** "60.0% left" or "overspent by 20.0%". */
  text: string;
  spoken: string;
}

export interface BurnPairModel {
  short: string;
  long: string;
  /** Pairs are sorted by long window; the first half are fast burns, the rest slow. */
  speed: 'fast' | 'slow';
  /** The frame's `severity` label. */
  severity?: string;
  /** What the pair means when it fires: pages (critical severity, else fast burns) are critical. */
  level: 'warning' | 'critical';
  /** null when the datasource sent no value. */
  firing: boolean | null;
  shortRate?: Sample;
  longRate?: Sample;
  /** "16.2× / 15.1×". */
  ratesText: string;
  text: string;
  spoken: string;
}

export interface ExhaustionModel {
  seconds: Sample;
  text: string;
  spoken: string;
}

export interface SloModel {
  budget?: BudgetModel | { missing: string };
  pairs: BurnPairModel[];
  /** Burn rates that belong to no pair. */
  loneRates: Array<{ window: string; text: string }>;
  exhaustion?: ExhaustionModel;
  sli?: Phrase;
}

const isFiniteNumber = (v: Sample | undefined): v is number => typeof v === 'number' && Number.isFinite(v);

export function budgetLevel(remaining: number): StatusLevel {
  if (remaining <= 0) {
    return 'critical';
  }
  return remaining < BUDGET_WARNING_BELOW ? 'warning' : 'ok';
}

export function budgetModel(remaining: Sample | undefined): SloModel['budget'] {
  if (remaining === undefined) {
    return undefined;
  }
  if (!isFiniteNumber(remaining)) {
    return { missing: 'Error budget unknown' };
  }
  const overspent = remaining < 0;
  const amount = formatFraction(Math.abs(remaining));
  return {
    remaining,
    fill: Math.min(1, Math.max(0, remaining)),
    level: budgetLevel(remaining),
    text: overspent ? `overspent by ${amount.text}` : `${amount.text} left`,
    spoken: overspent ? `error budget overspent by ${amount.spoken}` : `${amount.spoken} of error budget left`,
  };
}

/** "14.4×"; "?" when unknown. */
export function formatRate(rate: Sample | undefined): string {
  if (!isFiniteNumber(rate)) {
    return '?';
  }
  return `${rate >= 100 ? Math.round(rate) : rate.toFixed(1)}×`;
}

function pairPhrase(pair: Omit<BurnPairModel, 'text' | 'spoken'>): Phrase {
  const state = pair.firing === null ? 'unknown' : pair.firing ? 'firing' : 'not firing';
  const name = `${pair.speed} burn ${pair.short}/${pair.long}`;
  return {
    text: `${pair.speed === 'fast' ? 'Fast' : 'Slow'} ${pair.short}/${pair.long}: ${state}`,
    spoken: `${name} ${state}, burn rates ${pair.ratesText.replace(/×/g, ' times')}`,
  };
}

export function burnPairs(slo: SloMeasures): BurnPairModel[] {
  const pairs = Object.entries(slo.burnPairs).map(([key, firing]) => {
    const [short, long] = key.split('_');
    return { short, long, firing, severity: slo.pairSeverity?.[key] };
  });
  return speedsOf(pairs).map(({ short, long, firing, severity, speed }) => {
    const base = {
      short,
      long,
      speed,
      severity,
      level: pairLevel(severity, speed),
      firing: isFiniteNumber(firing) ? firing >= 1 : null,
      shortRate: slo.burnRates[short],
      longRate: slo.burnRates[long],
      ratesText: `${formatRate(slo.burnRates[short])} / ${formatRate(slo.burnRates[long])}`,
    };
    return { ...base, ...pairPhrase(base) };
  });
}

/** Seconds → "exhausted in 1 d 6 h"; zero or less: exhausted; infinite: not burning. */
export function exhaustionModel(seconds: Sample | undefined): ExhaustionModel | undefined {
  if (seconds === undefined) {
    return undefined;
  }
  if (seconds === null || Number.isNaN(seconds)) {
    return { seconds, text: 'Exhaustion: unknown', spoken: 'time to exhaustion unknown' };
  }
  if (seconds === Number.POSITIVE_INFINITY) {
    return { seconds, text: 'Not burning budget', spoken: 'not burning error budget' };
  }
  if (seconds <= 0) {
    return { seconds, text: 'Budget exhausted', spoken: 'error budget exhausted' };
  }
  const duration = formatDuration(seconds);
  return { seconds, text: `Exhausted in ${duration.text}`, spoken: `budget exhausted in ${duration.spoken}` };
}

export function sloModel(slo: SloMeasures): SloModel {
  const paired = new Set(Object.keys(slo.burnPairs).flatMap((key) => key.split('_')));
  return {
    budget: budgetModel(slo.budgetRemaining),
    pairs: burnPairs(slo),
    loneRates: Object.entries(slo.burnRates)
      .filter(([window]) => !paired.has(window))
      .sort(([a], [b]) => windowSeconds(a) - windowSeconds(b))
      .map(([window, rate]) => ({ window, text: formatRate(rate) })),
    exhaustion: exhaustionModel(slo.timeToExhaustion),
    sli: isFiniteNumber(slo.sli) ? phrase(getValueFormat('percentunit')(slo.sli, SLI_DECIMALS)) : undefined,
  };
}
