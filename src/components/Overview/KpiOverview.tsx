import React, { useCallback, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { dateTimeFormat } from '@grafana/data';
import { Alert, Button, EmptyState, LoadingPlaceholder, Stack, Text } from '@grafana/ui';
import type { KpiCatalogApi } from '../Catalog/kpiCatalogApi';
import { OverviewFilterBar } from './OverviewFilterBar';
import { filterChoices, filterRows, OverviewViewState, readViewState, writeViewState } from './overviewUrlState';
import { OverviewTable } from './OverviewTable';
import { PAGE_RANGE_DAYS } from './pageRange';
import { sortRows } from './risk';
import { useOverviewData } from './useOverviewData';

interface Props {
  /** The Northstar KPI data source's uid (for /api/ds/query) and its catalog API (GET kpis). */
  uid: string;
  datasource: Pick<KpiCatalogApi, 'listKpis'>;
}

/** Every KPI and SLO of one Northstar KPI data source, riskiest first, from one query. */
export function KpiOverview({ uid, datasource }: Props) {
  const [searchParams, setSearchParams] = useSearchParams();
  const [reload, setReload] = useState(0);
  const data = useOverviewData(uid, datasource, reload);
  const view = useMemo(() => readViewState(searchParams), [searchParams]);
  const setView = useCallback(
    (next: OverviewViewState) => setSearchParams((current) => writeViewState(current, next), { replace: true }),
    [setSearchParams]
  );

  const rows = data.status === 'done' ? data.rows : undefined;
  const shown = useMemo(() => (rows ? sortRows(filterRows(rows, view), view.sort) : []), [rows, view]);
  const choices = useMemo(() => filterChoices(rows ?? []), [rows]);

  if (data.status === 'loading') {
    return <LoadingPlaceholder text="Loading the KPIs and SLOs…" />;
  }
  if (data.status === 'failed') {
    return (
      <Alert severity="error" title="Cannot load the KPI catalog">
        {data.message}
      </Alert>
    );
  }
  if (data.kpis.length === 0) {
    return <EmptyState variant="call-to-action" message="This data source's catalog defines no KPIs yet" />;
  }
  const sloRows = data.rows.filter((row) => row.kind === 'slo').length;
  const at = dateTimeFormat(data.at, { format: 'YYYY-MM-DD HH:mm' });
  return (
    <Stack direction="column" gap={2}>
      {data.queryError && (
        <Alert severity="error" title="Cannot compute the KPIs">
          {data.queryError}
        </Alert>
      )}
      {data.partialError && (
        <Alert severity="warning" title="Some KPIs could not be computed">
          {data.partialError}
        </Alert>
      )}
      <OverviewFilterBar view={view} choices={choices} onChange={setView} />
      <Stack direction="row" gap={2} alignItems="center" justifyContent="space-between">
        <Text color="secondary" data-testid="data-testid overview-count">
          {shown.length} of {data.rows.length} rows ({data.kpis.length} KPIs, {sloRows} SLO rows), values over the last{' '}
          {PAGE_RANGE_DAYS} days up to {at}, SLOs over their windows ending then
        </Text>
        <Button variant="secondary" size="sm" icon="sync" onClick={() => setReload((n) => n + 1)}>
          Refresh
        </Button>
      </Stack>
      {shown.length > 0 ? (
        <OverviewTable
          rows={shown}
          datasourceUid={searchParams.get('datasource') ?? undefined}
          caption={view.sort === 'risk' ? 'KPIs and SLOs, riskiest first' : 'KPIs and SLOs by name'}
        />
      ) : (
        <EmptyState variant="not-found" message="No KPI or SLO matches these filters" />
      )}
    </Stack>
  );
}
