import React from 'react';
import { KpiOverview } from '../components/Overview/KpiOverview';
import { DatasourcePage } from './DatasourcePage';

/**
 * Every KPI and SLO of a Northstar KPI data source with its value or SLI, budget, burn pairs and
 * status, riskiest first; the filters are in the URL (`?owner=&tag=&category=&source=&q=&sort=`).
 */
function Overview() {
  return (
    <DatasourcePage testId="data-testid overview-container" pickerId="kpi-overview-datasource">
      {(uid, datasource) => <KpiOverview uid={uid} datasource={datasource} />}
    </DatasourcePage>
  );
}

export default Overview;
