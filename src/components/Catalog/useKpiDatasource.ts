import { useEffect, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { getDataSourceSrv } from '@grafana/runtime';
import { DATASOURCE_PLUGIN_ID } from '../../constants';
import { errorMessage } from '../../datasource/errors';
import { isKpiDatasource, KpiCatalogApi, kpiCatalogApi } from './kpiCatalogApi';
import { KPI_PARAM } from './useSelectedKpi';

const DATASOURCE_PARAM = 'datasource';

export interface KpiDatasourceState {
  /** False when no Northstar KPI data source exists yet. */
  hasDatasources: boolean;
  uid?: string;
  /** The chosen data source's catalog API, once its instance is loaded. */
  datasource?: KpiCatalogApi;
  error?: string;
  selectDatasource: (uid: string) => void;
}

interface LoadedDatasource {
  uid: string;
  datasource?: KpiCatalogApi;
  error?: string;
}

/**
 * The chosen Northstar KPI data source (kept in the URL), by default the first one. The instance
 * comes from another bundle (dist/datasource/module.js): it is recognised by its plugin id, never
 * by its class, and used through its resource API.
 */
export function useKpiDatasource(): KpiDatasourceState {
  const [searchParams, setSearchParams] = useSearchParams();
  const [loaded, setLoaded] = useState<LoadedDatasource>();
  const available = getDataSourceSrv().getList({ pluginId: DATASOURCE_PLUGIN_ID });
  const uid = searchParams.get(DATASOURCE_PARAM) ?? available[0]?.uid;

  useEffect(() => {
    if (!uid) {
      return;
    }
    let cancelled = false;
    const settle = (result: Omit<LoadedDatasource, 'uid'>) => !cancelled && setLoaded({ uid, ...result });
    getDataSourceSrv()
      .get({ uid })
      .then((datasource) =>
        settle(
          isKpiDatasource(datasource)
            ? { datasource: kpiCatalogApi(datasource) }
            : { error: `${datasource.name} is not a Northstar KPI data source.` }
        )
      )
      .catch((error: unknown) => settle({ error: errorMessage(error) }));
    return () => {
      cancelled = true;
    };
  }, [uid]);

  const current = loaded?.uid === uid ? loaded : undefined;
  const selectDatasource = (selected: string) => {
    const next = new URLSearchParams(searchParams);
    next.set(DATASOURCE_PARAM, selected);
    // A KPI of one catalog need not exist in another.
    next.delete(KPI_PARAM);
    setSearchParams(next);
  };

  return {
    hasDatasources: available.length > 0,
    uid,
    datasource: current?.datasource,
    error: current?.error,
    selectDatasource,
  };
}
