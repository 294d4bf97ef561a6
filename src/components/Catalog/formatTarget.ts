import { KpiSummary, ScheduledTarget } from '../../datasource/types';

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

/** The KPI's target as catalog text: a value, the scheduled value in force, or the baseline rule. */
export function formatTarget(kpi: KpiSummary, now = new Date()): string {
  const { target } = kpi;
  if (target?.value !== undefined) {
    return String(target.value);
  }
  if (target?.schedule?.length) {
    const current = scheduledTargetOn(target.schedule, todayIn(kpi.timezone, now));
    return current ? `${current.value} (since ${current.from})` : `from ${target.schedule[0].from}`;
  }
  if (target?.baseline) {
    const { statistic, periods, every, improvement } = target.baseline;
    const change = improvement ? `, ${improvement > 0 ? '+' : ''}${improvement * 100}%` : '';
    return `${statistic} of ${periods} × ${every}${change}`;
  }
  return '–';
}
