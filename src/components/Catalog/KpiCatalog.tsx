import React, { useState } from 'react';
import { Alert, EmptyState, LoadingPlaceholder, Stack, Text } from '@grafana/ui';
import { useKpiSummaries } from '../../datasource/useKpiSummaries';
import { CatalogFilterBar } from './CatalogFilterBar';
import { CatalogFilters, filterKpis, NO_FILTERS } from './catalogFilters';
import type { KpiCatalogApi } from './kpiCatalogApi';
import { KpiDetails } from './KpiDetails';
import { KpiTable } from './KpiTable';

interface Props {
  /** The catalog API of the Northstar KPI data source whose catalog to list. */
  datasource: KpiCatalogApi;
  /** The KPI whose details are shown (`?kpi=`). */
  selectedKpi?: string;
  onSelectKpi?: (id: string | undefined) => void;
}

export function KpiCatalog({ datasource, selectedKpi, onSelectKpi }: Props) {
  const { kpis, loading, error } = useKpiSummaries(datasource);
  const [filters, setFilters] = useState<CatalogFilters>(NO_FILTERS);

  if (loading) {
    return <LoadingPlaceholder text="Loading the KPI catalog…" />;
  }
  if (error) {
    return (
      <Alert severity="error" title="Cannot load the KPI catalog">
        {error}
      </Alert>
    );
  }
  const details = selectedKpi && (
    <KpiDetails
      datasource={datasource}
      kpiId={selectedKpi}
      summary={kpis.find((kpi) => kpi.id === selectedKpi)}
      onClose={() => onSelectKpi?.(undefined)}
    />
  );
  if (kpis.length === 0) {
    return (
      <Stack direction="column" gap={2}>
        {details}
        <EmptyState variant="call-to-action" message="This data source's catalog defines no KPIs yet" />
      </Stack>
    );
  }

  const shown = filterKpis(kpis, filters);
  return (
    <Stack direction="column" gap={2}>
      {details}
      <CatalogFilterBar kpis={kpis} filters={filters} onChange={setFilters} />
      <Text color="secondary">
        {shown.length} of {kpis.length} KPIs
      </Text>
      {shown.length > 0 ? (
        <KpiTable kpis={shown} selectedKpi={selectedKpi} onSelectKpi={onSelectKpi} />
      ) : (
        <EmptyState variant="not-found" message="No KPI matches these filters" />
      )}
    </Stack>
  );
}
