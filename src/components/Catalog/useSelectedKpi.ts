import { useCallback } from 'react';
import { useSearchParams } from 'react-router-dom';

/** `?kpi=<id>`: the KPI whose details the catalog shows (the dashboards' drill-down links set it). */
export const KPI_PARAM = 'kpi';

export interface SelectedKpi {
  selectedKpi?: string;
  /** Shows one KPI's details (kept in the URL), or none. */
  selectKpi: (id: string | undefined) => void;
}

export function useSelectedKpi(): SelectedKpi {
  const [searchParams, setSearchParams] = useSearchParams();
  const selectedKpi = searchParams.get(KPI_PARAM)?.trim() || undefined;
  const selectKpi = useCallback(
    (id: string | undefined) =>
      setSearchParams((current) => {
        const next = new URLSearchParams(current);
        if (id) {
          next.set(KPI_PARAM, id);
        } else {
          next.delete(KPI_PARAM);
        }
        return next;
      }),
    [setSearchParams]
  );
  return { selectedKpi, selectKpi };
}
