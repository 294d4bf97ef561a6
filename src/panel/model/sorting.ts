import { GroupBy, SortBy } from '../types';
import { KpiCardModel } from './card';
import { isMissingDelta } from './delta';
import { STATUS_SEVERITY } from './status';

const byName = (a: KpiCardModel, b: KpiCardModel): number =>
  a.name.localeCompare(b.name, undefined, { numeric: true, sensitivity: 'base' });

/** Budget left; cards without a budget sort after every card with one. */
export function budgetKey(card: KpiCardModel): number {
  const budget = card.slo?.budget;
  return budget && 'remaining' in budget ? budget.remaining : Number.POSITIVE_INFINITY;
}

/**
 * How good the change is, signed: negative for bad changes, the relative change when known
 * (else the absolute one). Cards without a change sort after every card with one.
 */
export function deltaKey(card: KpiCardModel): number {
  const delta = card.delta;
  if (!delta || isMissingDelta(delta)) {
    return Number.POSITIVE_INFINITY;
  }
  const size = Math.abs(delta.fraction ?? delta.change);
  return delta.sentiment === 'bad' ? -size : delta.sentiment === 'good' ? size : 0;
}

type Compare = (a: KpiCardModel, b: KpiCardModel) => number;

const COMPARATORS: Record<Exclude<SortBy, 'none'>, Compare> = {
  status: (a, b) => STATUS_SEVERITY[a.status.level] - STATUS_SEVERITY[b.status.level],
  name: () => 0,
  budget: (a, b) => budgetKey(a) - budgetKey(b) || 0,
  delta: (a, b) => deltaKey(a) - deltaKey(b) || 0,
};

/**
 * Sorted copy. status: critical, warning, no data, no target, ok; name: A→Z; budget: least left
 * first; delta: worst change first. Ties go by name; `none` keeps the data's order.
 */
export function sortCards(cards: KpiCardModel[], sortBy: SortBy): KpiCardModel[] {
  if (sortBy === 'none') {
    return cards;
  }
  const compare = COMPARATORS[sortBy];
  return [...cards].sort((a, b) => compare(a, b) || 0 || byName(a, b));
}

export interface CardGroup {
  key: string;
  /** Undefined when not grouping. */
  title?: string;
  cards: KpiCardModel[];
}

const NO_GROUP: Record<Exclude<GroupBy, 'none'>, string> = {
  category: 'No category',
  owner: 'No owner',
};

/** Groups in name order (the catch-all group last); cards keep their order inside a group. */
export function groupCards(cards: KpiCardModel[], groupBy: GroupBy): CardGroup[] {
  if (groupBy === 'none') {
    return [{ key: 'all', cards }];
  }
  const groups = new Map<string, KpiCardModel[]>();
  for (const card of cards) {
    const name = card[groupBy] ?? '';
    groups.set(name, [...(groups.get(name) ?? []), card]);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => (a === '' ? 1 : b === '' ? -1 : a.localeCompare(b)))
    .map(([name, members]) => ({ key: `${groupBy}:${name}`, title: name || NO_GROUP[groupBy], cards: members }));
}
