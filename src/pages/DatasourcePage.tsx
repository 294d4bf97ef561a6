import React, { ReactNode } from 'react';
import { DataSourcePicker, PluginPage } from '@grafana/runtime';
import { Alert, InlineField, LoadingPlaceholder, Stack } from '@grafana/ui';
import { KpiCatalogApi } from '../components/Catalog/kpiCatalogApi';
import { NoDatasource } from '../components/Catalog/NoDatasource';
import { useKpiDatasource } from '../components/Catalog/useKpiDatasource';
import { DATASOURCE_PLUGIN_ID } from '../constants';

interface Props {
  /** data-testid of the page's container. */
  testId: string;
  /** id of the data source picker's input, unique per page. */
  pickerId: string;
  /** The page, once the chosen data source has loaded. */
  children: (uid: string, datasource: KpiCatalogApi) => ReactNode;
}

/**
 * An app page on one Northstar KPI data source: the picker (its choice is in the URL), the
 * data source's load error, and the page once it has loaded; without any such data source, what
 * to do about it.
 */
export function DatasourcePage({ testId, pickerId, children }: Props) {
  const { hasDatasources, uid, datasource, error, selectDatasource } = useKpiDatasource();
  return (
    <PluginPage>
      <div data-testid={testId}>
        {hasDatasources ? (
          <Stack direction="column" gap={2}>
            <InlineField label="Data source" labelWidth={16}>
              <DataSourcePicker
                inputId={pickerId}
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
            {datasource && uid
              ? children(uid, datasource)
              : !error && <LoadingPlaceholder text="Loading the data source…" />}
          </Stack>
        ) : (
          <NoDatasource />
        )}
      </div>
    </PluginPage>
  );
}
