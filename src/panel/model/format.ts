import {
  Field,
  FormattedValue,
  formattedValueToString,
  getDisplayProcessor,
  getValueFormat,
  GrafanaTheme2,
} from '@grafana/data';

/** Text for the eye and words for the ear. */
export interface Phrase {
  text: string;
  spoken: string;
}

export type Formatter = (value: number) => FormattedValue;

/** Minus sign used in front of changes (U+2212, reads as "minus"). */
export const MINUS = '\u2212';

const PERCENT_UNITS = new Set(['percent', 'percentunit']);

export function isPercentUnit(unit: string | undefined): boolean {
  return unit !== undefined && PERCENT_UNITS.has(unit);
}

/** Most decimals tried to show a tiny number. */
const MAX_DECIMALS = 15;

/** "0", "0.00", "-0.0": what automatic decimals make of tiny numbers. */
export function looksLikeZero(text: string): boolean {
  return /^-?0([.,]0*)?$/.test(text.trim());
}

/**
 * Grafana's automatic decimals print 3.2e-7 as "0%". When no decimals are configured and a
 * non-zero value comes out as zero, add decimals until it shows ("0.000032%").
 */
export function keepTinyValues(format: Formatter, unit: string | undefined, decimals: number | undefined): Formatter {
  if (decimals !== undefined) {
    return format;
  }
  const byUnit = getValueFormat(unit || 'none');
  return (value) => {
    const result = format(value);
    if (value === 0 || !Number.isFinite(value) || !looksLikeZero(result.text)) {
      return result;
    }
    for (let d = 1; d <= MAX_DECIMALS; d++) {
      const precise = byUnit(value, d);
      if (!looksLikeZero(precise.text)) {
        return precise;
      }
    }
    return result;
  };
}

/** Formats like the field: unit, decimals, value mappings (Grafana's display processor). */
export function fieldFormatter(field: Field, theme: GrafanaTheme2): Formatter {
  const display = field.display ?? getDisplayProcessor({ field, theme });
  return keepTinyValues((value) => display(value), field.config.unit, field.config.decimals ?? undefined);
}

/** Formats with a unit and decimals only (no value mappings): for changes, rates, budgets. */
export function unitFormatter(unit: string | undefined, decimals?: number): Formatter {
  const format = getValueFormat(unit || 'none');
  return keepTinyValues((value) => format(value, decimals), unit, decimals);
}

function spokenSuffix(suffix: string | undefined): string {
  const trimmed = suffix?.trim() ?? '';
  if (trimmed === '%') {
    return ' percent';
  }
  if (trimmed === 'pp') {
    return ' points';
  }
  return suffix ?? '';
}

/** "99.2%" → "99.2 percent"; other suffixes are read as written. */
export function spokenValue(value: FormattedValue): string {
  return `${value.prefix ?? ''}${value.text}${spokenSuffix(value.suffix)}`.trim();
}

export function phrase(value: FormattedValue): Phrase {
  return { text: formattedValueToString(value), spoken: spokenValue(value) };
}

/** The value without prefix or suffix: "99.5" of "99.5%". */
export function bareNumber(value: FormattedValue): Phrase {
  return { text: value.text, spoken: value.text };
}

function signOf(value: number): string {
  return value > 0 ? '+' : value < 0 ? MINUS : '';
}

/**
 * An absolute change in the KPI's unit, signed. Changes of percentages are percentage points
 * ("−0.30 pp", read "0.30 points"); the spoken form has no sign (the sentence says up or down).
 */
export function formatChange(change: number, unit: string | undefined, decimals: number | undefined): Phrase {
  const magnitude = Math.abs(change);
  const formatted: FormattedValue = isPercentUnit(unit)
    ? { ...unitFormatter('none', decimals)(unit === 'percentunit' ? magnitude * 100 : magnitude), suffix: ' pp' }
    : unitFormatter(unit, decimals)(magnitude);
  return { text: `${signOf(change)}${formattedValueToString(formatted)}`, spoken: spokenValue(formatted) };
}

/** The magnitude of a change as formatChange prints it, at fixed decimals and without a sign. */
function changeMagnitude(change: number, unit: string | undefined, decimals: number): FormattedValue {
  const magnitude = Math.abs(change);
  return isPercentUnit(unit)
    ? getValueFormat('none')(unit === 'percentunit' ? magnitude * 100 : magnitude, decimals)
    : getValueFormat(unit || 'none')(magnitude, decimals);
}

/** True when a change prints as zero at these decimals ("0.00 pp"): to the eye, nothing changed. */
export function changeRoundsToZero(change: number, unit: string | undefined, decimals: number): boolean {
  return change === 0 || looksLikeZero(changeMagnitude(change, unit, decimals).text);
}

/** "±0 pp", "±0 req/s", "±$0": no change, in the KPI's unit. */
export function zeroChange(unit: string | undefined): Phrase {
  if (isPercentUnit(unit)) {
    return { text: '\u00B10 pp', spoken: 'no change' };
  }
  return { text: `\u00B1${formattedValueToString(getValueFormat(unit || 'none')(0, 0))}`, spoken: 'no change' };
}

/**
 * Decimals a formatted number shows ("99.87" → 2, "131" → 0): what the eye can tell apart when
 * the field sets no decimals.
 */
export function shownDecimals(value: FormattedValue): number {
  const match = /\.(\d+)/.exec(value.text);
  return match ? match[1].length : 0;
}

/** Decimals for a relative change: fewer for big changes. */
export function percentChangeDecimals(fraction: number): number {
  const percent = Math.abs(fraction * 100);
  return percent >= 10 ? 0 : percent >= 1 ? 1 : 2;
}

/** A relative change given as a fraction (0.05 → "+5.0%"). */
export function formatPercentChange(fraction: number): Phrase {
  const formatted = getValueFormat('percentunit')(Math.abs(fraction), percentChangeDecimals(fraction));
  return { text: `${signOf(fraction)}${formattedValueToString(formatted)}`, spoken: spokenValue(formatted) };
}

/** True when a relative change prints as "0.00%". */
export function fractionRoundsToZero(fraction: number): boolean {
  return (
    fraction === 0 ||
    looksLikeZero(getValueFormat('percentunit')(Math.abs(fraction), percentChangeDecimals(fraction)).text)
  );
}

/** A fraction as a percentage with one decimal ("60.0%"), for budgets and attainment. */
export function formatFraction(fraction: number): Phrase {
  return phrase(getValueFormat('percentunit')(fraction, 1));
}

const MINUTE = 60;
const HOUR = 3600;
const DAY = 86400;

type DurationUnit = 'd' | 'h' | 'min' | 's';

const SPOKEN_UNITS: Record<DurationUnit, [string, string]> = {
  d: ['day', 'days'],
  h: ['hour', 'hours'],
  min: ['minute', 'minutes'],
  s: ['second', 'seconds'],
};

/** A duration as at most two whole units, biggest first; the smaller one is left out when zero. */
export function durationParts(seconds: number): Array<[number, DurationUnit]> {
  const s = Math.max(0, Math.round(seconds));
  const parts: Array<[number, DurationUnit]> =
    s < MINUTE
      ? [[s, 's']]
      : s < HOUR
        ? [[Math.floor(s / MINUTE), 'min']]
        : s < DAY
          ? [
              [Math.floor(s / HOUR), 'h'],
              [Math.floor((s % HOUR) / MINUTE), 'min'],
            ]
          : [
              [Math.floor(s / DAY), 'd'],
              [Math.floor((s % DAY) / HOUR), 'h'],
            ];
  return parts.filter(([amount], i) => i === 0 || amount > 0);
}

/** "45 s", "12 min", "5 h 20 min", "3 d 4 h", and "5 hours 20 minutes" for the ear. */
export function formatDuration(seconds: number): Phrase {
  const parts = durationParts(seconds);
  return {
    text: parts.map(([amount, unit]) => `${amount} ${unit}`).join(' '),
    spoken: parts.map(([amount, unit]) => `${amount} ${SPOKEN_UNITS[unit][amount === 1 ? 0 : 1]}`).join(' '),
  };
}
