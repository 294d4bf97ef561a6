import { useEffect, useState } from 'react';
import { KpiSummary } from './types';
import { errorMessage } from './errors';

/** What `listKpis` needs to provide; the DataSource does, a test stub can. */
export interface KpiLister {
  listKpis(): Promise<KpiSummary[]>;
}

export interface KpiSummariesState {
  kpis: KpiSummary[];
  loading: boolean;
  error?: string;
}

interface LoadedSummaries {
  /** The data source these were loaded from: another one means they are stale. */
  source: KpiLister;
  kpis: KpiSummary[];
  error?: string;
}

/** Loads the catalog's KPIs once per data source. */
export function useKpiSummaries(datasource: KpiLister): KpiSummariesState {
  const [loaded, setLoaded] = useState<LoadedSummaries>();

  useEffect(() => {
    let cancelled = false;
    datasource
      .listKpis()
      .then((kpis) => !cancelled && setLoaded({ source: datasource, kpis }))
      .catch((error: unknown) => {
        if (!cancelled) {
          setLoaded({ source: datasource, kpis: [], error: errorMessage(error) });
        }
      });
    return () => {
      cancelled = true;
    };
  }, [datasource]);

  if (loaded?.source !== datasource) {
    return { kpis: [], loading: true };
  }
  return { kpis: loaded.kpis, loading: false, error: loaded.error };
}
