import React from 'react';
import { KpiCatalog } from '../components/Catalog/KpiCatalog';
import { useSelectedKpi } from '../components/Catalog/useSelectedKpi';
import { testIds } from '../components/testIds';
import { DatasourcePage } from './DatasourcePage';

/** Every KPI of one Northstar KPI data source; `?kpi=<id>` opens one KPI's details. */
function Catalog() {
  const { selectedKpi, selectKpi } = useSelectedKpi();
  return (
    <DatasourcePage testId={testIds.catalog.container} pickerId="kpi-catalog-datasource">
      {(_uid, datasource) => <KpiCatalog datasource={datasource} selectedKpi={selectedKpi} onSelectKpi={selectKpi} />}
    </DatasourcePage>
  );
}

export default Catalog;
