import {
  cardMinWidth,
  columnsFor,
  COMPACT_BELOW_HEIGHT,
  COMPACT_BELOW_WIDTH,
  COMPACT_WIDTH_FACTOR,
  isCompact,
  MAX_SCREENS_OF_REGULAR_CARDS,
  REGULAR_CARD_HEIGHT,
} from './layout';

const base = { mode: 'auto' as const, width: 1200, height: 600, cardCount: 4, minCardWidth: 260, gap: 8 };

describe('layout', () => {
  it('fits as many columns as the minimum width allows', () => {
    expect(columnsFor(1200, 260, 8)).toBe(Math.floor((1200 + 8) / (260 + 8)));
    expect(columnsFor(100, 260, 8)).toBe(1);
  });

  it('obeys forced modes', () => {
    expect(isCompact({ ...base, mode: 'always' })).toBe(true);
    expect(isCompact({ ...base, mode: 'never', width: 100, cardCount: 500 })).toBe(false);
  });

  it('goes compact in small panels', () => {
    expect(isCompact({ ...base, width: COMPACT_BELOW_WIDTH - 1 })).toBe(true);
    expect(isCompact({ ...base, height: COMPACT_BELOW_HEIGHT - 1 })).toBe(true);
    expect(isCompact(base)).toBe(false);
  });

  it('goes compact when regular cards need too many panel heights', () => {
    const columns = columnsFor(base.width, base.minCardWidth, base.gap);
    const fitting = Math.floor((MAX_SCREENS_OF_REGULAR_CARDS * base.height) / REGULAR_CARD_HEIGHT) * columns;
    expect(isCompact({ ...base, cardCount: fitting })).toBe(false);
    expect(isCompact({ ...base, cardCount: fitting + columns })).toBe(true);
  });

  it('lets compact cards be narrower', () => {
    expect(cardMinWidth(200, true)).toBe(Math.round(200 * COMPACT_WIDTH_FACTOR));
    expect(cardMinWidth(200, false)).toBe(200);
  });
});
