import { StatusLevel } from '../types';

/** The parts of a card a screen reader hears, already in words. */
export interface SpokenCard {
  name: string;
  /** "99.2 percent", or what is wrong ("no data in range"); the status is not repeated then. */
  value: string;
  /** "99.5 percent"; undefined when the KPI has no target. */
  target?: string;
  status: StatusLevel;
  statusText: string;
  /** "down 0.3 points versus previous 7 days". */
  delta?: string;
  budget?: string;
  /** "fast burn 5m/1h firing, burn rates 16.2 times / 15.1 times". */
  firing: string[];
  /** "data stale, last sample 3 hours ago" (only when stale). */
  stale?: string;
}

/**
 * The card as one sentence, most important first:
 * "Checkout success rate 99.2 percent, target 99.5 percent, warning, down 0.3 points versus previous 7 days".
 */
export function ariaSentence(card: SpokenCard): string {
  const parts = [
    `${card.name} ${card.value}`,
    card.target !== undefined ? `target ${card.target}` : undefined,
    card.status === 'nodata' ? undefined : card.statusText.toLowerCase(),
    card.delta,
    card.budget,
    ...card.firing,
    card.stale,
  ];
  return parts.filter((p): p is string => Boolean(p)).join(', ');
}
