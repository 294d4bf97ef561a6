import { cardWidthFor, fillValueFontSize, gridValueFontSize, REGULAR_VALUE } from './valueSize';

describe('value font size', () => {
  it('is 28 px in a 260 px card and grows with the card, up to the maximum', () => {
    expect(gridValueFontSize('99.2%', 260, false)).toBe(29);
    expect(gridValueFontSize('99.2%', 400, false)).toBe(44);
    expect(gridValueFontSize('99.2%', 2000, false)).toBe(REGULAR_VALUE.max);
  });

  it('shrinks a long value to fit instead of cutting it, down to the minimum', () => {
    const long = gridValueFontSize('$1,234,567,890.12', 260, false);
    expect(long).toBeLessThan(28);
    expect(long).toBeGreaterThanOrEqual(REGULAR_VALUE.min);
    expect(gridValueFontSize('x'.repeat(200), 260, false)).toBe(REGULAR_VALUE.min);
  });

  it('fills the free box of a card alone in its panel', () => {
    expect(fillValueFontSize('99.2%', { width: 800, height: 200 }, 28)).toBe(Math.round(200 / 1.2));
    expect(fillValueFontSize('99.2%', { width: 100, height: 200 }, 28)).toBeLessThan(50);
  });

  it('knows the card width from the grid', () => {
    expect(cardWidthFor(1200, 260, 8)).toBe((1200 - 3 * 8) / 4);
    expect(cardWidthFor(200, 260, 8)).toBe(200);
  });
});
