import { KpiCardModel } from './card';
import { CardDelta } from './delta';
import { budgetKey, deltaKey, groupCards, sortCards } from './sorting';
import { STATUS_TEXT } from './status';
import { StatusLevel } from '../types';

function card(name: string, level: StatusLevel, extra: Partial<KpiCardModel> = {}): KpiCardModel {
  return {
    key: name,
    id: name,
    name,
    title: name,
    dimensions: [],
    source: 'northstar',
    direction: 'higher',
    directionSource: 'kpi',
    value: { text: '1', spoken: '1' },
    status: { level, text: STATUS_TEXT[level], reason: '', source: 'value' },
    target: { kind: 'none', text: 'No target' },
    links: [],
    ariaLabel: name,
    ...extra,
  };
}

function delta(fraction: number, sentiment: CardDelta['sentiment']): CardDelta {
  return {
    change: fraction,
    fraction,
    trend: 'up',
    sentiment,
    changeText: '',
    spoken: '',
    periodText: '',
  };
}

const budget = (remaining: number) => ({
  budget: { remaining, fill: 0, level: 'ok' as const, text: '', spoken: '' },
  pairs: [],
  loneRates: [],
});

describe('sortCards', () => {
  const cards = [
    card('b ok', 'ok'),
    card('a critical', 'critical'),
    card('c warning', 'warning'),
    card('d nodata', 'nodata'),
    card('e none', 'none'),
    card('a warning', 'warning'),
  ];

  it('puts the worst status first, then by name', () => {
    expect(sortCards(cards, 'status').map((c) => c.name)).toEqual([
      'a critical',
      'a warning',
      'c warning',
      'd nodata',
      'e none',
      'b ok',
    ]);
  });

  it('sorts names naturally', () => {
    const named = [card('KPI 10', 'ok'), card('kpi 9', 'ok'), card('KPI 1', 'ok')];
    expect(sortCards(named, 'name').map((c) => c.name)).toEqual(['KPI 1', 'kpi 9', 'KPI 10']);
  });

  it('keeps data order for none, without copying', () => {
    expect(sortCards(cards, 'none')).toBe(cards);
  });

  it('puts the least budget first and cards without a budget last', () => {
    const withBudget = [card('x', 'ok'), card('y', 'ok', { slo: budget(0.6) }), card('z', 'ok', { slo: budget(-0.1) })];
    expect(sortCards(withBudget, 'budget').map((c) => c.name)).toEqual(['z', 'y', 'x']);
    expect(budgetKey(withBudget[0])).toBe(Number.POSITIVE_INFINITY);
  });

  it('puts the worst change first', () => {
    const changes = [
      card('good', 'ok', { delta: delta(0.1, 'good') }),
      card('none', 'ok'),
      card('bad small', 'ok', { delta: delta(0.01, 'bad') }),
      card('bad big', 'ok', { delta: delta(-0.3, 'bad') }),
      card('flat', 'ok', { delta: delta(0, 'neutral') }),
    ];
    expect(sortCards(changes, 'delta').map((c) => c.name)).toEqual(['bad big', 'bad small', 'flat', 'good', 'none']);
    expect(deltaKey(changes[3])).toBe(-0.3);
  });
});

describe('groupCards', () => {
  const cards = [
    card('a', 'ok', { category: 'growth' }),
    card('b', 'ok'),
    card('c', 'ok', { category: 'commerce' }),
    card('d', 'ok', { category: 'growth' }),
  ];

  it('groups by category in name order, the catch-all last, keeping card order', () => {
    const groups = groupCards(cards, 'category');
    expect(groups.map((g) => [g.title, g.cards.map((c) => c.name)])).toEqual([
      ['commerce', ['c']],
      ['growth', ['a', 'd']],
      ['No category', ['b']],
    ]);
  });

  it('makes one untitled group when not grouping', () => {
    expect(groupCards(cards, 'none')).toEqual([{ key: 'all', cards }]);
  });

  it('groups by owner', () => {
    const groups = groupCards([card('a', 'ok', { owner: 'sre' }), card('b', 'ok')], 'owner');
    expect(groups.map((g) => g.title)).toEqual(['sre', 'No owner']);
  });
});
