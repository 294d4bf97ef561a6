import React from 'react';
import { Column, InteractiveTable, TagList } from '@grafana/ui';
import { KpiSummary } from '../../datasource/types';
import { testIds } from '../testIds';
import { formatTarget } from './formatTarget';
import { SloList } from './SloList';

const DIRECTION_TEXT: Record<string, string> = { higher: 'Higher is better', lower: 'Lower is better' };

const COLUMNS: Array<Column<KpiSummary>> = [
  { id: 'name', header: 'Name', sortType: 'string' },
  { id: 'id', header: 'Id', sortType: 'string', cell: ({ row }) => <code>{row.original.id}</code> },
  { id: 'owner', header: 'Owner', sortType: 'string' },
  { id: 'category', header: 'Category', sortType: 'string' },
  {
    id: 'tags',
    header: 'Tags',
    cell: ({ row }) => (row.original.tags?.length ? <TagList tags={row.original.tags} /> : null),
  },
  { id: 'unit', header: 'Unit' },
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

export function KpiTable({ kpis }: { kpis: KpiSummary[] }) {
  return (
    <div data-testid={testIds.catalog.table}>
      <InteractiveTable<KpiSummary> columns={COLUMNS} data={kpis} getRowId={(kpi) => kpi.id} pageSize={50} />
    </div>
  );
}
