import { useEffect, useState } from 'react';
import { errorMessage } from '../../datasource/errors';
import type { KpiCatalogApi } from './kpiCatalogApi';
import type { KpiDetail } from './kpiDetail';

export type KpiDetailState =
  { status: 'loading' } | { status: 'done'; detail: KpiDetail } | { status: 'failed'; message: string };

/** Loads GET `kpis/<id>` once per data source and KPI. */
export function useKpiDetail(datasource: Pick<KpiCatalogApi, 'getKpi'>, id: string): KpiDetailState {
  const [loaded, setLoaded] = useState<{ source: Pick<KpiCatalogApi, 'getKpi'>; id: string; state: KpiDetailState }>();

  useEffect(() => {
    let cancelled = false;
    const settle = (state: KpiDetailState) => !cancelled && setLoaded({ source: datasource, id, state });
    datasource
      .getKpi(id)
      .then((detail) => settle({ status: 'done', detail }))
      .catch((error: unknown) => settle({ status: 'failed', message: errorMessage(error) }));
    return () => {
      cancelled = true;
    };
  }, [datasource, id]);

  return loaded?.source === datasource && loaded.id === id ? loaded.state : { status: 'loading' };
}
