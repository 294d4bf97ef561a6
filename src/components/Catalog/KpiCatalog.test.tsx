import React from 'react';
import { fireEvent, render, screen, within } from '@testing-library/react';
import { KpiSummary } from '../../datasource/types';
import { stubLayoutForComboboxes } from '../../datasource/testing/layout';
import { KpiCatalog } from './KpiCatalog';

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

/** Stands in for the DataSource: the catalog only calls listKpis(). */
const stubDatasource = (kpis: KpiSummary[]) => ({ listKpis: jest.fn().mockResolvedValue(kpis) });

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
      'percentunit',
      'Higher is better',
      '0.995',
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
    render(<KpiCatalog datasource={{ listKpis: jest.fn().mockRejectedValue(new Error('catalog: line 3: bad')) }} />);
    expect(await screen.findByText('catalog: line 3: bad')).toBeInTheDocument();
  });
});
