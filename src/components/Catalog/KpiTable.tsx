import React, { useMemo } from 'react';
import { css } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import { Button, Column, InteractiveTable, TagList, useStyles2 } from '@grafana/ui';
import { KpiSummary } from '../../datasource/types';
import { testIds } from '../testIds';
import { formatTarget, unitName } from './formatTarget';
import { DIRECTION_TEXT } from './kpiText';
import { SloList } from './SloList';

interface Props {
  kpis: KpiSummary[];
  /** Id of the KPI whose details are shown: its row is highlighted. */
  selectedKpi?: string;
  onSelectKpi?: (id: string) => void;
}

function columns(selectedKpi: string | undefined, onSelectKpi: ((id: string) => void) | undefined) {
  const cols: Array<Column<KpiSummary>> = [
    {
      id: 'name',
      header: 'Name',
      sortType: 'string',
      cell: ({ row }) => {
        const kpi = row.original;
        const name = kpi.name || kpi.id;
        return onSelectKpi ? (
          <Button
            variant="primary"
            fill="text"
            size="sm"
            tooltip="Show its definition and generated query"
            aria-current={kpi.id === selectedKpi ? 'true' : undefined}
            onClick={() => onSelectKpi(kpi.id)}
          >
            {name}
          </Button>
        ) : (
          name
        );
      },
    },
    { id: 'id', header: 'Id', sortType: 'string', cell: ({ row }) => <code>{row.original.id}</code> },
    { id: 'owner', header: 'Owner', sortType: 'string' },
    { id: 'category', header: 'Category', sortType: 'string' },
    {
      id: 'tags',
      header: 'Tags',
      cell: ({ row }) => (row.original.tags?.length ? <TagList tags={row.original.tags} /> : null),
    },
    { id: 'unit', header: 'Unit', cell: ({ row }) => unitName(row.original.unit) ?? null },
    {
      id: 'direction',
      header: 'Direction',
      cell: ({ row }) => (row.original.direction ? DIRECTION_TEXT[row.original.direction] : null),
    },
    { id: 'target', header: 'Target', cell: ({ row }) => formatTarget(row.original) },
    {
      id: 'slos',
      header: 'SLOs',
      cell: ({ row }) =>
        row.original.slos?.length ? (
          <SloList kpiName={row.original.name || row.original.id} slos={row.original.slos} />
        ) : (
          '–'
        ),
    },
    { id: 'version', header: 'Version' },
  ];
  return cols;
}

export function KpiTable({ kpis, selectedKpi, onSelectKpi }: Props) {
  const styles = useStyles2(getStyles);
  const cols = useMemo(() => columns(selectedKpi, onSelectKpi), [selectedKpi, onSelectKpi]);
  return (
    <div data-testid={testIds.catalog.table} className={styles.table}>
      <InteractiveTable<KpiSummary> columns={cols} data={kpis} getRowId={(kpi) => kpi.id} pageSize={50} />
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  // The row of the KPI whose details are open: a bar on its left, a tint, its name in plain text colour.
  table: css({
    'tr:has([aria-current="true"])': {
      background: theme.colors.background.secondary,
      boxShadow: `inset 3px 0 0 ${theme.colors.primary.main}`,
    },
    'button[aria-current="true"]': { color: theme.colors.text.primary, fontWeight: theme.typography.fontWeightMedium },
  }),
});
