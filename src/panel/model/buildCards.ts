import { DataFrame, GrafanaTheme2, TimeRange } from '@grafana/data';

import { DEFAULT_OPTIONS } from '../defaults';
import { KpiCardsOptions } from '../types';
import { buildCard, KpiCardModel } from './card';
import { staleAfterSeconds } from './freshness';
import { seriesInputs } from './genericSeries';
import { isNorthstarFrame, northstarInputs } from './northstar';
import { validReducer } from './reduce';

export interface CardsInput {
  series: DataFrame[];
  timeRange?: TimeRange;
  options: KpiCardsOptions;
  theme: GrafanaTheme2;
  /** Epoch milliseconds: when the data was fetched. */
  now: number;
  /** The query's interval (`request.intervalMs`). */
  intervalMs?: number;
}

/** All cards of the panel: one per Northstar KPI and dimension set, one per numeric field of other frames. */
export function buildCards({ series, timeRange, options, theme, now, intervalMs }: CardsInput): KpiCardModel[] {
  const northstar = series.filter(isNorthstarFrame);
  const other = series.filter((frame) => !isNorthstarFrame(frame));
  const window = timeRange ? { from: timeRange.from.valueOf(), to: timeRange.to.valueOf() } : undefined;
  const reducer = validReducer(options.series.reducer, DEFAULT_OPTIONS.series.reducer);
  const inputs = [...northstarInputs(northstar), ...seriesInputs(other, { ...options.series, reducer }, window)];
  const ctx = {
    theme,
    now,
    rangeEnd: window?.to,
    timeExtent: window ? { min: window.from, max: window.to } : undefined,
    staleAfter: staleAfterSeconds(options.freshness.staleAfter),
    reducer,
    includeZero: options.sparkline.includeZero,
    targetBand: options.sparkline.targetBand,
    intervalMs,
  };
  return inputs.map((input) => buildCard(input, ctx));
}
