import { formattedValueToString, getValueFormat } from '@grafana/data';

import {
  formatChange,
  formatDuration,
  formatPercentChange,
  isPercentUnit,
  looksLikeZero,
  MINUS,
  percentChangeDecimals,
  spokenValue,
  unitFormatter,
} from './format';

describe('formatDuration', () => {
  it('uses at most two units and leaves out a zero second unit', () => {
    expect(formatDuration(45).text).toBe('45 s');
    expect(formatDuration(12 * 60 + 5).text).toBe('12 min');
    expect(formatDuration(5 * 3600 + 20 * 60).text).toBe('5 h 20 min');
    expect(formatDuration(5 * 3600).text).toBe('5 h');
    expect(formatDuration(3 * 86400 + 4 * 3600 + 59).text).toBe('3 d 4 h');
  });

  it('speaks units in full, singular for one', () => {
    expect(formatDuration(86400 + 3600).spoken).toBe('1 day 1 hour');
    expect(formatDuration(2 * 3600 + 2 * 60).spoken).toBe('2 hours 2 minutes');
  });

  it('never goes negative', () => {
    expect(formatDuration(-10).text).toBe('0 s');
  });
});

describe('formatChange', () => {
  it('gives percentage points for percentunit, with a sign', () => {
    const value = 0.992;
    const previous = 0.995;
    const change = value - previous;
    const points = Math.abs(change) * 100;
    const result = formatChange(change, 'percentunit', 2);
    expect(result.text).toBe(`${MINUS}${points.toFixed(2)} pp`);
    expect(result.spoken).toBe(`${points.toFixed(2)} points`);
  });

  it('gives points for percent (0-100) without scaling', () => {
    expect(formatChange(1.5, 'percent', 1).text).toBe('+1.5 pp');
  });

  it('uses the unit formatter for other units', () => {
    const expected = formattedValueToString(getValueFormat('ms')(40, 0));
    expect(formatChange(40, 'ms', 0).text).toBe(`+${expected}`);
    expect(formatChange(0, 'ms', 0).text).toBe(expected.replace('40', '0'));
  });
});

describe('formatPercentChange', () => {
  it('chooses fewer decimals for bigger changes', () => {
    expect(percentChangeDecimals(0.004)).toBe(2);
    expect(percentChangeDecimals(0.05)).toBe(1);
    expect(percentChangeDecimals(-0.5)).toBe(0);
  });

  it('formats a fraction as a signed percentage', () => {
    const fraction = -0.003 / 0.995;
    const expected = formattedValueToString(getValueFormat('percentunit')(Math.abs(fraction), 2));
    expect(formatPercentChange(fraction).text).toBe(`${MINUS}${expected}`);
    expect(formatPercentChange(0.25).text).toBe('+25%');
  });
});

describe('spoken values', () => {
  it('reads % as percent', () => {
    expect(spokenValue(getValueFormat('percentunit')(0.992, 1))).toBe('99.2 percent');
  });

  it('keeps other units and prefixes', () => {
    const money = unitFormatter('currencyUSD', 2)(12.5);
    expect(spokenValue(money)).toBe(`${money.prefix ?? ''}${money.text}${money.suffix ?? ''}`.trim());
  });

  it('knows percent units', () => {
    expect(isPercentUnit('percent')).toBe(true);
    expect(isPercentUnit('percentunit')).toBe(true);
    expect(isPercentUnit('ms')).toBe(false);
    expect(isPercentUnit(undefined)).toBe(false);
  });
});

describe('tiny values', () => {
  it('adds decimals until a non-zero value shows, when none are configured', () => {
    const value = 3.2e-7;
    const format = unitFormatter('percentunit');
    const text = formattedValueToString(format(value));
    expect(text).not.toMatch(/^0%$/);
    // the number shown is the value, to the decimals needed
    expect(Number.parseFloat(text) / 100).toBeCloseTo(value, 12);
  });

  it('leaves configured decimals alone', () => {
    expect(formattedValueToString(unitFormatter('percentunit', 1)(3.2e-7))).toBe(
      formattedValueToString(getValueFormat('percentunit')(3.2e-7, 1))
    );
  });

  it('knows what zero looks like', () => {
    expect(looksLikeZero('0')).toBe(true);
    expect(looksLikeZero('-0.00')).toBe(true);
    expect(looksLikeZero('0.01')).toBe(false);
  });
});
