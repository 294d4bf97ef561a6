import { getValueFormat, formattedValueToString } from '@grafana/data';
import { formatPercent, formatSloWindow } from '../../datasource/slos';
import { formatDuration } from '../../panel/model/format';
import { SLI_DECIMALS } from '../../panel/model/slo';
import { formatKpiValue, formatTarget } from '../Catalog/formatTarget';
import type { OverviewRow, PairState, RowStatus } from './overviewRows';

export const NO_DATA = 'No data';
const NOT_ASKED = '–';

export const STATUS_TEXT: Record<RowStatus, string> = {
  ok: 'OK',
  warning: 'Warning',
  critical: 'Critical',
  nodata: 'No data',
  error: 'Error',
};

/** An SLI (or any share close to 100 %) with the KPI cards' two decimals: 0.99952 → "99.95%". */
export function formatSli(sli: number): string {
  return formattedValueToString(getValueFormat('percentunit')(sli, SLI_DECIMALS));
}

/** The KPI's value in its unit, or the SLO's SLI. */
export function valueText(row: Pick<OverviewRow, 'kind' | 'kpi' | 'value'>): string {
  if (row.value === undefined) {
    return NOT_ASKED;
  }
  if (row.value === null || Number.isNaN(row.value)) {
    return NO_DATA;
  }
  return row.kind === 'slo' ? formatSli(row.value) : formatKpiValue(row.kpi, row.value);
}

/** The SLO's objective and window ("99.9% · rolling 28d"); a KPI's target. */
export function objectiveText(row: Pick<OverviewRow, 'kpi' | 'slo'>): string {
  if (row.slo) {
    return `${formatPercent(row.slo.objective)} · ${formatSloWindow(row.slo.window)}`;
  }
  return row.kpi.target ? `target ${formatTarget(row.kpi)}` : NOT_ASKED;
}

/** "62.5%"; "−20.0%" when overspent. */
export function budgetText(remaining: number | null | undefined): string {
  if (remaining === undefined) {
    return NOT_ASKED;
  }
  if (remaining === null || !Number.isFinite(remaining)) {
    return NO_DATA;
  }
  return formattedValueToString(getValueFormat('percentunit')(remaining, 1)).replace(/^-/, '\u2212');
}

/** "1 d 6 h", "Not burning", "Exhausted". */
export function exhaustionText(seconds: number | null | undefined): string {
  if (seconds === undefined) {
    return NOT_ASKED;
  }
  if (seconds === null || Number.isNaN(seconds)) {
    return 'Unknown';
  }
  if (seconds === Number.POSITIVE_INFINITY) {
    return 'Not burning';
  }
  if (seconds <= 0) {
    return 'Exhausted';
  }
  return formatDuration(seconds).text;
}

export function pairStateText(pair: PairState): string {
  return pair.firing === null ? 'no data' : pair.firing ? 'firing' : 'ok';
}

/** "5m/1h firing". */
export function pairText(pair: PairState): string {
  return `${pair.short}/${pair.long} ${pairStateText(pair)}`;
}
