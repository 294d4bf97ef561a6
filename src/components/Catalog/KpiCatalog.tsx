import React, { useState } from 'react';
import { Alert, EmptyState, LoadingPlaceholder, Stack, Text } from '@grafana/ui';
import { KpiLister, useKpiSummaries } from '../../datasource/useKpiSummaries';
import { CatalogFilterBar } from './CatalogFilterBar';
import { CatalogFilters, filterKpis, NO_FILTERS } from './catalogFilters';
import { KpiTable } from './KpiTable';

interface Props {
  /** The Northstar KPI data source whose catalog to list. */
  datasource: KpiLister;
}

export function KpiCatalog({ datasource }: Props) {
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
  if (kpis.length === 0) {
    return <EmptyState variant="call-to-action" message="This data source's catalog defines no KPIs yet" />;
  }

  const shown = filterKpis(kpis, filters);
  return (
    <Stack direction="column" gap={2}>
      <CatalogFilterBar kpis={kpis} filters={filters} onChange={setFilters} />
      <Text color="secondary">
        {shown.length} of {kpis.length} KPIs
      </Text>
      {shown.length > 0 ? (
        <KpiTable kpis={shown} />
      ) : (
        <EmptyState variant="not-found" message="No KPI matches these filters" />
      )}
    </Stack>
  );
}
