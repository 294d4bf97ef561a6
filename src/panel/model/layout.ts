import { CompactMode } from '../types';

/** Rough heights of a regular and a compact card with its gap, in pixels. */
export const REGULAR_CARD_HEIGHT = 236;
export const COMPACT_CARD_HEIGHT = 92;
/** Panels smaller than this are always compact in `auto` mode. */
export const COMPACT_BELOW_WIDTH = 300;
export const COMPACT_BELOW_HEIGHT = 200;
/** In `auto` mode, go compact when regular cards would need more than this many panel heights. */
export const MAX_SCREENS_OF_REGULAR_CARDS = 2;
/** Compact cards can be a bit narrower than the configured minimum. */
export const COMPACT_WIDTH_FACTOR = 0.85;

export function columnsFor(width: number, minCardWidth: number, gap: number): number {
  return Math.max(1, Math.floor((width + gap) / (minCardWidth + gap)));
}

export interface CompactInput {
  mode: CompactMode;
  width: number;
  height: number;
  cardCount: number;
  minCardWidth: number;
  gap: number;
}

/**
 * Compact when forced; in `auto`, when the panel is small or when regular cards would need
 * more than two panel heights of scrolling.
 */
export function isCompact(input: CompactInput): boolean {
  if (input.mode !== 'auto') {
    return input.mode === 'always';
  }
  if (input.width < COMPACT_BELOW_WIDTH || input.height < COMPACT_BELOW_HEIGHT) {
    return true;
  }
  const rows = Math.ceil(input.cardCount / columnsFor(input.width, input.minCardWidth, input.gap));
  return rows * REGULAR_CARD_HEIGHT > MAX_SCREENS_OF_REGULAR_CARDS * input.height;
}

export function cardMinWidth(minCardWidth: number, compact: boolean): number {
  return Math.round(compact ? minCardWidth * COMPACT_WIDTH_FACTOR : minCardWidth);
}
