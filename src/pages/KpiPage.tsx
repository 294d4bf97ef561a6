import React from 'react';
import { useParams, useSearchParams } from 'react-router-dom';
import { PluginPage } from '@grafana/runtime';
import { Alert, LoadingPlaceholder } from '@grafana/ui';
import { NoDatasource } from '../components/Catalog/NoDatasource';
import { useKpiDatasource } from '../components/Catalog/useKpiDatasource';
import { KpiPageContent } from '../components/KpiPage/KpiPageContent';

/** `/a/northstar-kpi-app/kpi/<id>[?datasource=<uid>]`: one KPI and its SLOs. */
function KpiPage() {
  const { kpiId = '' } = useParams();
  const [searchParams] = useSearchParams();
  const { hasDatasources, uid, datasource, error } = useKpiDatasource();
  let body: React.ReactNode;
  if (!hasDatasources) {
    body = <NoDatasource />;
  } else if (error) {
    body = (
      <Alert severity="error" title="Cannot load the data source">
        {error}
      </Alert>
    );
  } else if (!datasource || !uid) {
    body = <LoadingPlaceholder text="Loading the data source…" />;
  } else {
    body = (
      <KpiPageContent
        uid={uid}
        datasource={datasource}
        kpiId={kpiId}
        datasourceParam={searchParams.get('datasource') ?? undefined}
      />
    );
  }
  return (
    <PluginPage>
      <div data-testid="data-testid kpi-page" data-kpi={kpiId}>
        {body}
      </div>
    </PluginPage>
  );
}

export default KpiPage;
