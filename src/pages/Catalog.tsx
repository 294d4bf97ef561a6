import React from 'react';
import { DataSourcePicker, PluginPage } from '@grafana/runtime';
import { Alert, InlineField, LoadingPlaceholder, Stack } from '@grafana/ui';
import { KpiCatalog } from '../components/Catalog/KpiCatalog';
import { NoDatasource } from '../components/Catalog/NoDatasource';
import { useKpiDatasource } from '../components/Catalog/useKpiDatasource';
import { useSelectedKpi } from '../components/Catalog/useSelectedKpi';
import { testIds } from '../components/testIds';
import { DATASOURCE_PLUGIN_ID } from '../constants';

/** Every KPI of one Northstar KPI data source; `?kpi=<id>` opens one KPI's details. */
function Catalog() {
  const { hasDatasources, uid, datasource, error, selectDatasource } = useKpiDatasource();
  const { selectedKpi, selectKpi } = useSelectedKpi();

  return (
    <PluginPage>
      <div data-testid={testIds.catalog.container}>
        {hasDatasources ? (
          <Stack direction="column" gap={2}>
            <InlineField label="Data source" labelWidth={16}>
              <DataSourcePicker
                inputId="kpi-catalog-datasource"
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
            {datasource ? (
              <KpiCatalog datasource={datasource} selectedKpi={selectedKpi} onSelectKpi={selectKpi} />
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

export default Catalog;
