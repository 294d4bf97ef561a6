import { measureText } from '@grafana/ui';

/** Line height of the value text (as Grafana's Stat). */
export const VALUE_LINE_HEIGHT = 1.2;
export const VALUE_FONT_WEIGHT = 500;

/** Font sizes of the value in a grid of cards: never below the minimum, growing with the card. */
export const REGULAR_VALUE = { min: 18, base: 28, max: 56, perPixel: 0.11 };
export const COMPACT_VALUE = { min: 14, base: 20, max: 32, perPixel: 0.075 };

/** Padding and border of a card, left and right together, in pixels. */
export const CARD_CHROME = { regular: 26, compact: 18 };

/** Width of `text` at 14 px, by canvas; about 0.6 em per character where there is no canvas (tests). */
export function textWidthAt14(text: string): number {
  try {
    const width = measureText(text, 14, VALUE_FONT_WEIGHT).width;
    if (Number.isFinite(width) && width > 0) {
      return width;
    }
  } catch {
    // no canvas (jsdom)
  }
  return text.length * 14 * 0.6;
}

/** The largest font size at which `text` fits `width` × `height` (Grafana's calculateFontSize). */
export function fitFontSize(text: string, width: number, height: number): number {
  const byWidth = (width / (textWidthAt14(text) + 2)) * 14;
  const byHeight = height / VALUE_LINE_HEIGHT;
  return Math.max(0, Math.min(byWidth, byHeight));
}

/**
 * The value's font size in a card of `cardWidth` pixels: grows with the card (28 px in a 260 px
 * card, up to 56 px), shrinks for a long value so it fits instead of ending in an ellipsis.
 */
export function gridValueFontSize(text: string, cardWidth: number, compact: boolean): number {
  const limits = compact ? COMPACT_VALUE : REGULAR_VALUE;
  const chrome = compact ? CARD_CHROME.compact : CARD_CHROME.regular;
  const wanted = Math.min(limits.max, Math.max(limits.base, cardWidth * limits.perPixel));
  // Compact cards share the value's line with the change: the value gets about 60 %.
  const width = (cardWidth - chrome) * (compact ? 0.6 : 0.95);
  const fitted = Math.min(wanted, fitFontSize(text, width, Number.POSITIVE_INFINITY));
  return Math.round(Math.max(limits.min, fitted));
}

/**
 * The value's font size when one card fills the panel: as large as the free box allows, like
 * Stat's value (never below the grid size for the card's width).
 */
export function fillValueFontSize(text: string, box: { width: number; height: number }, floor: number): number {
  const fitted = fitFontSize(text, box.width * 0.95, box.height);
  return Math.round(Math.max(Math.min(floor, box.height / VALUE_LINE_HEIGHT), fitted));
}

/** Columns of the grid (auto-fill, minmax(minCardWidth, 1fr)) and the width of one card. */
export function cardWidthFor(panelWidth: number, minCardWidth: number, gap: number): number {
  const columns = Math.max(1, Math.floor((panelWidth + gap) / (minCardWidth + gap)));
  return Math.min(panelWidth, (panelWidth - (columns - 1) * gap) / columns);
}
