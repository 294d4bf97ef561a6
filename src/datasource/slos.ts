import { KpiSummary, Slo, SloBudgeting, SloWindow } from './types';

/** A fraction as a percentage without float noise: 0.999 → "99.9%", 0.9995 → "99.95%". */
export function formatPercent(fraction: number): string {
  return `${Number((fraction * 100).toPrecision(12))}%`;
}

/** "rolling 28d", "calendar month". */
export function formatSloWindow(window: SloWindow): string {
  if (window.rolling) {
    return `rolling ${window.rolling}`;
  }
  if (window.calendar) {
    return `calendar ${window.calendar}`;
  }
  return 'no window';
}

const METHOD_TEXT: Record<SloBudgeting['method'], string> = {
  occurrences: 'occurrences',
  timeslices: 'timeslices',
  ratioTimeslices: 'ratio timeslices',
};

/** "occurrences", "timeslices (5m slices good at 95%)", "ratio timeslices (5m slices)". */
export function formatBudgeting(budgeting: SloBudgeting): string {
  const method = METHOD_TEXT[budgeting.method] ?? budgeting.method;
  if (!budgeting.slice) {
    return method;
  }
  const sliceTarget = budgeting.sliceTarget ? ` good at ${formatPercent(budgeting.sliceTarget)}` : '';
  return `${method} (${budgeting.slice} slices${sliceTarget})`;
}

/** "99.9% · rolling 28d · occurrences": what tells one SLO from another. */
export function describeSlo(slo: Slo): string {
  return [formatPercent(slo.objective), formatSloWindow(slo.window), formatBudgeting(slo.budgeting)].join(' · ');
}

/** The KPI of a catalog with this id, if the catalog has it. */
export const findKpi = (kpis: KpiSummary[], id: string | undefined): KpiSummary | undefined =>
  id ? kpis.find((kpi) => kpi.id === id) : undefined;
