import { Direction } from '../types';
import {
  changeRoundsToZero,
  formatChange,
  formatPercentChange,
  fractionRoundsToZero,
  Phrase,
  zeroChange,
} from './format';
import { Sample } from './input';

export type Trend = 'up' | 'down' | 'flat';
export type Sentiment = 'good' | 'bad' | 'neutral';

export interface DeltaNumbers {
  /** value − previous. */
  change: number;
  /** (value − previous) / |previous|; null when previous is 0. */
  fraction: number | null;
}

export interface CardDelta extends DeltaNumbers {
  trend: Trend;
  sentiment: Sentiment;
  /** "−0.30 pp". */
  changeText: string;
  /** "−0.30%" or undefined when there is no relative change. */
  fractionText?: string;
  /** "down 0.3 points versus previous 7 days". */
  spoken: string;
  /** "vs previous 7 days". */
  periodText: string;
}

/** Why a card shows no change. */
export interface MissingDelta {
  missing: string;
  periodText: string;
}

/** Why there is no change to show: no usable current value, or no usable previous one. */
export type DeltaGap = 'no-current' | 'no-previous';

const isFiniteNumber = (v: Sample | undefined): v is number => typeof v === 'number' && Number.isFinite(v);

/**
 * The change against the previous period: the datasource's `delta`/`delta_pct` when given, else
 * computed from value and previous. Undefined when the comparison was not asked for.
 */
export function deltaNumbers(
  value: Sample | undefined,
  previous: Sample | undefined,
  delta?: Sample,
  deltaPct?: Sample
): DeltaNumbers | DeltaGap | undefined {
  if (previous === undefined && delta === undefined) {
    return undefined;
  }
  const change = isFiniteNumber(delta)
    ? delta
    : isFiniteNumber(value) && isFiniteNumber(previous)
      ? value - previous
      : null;
  if (change === null) {
    return isFiniteNumber(previous) ? 'no-current' : 'no-previous';
  }
  if (isFiniteNumber(deltaPct)) {
    return { change, fraction: deltaPct };
  }
  const fraction = isFiniteNumber(previous) && previous !== 0 ? change / Math.abs(previous) : null;
  return { change, fraction };
}

export function trendOf(change: number): Trend {
  return change > 0 ? 'up' : change < 0 ? 'down' : 'flat';
}

/** Up is good when higher is better, bad when lower is better; no change is neutral. */
export function sentimentOf(change: number, direction: Direction): Sentiment {
  if (change === 0) {
    return 'neutral';
  }
  return change > 0 === (direction === 'higher') ? 'good' : 'bad';
}

export interface DeltaFormat {
  unit?: string;
  decimals?: number;
  /**
   * The decimals the card's value is shown with, when the field sets none (automatic decimals):
   * a change that rounds to zero at these decimals is no change to the eye.
   */
  displayDecimals?: number;
  direction: Direction;
  /** "previous 7 days". */
  periodLabel: string;
}

function spokenChange(trend: Trend, change: Phrase, periodLabel: string): string {
  return trend === 'flat' ? `unchanged versus ${periodLabel}` : `${trend} ${change.spoken} versus ${periodLabel}`;
}

/**
 * A change that rounds to zero at the decimals the value is shown with is neutral: no arrow, no
 * colour, "±0 pp". Otherwise "▲ +0.00 pp" in green would claim a rise nobody can see.
 */
function neutralDelta(numbers: DeltaNumbers, format: DeltaFormat): CardDelta {
  const relativeZero = numbers.fraction !== null && fractionRoundsToZero(numbers.fraction);
  return {
    ...numbers,
    trend: 'flat',
    sentiment: 'neutral',
    changeText: zeroChange(format.unit).text,
    fractionText: numbers.fraction === 0 || relativeZero ? '\u00B10%' : undefined,
    spoken: `unchanged versus ${format.periodLabel}`,
    periodText: `vs ${format.periodLabel}`,
  };
}

export function describeDelta(numbers: DeltaNumbers, format: DeltaFormat): CardDelta {
  const shownDecimals = format.decimals ?? format.displayDecimals;
  if (
    numbers.change === 0 ||
    (shownDecimals !== undefined && changeRoundsToZero(numbers.change, format.unit, shownDecimals))
  ) {
    return neutralDelta(numbers, format);
  }
  const change = formatChange(numbers.change, format.unit, format.decimals);
  const trend = trendOf(numbers.change);
  return {
    ...numbers,
    trend,
    sentiment: sentimentOf(numbers.change, format.direction),
    changeText: change.text,
    fractionText: numbers.fraction === null ? undefined : formatPercentChange(numbers.fraction).text,
    spoken: spokenChange(trend, change, format.periodLabel),
    periodText: `vs ${format.periodLabel}`,
  };
}

/** The card's delta, or why it has none; undefined when no comparison was asked for. */
export function cardDelta(
  input: { value?: Sample; previous?: Sample; delta?: Sample; deltaPct?: Sample },
  format: DeltaFormat
): CardDelta | MissingDelta | undefined {
  const numbers = deltaNumbers(input.value, input.previous, input.delta, input.deltaPct);
  if (numbers === undefined) {
    return undefined;
  }
  if (typeof numbers === 'string') {
    const missing = numbers === 'no-current' ? 'No current value to compare' : `No data for ${format.periodLabel}`;
    return { missing, periodText: `vs ${format.periodLabel}` };
  }
  return describeDelta(numbers, format);
}

export function isMissingDelta(delta: CardDelta | MissingDelta): delta is MissingDelta {
  return 'missing' in delta;
}
