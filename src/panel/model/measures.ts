/** Field names of the Northstar measure frames (docs/frames.md) and of the SLO measures. */
export const Measure = {
  value: 'value',
  previous: 'previous',
  delta: 'delta',
  deltaPct: 'delta_pct',
  target: 'target',
  attainment: 'attainment',
  status: 'status',
  budgetRemaining: 'budget_remaining',
  timeToExhaustion: 'time_to_exhaustion',
  sli: 'sli',
  budgetBurndown: 'budget_burndown',
} as const;

const BURN_RATE = /^burn_rate_([0-9]+[smhdw])$/;
const BURN_PAIR = /^burn_pair_([0-9]+[smhdw])_([0-9]+[smhdw])$/;

/** `burn_rate_5m` → `5m`. */
export function burnRateWindow(measure: string): string | undefined {
  return BURN_RATE.exec(measure)?.[1];
}

export interface BurnPairWindows {
  short: string;
  long: string;
}

/** `burn_pair_5m_1h` → `{short: '5m', long: '1h'}`. */
export function burnPairWindows(measure: string): BurnPairWindows | undefined {
  const match = BURN_PAIR.exec(measure);
  return match ? { short: match[1], long: match[2] } : undefined;
}

const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400, w: 604800 };

/** `30m` → 1800. Windows that do not parse sort last. */
export function windowSeconds(window: string): number {
  const match = /^([0-9]+)([smhdw])$/.exec(window);
  return match ? Number(match[1]) * UNIT_SECONDS[match[2]] : Number.POSITIVE_INFINITY;
}
