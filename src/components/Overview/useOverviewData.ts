import { useEffect, useState } from 'react';
import { errorMessage } from '../../datasource/errors';
import type { KpiSummary } from '../../datasource/types';
import type { KpiCatalogApi } from '../Catalog/kpiCatalogApi';
import { buildOverviewRows, OverviewRow } from './overviewRows';
import { pageRange, stepMs } from './pageRange';
import { dsQuery, DsRequest, msString, queryData, QueryAnswer } from './queryData';

export const OVERVIEW_REF_ID = 'overview';

/** The KPI measures and the SLO card's measures (SLI, budget, burn rates and pairs, exhaustion). */
export const OVERVIEW_MEASURES = ['value', 'status', 'slo'] as const;

/** The overview's one request: every KPI of the catalog (`selector: {}`), over the last 7 days up to `now`. */
export function overviewRequest(uid: string, now: number): DsRequest {
  const range = pageRange(now);
  const from = range.from.valueOf();
  const to = range.to.valueOf();
  return {
    queries: [
      dsQuery(uid, OVERVIEW_REF_ID, {
        selector: {},
        measures: [...OVERVIEW_MEASURES],
        intervalMs: stepMs(from, to),
        maxDataPoints: 300,
      }),
    ],
    from: msString(from),
    to: msString(to),
  };
}

export type OverviewData =
  | { status: 'loading' }
  | { status: 'failed'; message: string }
  | {
      status: 'done';
      kpis: KpiSummary[];
      rows: OverviewRow[];
      /** The query failed as a whole: the rows have the catalog only. */
      queryError?: string;
      /** Some KPIs failed (the backend names them); the others have their numbers. */
      partialError?: string;
      /** The instant the numbers are for (epoch milliseconds). */
      at: number;
    };

interface Loaded {
  key: string;
  data: OverviewData;
}

/**
 * The catalog (GET kpis) and, in parallel, ONE QueryData request for every KPI and SLO of it,
 * whatever the number of KPIs. `reload` changes to load again.
 */
export function useOverviewData(
  uid: string,
  catalog: Pick<KpiCatalogApi, 'listKpis'>,
  reload = 0,
  now: () => number = Date.now
): OverviewData {
  const [loaded, setLoaded] = useState<Loaded>();
  const key = `${uid}\u0000${reload}`;

  useEffect(() => {
    let cancelled = false;
    const at = now();
    const settle = (data: OverviewData) => !cancelled && setLoaded({ key, data });
    const answer: Promise<QueryAnswer | { failed: string }> = queryData(overviewRequest(uid, at)).then(
      (answers) => answers[OVERVIEW_REF_ID],
      (error: unknown) => ({ failed: errorMessage(error) })
    );
    Promise.all([catalog.listKpis(), answer])
      .then(([kpis, result]) => {
        if ('failed' in result) {
          settle({ status: 'done', kpis, rows: buildOverviewRows(kpis, undefined), queryError: result.failed, at });
          return;
        }
        settle({ status: 'done', kpis, rows: buildOverviewRows(kpis, result), partialError: result.error, at });
      })
      .catch((error: unknown) => settle({ status: 'failed', message: errorMessage(error) }));
    return () => {
      cancelled = true;
    };
    // `now` is read once per load.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, catalog]);

  return loaded?.key === key ? loaded.data : { status: 'loading' };
}
