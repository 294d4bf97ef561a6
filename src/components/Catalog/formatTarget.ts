import { formattedValueToString, getValueFormats } from '@grafana/data';
import type { KpiSummary, ScheduledTarget } from '../../datasource/types';
import { unitFormatter } from '../../panel/model/format';

/** A number in the KPI's unit and decimals, as the KPI Cards panel shows it: 0.995 percentunit → "99.5%". */
export function formatKpiValue(kpi: Pick<KpiSummary, 'unit' | 'decimals'>, value: number): string {
  return formattedValueToString(unitFormatter(kpi.unit, kpi.decimals)(value));
}

/** Grafana's name of a unit ("Percent (0.0-1.0)" for percentunit); the id itself when Grafana has none. */
export function unitName(unit: string | undefined): string | undefined {
  if (!unit) {
    return undefined;
  }
  for (const category of getValueFormats()) {
    const match = category.submenu?.find((format) => format.value === unit);
    if (match?.text) {
      return match.text;
    }
  }
  return unit;
}

/** Today's date as YYYY-MM-DD in a time zone (UTC if it is unknown). */
export function todayIn(timeZone: string | undefined, now: Date): string {
  try {
    // The en-CA locale formats dates as YYYY-MM-DD.
    return new Intl.DateTimeFormat('en-CA', { timeZone: timeZone || 'UTC' }).format(now);
  } catch {
    return now.toISOString().slice(0, 10);
  }
}

/** The scheduled target in force on `today`, if one has started. */
function scheduledTargetOn(schedule: ScheduledTarget[], today: string): ScheduledTarget | undefined {
  return schedule
    .filter((entry) => entry.from <= today)
    .sort((a, b) => a.from.localeCompare(b.from))
    .pop();
}

/**
 * The KPI's target as catalog text, in the KPI's unit: a value, the scheduled value in force (or the
 * first one to come), or the baseline rule.
 */
export function formatTarget(kpi: KpiSummary, now = new Date()): string {
  const { target } = kpi;
  if (target?.value !== undefined) {
    return formatKpiValue(kpi, target.value);
  }
  if (target?.schedule?.length) {
    const current = scheduledTargetOn(target.schedule, todayIn(kpi.timezone, now));
    if (current) {
      return `${formatKpiValue(kpi, current.value)} (since ${current.from})`;
    }
    const first = [...target.schedule].sort((a, b) => a.from.localeCompare(b.from))[0];
    return `${formatKpiValue(kpi, first.value)} from ${first.from}`;
  }
  if (target?.baseline) {
    const { statistic, periods, every, improvement } = target.baseline;
    const change = improvement ? `, ${improvement > 0 ? '+' : ''}${improvement * 100}%` : '';
    return `${statistic} of ${periods} × ${every}${change}`;
  }
  return '–';
}
