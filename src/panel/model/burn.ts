import { Sample } from './input';
import { windowSeconds } from './measures';

/** One multiwindow burn-rate alert of one SLO, as the `burn_pair_<short>_<long>` frame says it. */
export interface BurnAlert {
  /** The frame's `slo` label. */
  slo?: string;
  /** The frame's `severity` label: `critical` pages, `warning` opens a ticket (docs/catalog.md). */
  severity?: string;
  short: string;
  long: string;
  /** 1 firing, 0 not, null without traffic. */
  firing: Sample;
}

export type BurnLevel = 'ok' | 'warning' | 'critical';
export type Speed = 'fast' | 'slow';

const PAGE_SEVERITIES = new Set(['critical', 'page', 'high', 'error', 'emergency', 'alert']);
const TICKET_SEVERITIES = new Set(['warning', 'ticket', 'low', 'medium', 'info', 'notice']);

/** What a firing pair means for the card: pages are critical, tickets a warning. */
export function severityLevel(severity: string | undefined): Exclude<BurnLevel, 'ok'> | undefined {
  const s = severity?.trim().toLowerCase();
  if (!s) {
    return undefined;
  }
  if (PAGE_SEVERITIES.has(s)) {
    return 'critical';
  }
  return TICKET_SEVERITIES.has(s) ? 'warning' : undefined;
}

/** A pair's level: its severity, else its speed (fast burns page, slow burns open tickets). */
export function pairLevel(severity: string | undefined, speed: Speed): Exclude<BurnLevel, 'ok'> {
  return severityLevel(severity) ?? (speed === 'fast' ? 'critical' : 'warning');
}

export const byWindows = (a: { short: string; long: string }, b: { short: string; long: string }): number =>
  windowSeconds(a.long) - windowSeconds(b.long) || windowSeconds(a.short) - windowSeconds(b.short);

/** Pairs of one SLO sorted by long window: the first half are fast burns, the rest slow. */
export function speedsOf<T extends { short: string; long: string }>(pairs: T[]): Array<T & { speed: Speed }> {
  const sorted = [...pairs].sort(byWindows);
  const fastCount = Math.ceil(sorted.length / 2);
  return sorted.map((pair, i) => ({ ...pair, speed: i < fastCount ? 'fast' : 'slow' }));
}

export interface FiringAlert extends BurnAlert {
  speed: Speed;
  level: Exclude<BurnLevel, 'ok'>;
}

export interface BurnState {
  /** The worst firing alert's level; ok when every pair with traffic is quiet. */
  level: BurnLevel;
  firing: FiringAlert[];
  /** "fast burn 5m/1h firing (critical, SLO 99.9-28d)" or "no burn-rate alert firing". */
  reason: string;
}

const isKnown = (v: Sample): v is number => typeof v === 'number' && Number.isFinite(v);

function alertText(alert: FiringAlert): string {
  const about = [alert.severity ?? `${alert.speed} burn`, alert.slo ? `SLO ${alert.slo}` : undefined];
  return `${alert.speed} burn ${alert.short}/${alert.long} firing (${about.filter(Boolean).join(', ')})`;
}

/**
 * The burn state of a card over every SLO of its KPI: critical when a page-severity pair fires,
 * warning when only ticket-severity pairs fire, ok when pairs with traffic are quiet. Undefined when
 * there are no pairs or none has traffic (nothing is known).
 */
export function burnState(alerts: BurnAlert[] | undefined): BurnState | undefined {
  const known = (alerts ?? []).filter((alert) => isKnown(alert.firing));
  if (known.length === 0) {
    return undefined;
  }
  const bySlo = new Map<string, BurnAlert[]>();
  for (const alert of alerts ?? []) {
    bySlo.set(alert.slo ?? '', [...(bySlo.get(alert.slo ?? '') ?? []), alert]);
  }
  const firing = [...bySlo.values()]
    .flatMap((pairs) => speedsOf(pairs))
    .filter((alert) => isKnown(alert.firing) && alert.firing >= 1)
    .map((alert): FiringAlert => ({ ...alert, level: pairLevel(alert.severity, alert.speed) }))
    .sort((a, b) => (a.level === b.level ? byWindows(a, b) : a.level === 'critical' ? -1 : 1));
  if (firing.length === 0) {
    return { level: 'ok', firing, reason: 'no burn-rate alert firing' };
  }
  return {
    level: firing[0].level,
    firing,
    reason: firing.map(alertText).join('; '),
  };
}
