import React from 'react';
import { fireEvent, render, screen, within } from '@testing-library/react';
import { KpiSummary } from '../../datasource/types';
import { stubLayoutForComboboxes } from '../../datasource/testing/layout';
import { KpiCatalog } from './KpiCatalog';
import { KpiDetail } from './kpiDetail';

const KPIS: KpiSummary[] = [
  {
    id: 'checkout_success_rate',
    name: 'Checkout success rate',
    owner: 'team-payments',
    category: 'commerce',
    unit: 'percentunit',
    direction: 'higher',
    target: { value: 0.995 },
    version: '3',
    tags: ['checkout'],
    slos: [
      {
        name: '99.5-28d',
        objective: 0.995,
        window: { rolling: '28d' },
        budgeting: { method: 'occurrences' },
        alerting: { pairs: [{ severity: 'critical', long: '1h', short: '5m', factor: 13.44 }] },
      },
      {
        name: 'monthly',
        objective: 0.99,
        window: { calendar: 'month' },
        budgeting: { method: 'timeslices', slice: '5m', sliceTarget: 0.95 },
        alerting: { pairs: [], minEvents: 200 },
      },
    ],
  },
  {
    id: 'p95_latency',
    name: 'API latency p95',
    owner: 'team-platform',
    category: 'reliability',
    unit: 's',
    direction: 'lower',
    target: { value: 0.3 },
    version: '1',
    tags: ['api'],
  },
];

const CHECKOUT_DETAIL: KpiDetail = {
  kpi: {
    ...KPIS[0],
    description: 'Share of checkout requests answered without a server error.',
    decimals: 2,
    thresholds: { warning: 0.99, critical: 0.98 },
    comparison: { type: 'offset', offset: '7d' },
    dimensions: ['region'],
    source: 'prom',
    aggregation: 'ratio',
    query: { ratio: { bad: 'http_requests_total{code=~"5.."}', total: 'http_requests_total' } },
  },
  language: 'promql',
  queries: { series: 'series_promql', value: 'value_promql', previous: 'previous_promql' },
};

/** Stands in for the data source's catalog API: listKpis() and getKpi(). */
const stubDatasource = (kpis: KpiSummary[], detail: KpiDetail = CHECKOUT_DETAIL) => ({
  listKpis: jest.fn().mockResolvedValue(kpis),
  getKpi: jest.fn().mockResolvedValue(detail),
});

const rowNames = () =>
  screen
    .getAllByRole('row')
    .slice(1)
    .map((row) => within(row).getAllByRole('cell')[0].textContent);

describe('KpiCatalog', () => {
  beforeAll(stubLayoutForComboboxes);

  it('lists every KPI with its metadata', async () => {
    const datasource = stubDatasource(KPIS);
    render(<KpiCatalog datasource={datasource} />);

    const table = await screen.findByRole('table');
    expect(datasource.listKpis).toHaveBeenCalledTimes(1);
    const headers = within(table)
      .getAllByRole('columnheader')
      .map((header) => header.textContent);
    expect(headers).toEqual([
      'Name',
      'Id',
      'Owner',
      'Category',
      'Tags',
      'Unit',
      'Direction',
      'Target',
      'SLOs',
      'Version',
    ]);

    const checkoutRow = within(table).getByText('Checkout success rate').closest('tr') as HTMLElement;
    const cells = within(checkoutRow)
      .getAllByRole('cell')
      .map((cell) => cell.textContent);
    expect(cells).toEqual([
      'Checkout success rate',
      'checkout_success_rate',
      'team-payments',
      'commerce',
      'checkout',
      'Percent (0.0-1.0)',
      'Higher is better',
      '99.5%',
      expect.stringContaining('99.5-28d'),
      '3',
    ]);
    expect(screen.getByText('2 of 2 KPIs')).toBeInTheDocument();
  });

  it("lists each KPI's SLOs with objective, window and budgeting method", async () => {
    render(<KpiCatalog datasource={stubDatasource(KPIS)} />);
    const table = await screen.findByRole('table');

    const checkoutRow = within(table).getByText('Checkout success rate').closest('tr') as HTMLElement;
    const sloList = within(checkoutRow).getByRole('list', { name: 'SLOs of Checkout success rate' });
    const slos = within(sloList).getAllByRole('listitem');
    expect(slos).toHaveLength(2);
    expect(within(slos[0]).getByText('99.5-28d')).toBeInTheDocument();
    expect(slos[0]).toHaveTextContent('99.5% · rolling 28d · occurrences');
    expect(within(slos[1]).getByText('monthly')).toBeInTheDocument();
    expect(slos[1]).toHaveTextContent('99% · calendar month · timeslices (5m slices good at 95%)');

    const latencyRow = within(table).getByText('API latency p95').closest('tr') as HTMLElement;
    expect(within(latencyRow).queryByRole('list', { name: /^SLOs of/ })).not.toBeInTheDocument();
    expect(within(latencyRow).getAllByRole('cell')[8]).toHaveTextContent('–');
  });

  it('narrows the list by text search', async () => {
    render(<KpiCatalog datasource={stubDatasource(KPIS)} />);
    await screen.findByRole('table');

    fireEvent.change(screen.getByPlaceholderText('Name, id, description…'), { target: { value: 'LATENCY' } });

    expect(rowNames()).toEqual(['API latency p95']);
    expect(screen.getByText('1 of 2 KPIs')).toBeInTheDocument();
  });

  it('narrows the list by owner', async () => {
    render(<KpiCatalog datasource={stubDatasource(KPIS)} />);
    await screen.findByRole('table');

    fireEvent.click(screen.getByRole('combobox', { name: 'Owner' }));
    fireEvent.click(await screen.findByRole('option', { name: 'team-payments' }));

    expect(rowNames()).toEqual(['Checkout success rate']);
  });

  it('says so when the catalog cannot be loaded', async () => {
    const datasource = {
      ...stubDatasource([]),
      listKpis: jest.fn().mockRejectedValue(new Error('catalog: line 3: bad')),
    };
    render(<KpiCatalog datasource={datasource} />);
    expect(await screen.findByText('catalog: line 3: bad')).toBeInTheDocument();
  });

  it("shows the selected KPI's definition and generated PromQL, with its unit and target formatted", async () => {
    const datasource = stubDatasource(KPIS);
    render(<KpiCatalog datasource={datasource} selectedKpi="checkout_success_rate" onSelectKpi={jest.fn()} />);

    const details = await screen.findByRole('region', { name: 'Checkout success rate' });
    expect(datasource.getKpi).toHaveBeenCalledWith('checkout_success_rate');
    expect(
      await within(details).findByText('Share of checkout requests answered without a server error.')
    ).toBeInTheDocument();
    const facts = within(details).getByLabelText('About Checkout success rate');
    const fact = (label: string) => facts.querySelector(`[data-fact="${label}"] dd`)?.textContent;
    expect(fact('Target')).toBe('99.50%');
    expect(fact('Thresholds')).toBe('warning 99.00%, critical 98.00%');
    expect(fact('Unit')).toBe('Percent (0.0-1.0) (percentunit)');
    expect(fact('Compared with')).toBe('the same range 7d earlier');
    expect(fact('Dimensions')).toBe('region');

    const definition = within(details).getByLabelText('Definition of Checkout success rate');
    expect(definition.textContent).toBe(
      'ratio:\n  bad: http_requests_total{code=~"5.."}\n  total: http_requests_total'
    );

    const queries = within(details).getByRole('region', { name: 'Generated PromQL' });
    expect(within(queries).getByRole('figure', { name: 'Series (PromQL)' })).toHaveTextContent('series_promql');
    expect(within(queries).getByRole('figure', { name: 'Value (PromQL)' })).toHaveTextContent('value_promql');
    expect(within(queries).getByRole('figure', { name: 'Previous period (PromQL)' })).toHaveTextContent(
      'previous_promql'
    );
    expect(within(details).getByRole('list', { name: 'SLOs of Checkout success rate' })).toBeInTheDocument();
  });

  it('labels generated SQL by its language', async () => {
    const detail: KpiDetail = {
      kpi: { id: 'orders_sql', name: 'Orders (SQL)', query: { sql: { table: 'orders', timeColumn: 'created_at' } } },
      language: 'sql',
      queries: { series: 'SELECT count(*) FROM orders WHERE created_at >= $1' },
      parameters: { series: ['2026-11-16T00:00:00Z'] },
    };
    render(<KpiCatalog datasource={stubDatasource(KPIS, detail)} selectedKpi="orders_sql" />);

    const queries = await screen.findByRole('region', { name: 'Generated SQL' });
    const series = within(queries).getByRole('figure', { name: 'Series (SQL)' });
    expect(series).toHaveTextContent('SELECT count(*) FROM orders WHERE created_at >= $1');
    expect(within(series).getByRole('list', { name: 'Bound parameters' })).toHaveTextContent('2026-11-16T00:00:00Z');
    expect(within(queries).queryByRole('figure', { name: /^Value/ })).not.toBeInTheDocument();
    expect(screen.getByLabelText('Definition of Orders (SQL)').textContent).toBe(
      'sql:\n  table: orders\n  timeColumn: created_at'
    );
  });

  it('selects a KPI from the table and highlights its row', async () => {
    const onSelectKpi = jest.fn();
    const { rerender } = render(<KpiCatalog datasource={stubDatasource(KPIS)} onSelectKpi={onSelectKpi} />);
    await screen.findByRole('table');
    expect(screen.queryByRole('region', { name: 'Checkout success rate' })).not.toBeInTheDocument();

    fireEvent.click(screen.getByRole('button', { name: 'API latency p95' }));
    expect(onSelectKpi).toHaveBeenCalledWith('p95_latency');

    const datasource = stubDatasource(KPIS);
    rerender(<KpiCatalog datasource={datasource} selectedKpi="checkout_success_rate" onSelectKpi={onSelectKpi} />);
    await screen.findByRole('table');
    expect(screen.getByRole('button', { name: 'Checkout success rate' })).toHaveAttribute('aria-current', 'true');
    expect(screen.getByRole('button', { name: 'API latency p95' })).not.toHaveAttribute('aria-current');

    fireEvent.click(
      within(await screen.findByRole('region', { name: 'Checkout success rate' })).getByRole('button', {
        name: 'Close the KPI details',
      })
    );
    expect(onSelectKpi).toHaveBeenLastCalledWith(undefined);
  });

  it('says so when the selected KPI cannot be loaded', async () => {
    const datasource = {
      ...stubDatasource(KPIS),
      getKpi: jest.fn().mockRejectedValue(new Error('unknown KPI "nope"')),
    };
    render(<KpiCatalog datasource={datasource} selectedKpi="nope" />);
    const details = await screen.findByRole('region', { name: 'nope' });
    expect(await within(details).findByText('unknown KPI "nope"')).toBeInTheDocument();
    expect(within(details).getByText('Cannot load the KPI nope')).toBeInTheDocument();
  });
});
