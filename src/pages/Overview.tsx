import React from 'react';
import { DataSourcePicker, PluginPage } from '@grafana/runtime';
import { Alert, InlineField, LoadingPlaceholder, Stack } from '@grafana/ui';
import { NoDatasource } from '../components/Catalog/NoDatasource';
import { useKpiDatasource } from '../components/Catalog/useKpiDatasource';
import { KpiOverview } from '../components/Overview/KpiOverview';
import { DATASOURCE_PLUGIN_ID } from '../constants';

/**
 * Every KPI and SLO of a Northstar KPI data source with its value or SLI, budget, burn pairs and
 * status, riskiest first; the filters are in the URL (`?owner=&tag=&category=&source=&q=&sort=`).
 */
function Overview() {
  const { hasDatasources, uid, datasource, error, selectDatasource } = useKpiDatasource();
  return (
    <PluginPage>
      <div data-testid="data-testid overview-container">
        {hasDatasources ? (
          <Stack direction="column" gap={2}>
            <InlineField label="Data source" labelWidth={16}>
              <DataSourcePicker
                inputId="kpi-overview-datasource"
                pluginId={DATASOURCE_PLUGIN_ID}
                current={uid ?? null}
                noDefault
                width={40}
                onChange={(settings) => selectDatasource(settings.uid)}
              />
            </InlineField>
            {error && (
              <Alert severity="error" title="Cannot load the data source">
                {error}
              </Alert>
            )}
            {datasource && uid ? (
              <KpiOverview uid={uid} datasource={datasource} />
            ) : (
              !error && <LoadingPlaceholder text="Loading the data source…" />
            )}
          </Stack>
        ) : (
          <NoDatasource />
        )}
      </div>
    </PluginPage>
  );
}

export default Overview;
