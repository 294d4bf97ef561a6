import React from 'react';
import { act, fireEvent, render, screen } from '@testing-library/react';
import { CoreApp } from '@grafana/data';
import { stubLayoutForComboboxes } from '../testing/layout';
import { installBackend, installTemplateSrv, makeDataSource } from '../testing/fakes';
import { KpiQuery, KpiSummary } from '../types';
import { KpiQueryEditorProps, QueryEditor } from './QueryEditor';

const KPIS: KpiSummary[] = [
  { id: 'checkout_success_rate', name: 'Checkout success rate', dimensions: ['region'] },
  { id: 'signup_rate', name: 'Signup rate' },
];

async function renderEditor(query: KpiQuery) {
  const onChange = jest.fn<void, [KpiQuery]>();
  const onRunQuery = jest.fn();
  const props = { datasource: makeDataSource(), query, onChange, onRunQuery, app: CoreApp.Explore };
  render(<QueryEditor {...(props as KpiQueryEditorProps)} />);
  // Let the KPI list load.
  await act(async () => {});
  const lastQuery = () => onChange.mock.calls[onChange.mock.calls.length - 1][0];
  return { onChange, onRunQuery, lastQuery };
}

describe('QueryEditor', () => {
  beforeAll(() => {
    stubLayoutForComboboxes();
  });

  beforeEach(() => {
    installTemplateSrv();
    installBackend(() => ({ kpis: KPIS }));
  });

  it('adds a chosen measure to the query and runs it', async () => {
    const { lastQuery, onRunQuery } = await renderEditor({
      refId: 'A',
      kpi: 'checkout_success_rate',
      measures: ['value'],
    });

    fireEvent.click(screen.getByRole('combobox', { name: /measures/i }));
    fireEvent.click(await screen.findByRole('option', { name: /attainment/i }));

    expect(lastQuery().measures).toEqual(['value', 'attainment']);
    expect(onRunQuery).toHaveBeenCalled();
  });

  it('removes a measure with its checkbox and sends none for "all measures"', async () => {
    const { lastQuery } = await renderEditor({ refId: 'A', kpi: 'checkout_success_rate', measures: ['value'] });

    fireEvent.click(screen.getByRole('combobox', { name: /measures/i }));
    fireEvent.click(await screen.findByRole('option', { name: /^value/i }));

    expect(lastQuery().measures).toBeUndefined();
  });

  it('sets the KPI chosen from the catalog', async () => {
    const { lastQuery } = await renderEditor({ refId: 'A' });

    fireEvent.click(screen.getByRole('combobox', { name: /kpi/i }));
    fireEvent.click(await screen.findByRole('option', { name: /signup rate/i }));

    expect(lastQuery().kpi).toBe('signup_rate');
  });

  it('switches from one KPI to a selector of the whole catalog', async () => {
    const { lastQuery } = await renderEditor({ refId: 'A', kpi: 'signup_rate', measures: ['value'] });

    fireEvent.click(screen.getByLabelText('KPI selector'));

    expect(lastQuery()).toEqual({ refId: 'A', selector: {}, measures: ['value'] });
  });

  it('adds a value to a filter row', async () => {
    const { lastQuery } = await renderEditor({ refId: 'A', kpi: 'checkout_success_rate', filters: { region: ['eu'] } });

    const valueInput = screen.getByPlaceholderText('Value (Enter to add)');
    fireEvent.change(valueInput, { target: { value: 'us' } });
    fireEvent.keyDown(valueInput, { key: 'Enter' });

    expect(lastQuery().filters).toEqual({ region: ['eu', 'us'] });
  });

  it('previews the generated PromQL of the chosen KPI', async () => {
    installBackend((request) =>
      request.url?.endsWith('/kpis')
        ? { kpis: KPIS }
        : { kpi: KPIS[0], promql: { series: 'sum(rate(checkout_ok[5m]))', value: 'sum(increase(checkout_ok[1h]))' } }
    );
    await renderEditor({ refId: 'A', kpi: 'checkout_success_rate' });

    fireEvent.click(screen.getByRole('button', { name: /generated promql/i }));

    expect(await screen.findByRole('figure', { name: 'Series' })).toHaveTextContent('sum(rate(checkout_ok[5m]))');
    expect(screen.getByRole('figure', { name: 'Value' })).toHaveTextContent('sum(increase(checkout_ok[1h]))');
  });
});
