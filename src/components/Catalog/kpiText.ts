import type { KpiSummary } from '../../datasource/types';
import { formatKpiValue } from './formatTarget';
import type { KpiComparison } from './kpiDetail';

export const DIRECTION_TEXT: Record<string, string> = { higher: 'Higher is better', lower: 'Lower is better' };

/** "warning 99%, critical 98%" in the KPI's unit; undefined without thresholds. */
export function formatThresholds(kpi: KpiSummary): string | undefined {
  const { warning, critical } = kpi.thresholds ?? {};
  const parts = [
    warning !== undefined ? `warning ${formatKpiValue(kpi, warning)}` : undefined,
    critical !== undefined ? `critical ${formatKpiValue(kpi, critical)}` : undefined,
  ].filter((part): part is string => part !== undefined);
  return parts.length > 0 ? parts.join(', ') : undefined;
}

/** What the KPI is compared against: "the same range 7d earlier", "the previous calendar month". */
export function describeComparison(comparison: KpiComparison | undefined): string | undefined {
  if (!comparison?.type) {
    return undefined;
  }
  switch (comparison.type) {
    case 'offset':
      return comparison.offset ? `the same range ${comparison.offset} earlier` : 'an earlier range';
    case 'calendar':
      return comparison.calendar ? `the previous calendar ${comparison.calendar}` : 'the previous calendar period';
    case 'previous_range':
      return 'the range just before';
    default:
      return comparison.type;
  }
}
