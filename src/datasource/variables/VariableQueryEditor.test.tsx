import React from 'react';
import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { stubLayoutForComboboxes } from '../testing/layout';
import { installBackend, makeDataSource } from '../testing/fakes';
import { KpiSummary } from '../types';
import { KpiVariableQuery } from './model';
import { installGrafanaTemplateSrv } from './testing';
import { VariableQueryEditor, VariableQueryEditorProps } from './VariableQueryEditor';

const KPIS: KpiSummary[] = [
  { id: 'checkout_success_rate', name: 'Checkout success rate', dimensions: ['region', 'psp'] },
  { id: 'api_availability', name: 'API availability', dimensions: ['region', 'instance'] },
];

/** Renders the editor the way Grafana does: each change becomes the saved query. */
async function renderEditor(initial: KpiVariableQuery | string) {
  const onChange = jest.fn<void, [KpiVariableQuery]>();
  const datasource = makeDataSource();
  function Host() {
    const [query, setQuery] = React.useState<KpiVariableQuery | string>(initial);
    // Old dashboards saved the query as text, where the props expect a KpiVariableQuery.
    const props = {
      datasource,
      query,
      onRunQuery: jest.fn(),
      onChange: (next: KpiVariableQuery) => {
        onChange(next);
        setQuery(next);
      },
    } as unknown as VariableQueryEditorProps;
    return <VariableQueryEditor {...props} />;
  }
  render(<Host />);
  await act(async () => {});
  const lastQuery = () => onChange.mock.calls[onChange.mock.calls.length - 1][0];
  return { onChange, lastQuery };
}

const findOption = (text: RegExp) =>
  waitFor(() => {
    const option = screen.getAllByRole('option').find((candidate) => text.test(candidate.textContent ?? ''));
    if (!option) {
      throw new Error(`No option matches ${text}`);
    }
    return option;
  });

describe('VariableQueryEditor', () => {
  beforeAll(() => {
    stubLayoutForComboboxes();
  });

  beforeEach(() => {
    installGrafanaTemplateSrv([{ name: 'region', options: ['eu', 'us'], current: 'eu' }]);
    installBackend(() => ({ kpis: KPIS }));
  });

  it('saves KPI criteria on blur, with the text form for Grafana’s variable list', async () => {
    const { lastQuery } = await renderEditor({ refId: 'A', kind: 'kpis' });

    const tag = screen.getByLabelText('Tag');
    fireEvent.change(tag, { target: { value: 'checkout' } });
    fireEvent.blur(tag);

    expect(lastQuery()).toEqual({ refId: 'A', kind: 'kpis', tag: 'checkout', query: 'kpis(tag=checkout)' });
  });

  it('switches to dimension values and sets the KPI chosen from the catalog', async () => {
    const { lastQuery } = await renderEditor({ refId: 'A', kind: 'kpis', tag: 'checkout' });

    fireEvent.click(screen.getByLabelText('Dimension values'));
    expect(lastQuery()).toEqual({ refId: 'A', kind: 'dimensionValues', query: 'dimension_values()' });

    fireEvent.click(screen.getByRole('combobox', { name: /kpi/i }));
    fireEvent.click(await findOption(/^API availability/));
    expect(lastQuery()).toMatchObject({ kind: 'dimensionValues', kpi: 'api_availability' });
    expect(lastQuery().query).toBe('dimension_values(api_availability)');
  });

  it('offers the KPIs of the catalog and the dimensions of the chosen KPI', async () => {
    const { lastQuery } = await renderEditor({ refId: 'A', kind: 'dimensionValues', kpi: 'api_availability' });

    fireEvent.click(screen.getByRole('combobox', { name: /dimension/i }));
    fireEvent.click(await findOption(/^instance/));
    expect(lastQuery()).toMatchObject({ kind: 'dimensionValues', kpi: 'api_availability', dimension: 'instance' });
    expect(lastQuery().query).toBe('dimension_values(api_availability, instance)');
  });

  it('adds a filter as dimension=value, a variable included', async () => {
    const { lastQuery } = await renderEditor({
      refId: 'A',
      kind: 'dimensionValues',
      kpi: 'checkout_success_rate',
      dimension: 'psp',
    });

    const filters = screen.getByPlaceholderText('dimension=value (Enter to add)');
    fireEvent.change(filters, { target: { value: 'region=$region' } });
    fireEvent.keyDown(filters, { key: 'Enter' });

    expect(lastQuery()).toMatchObject({ filters: { region: ['$region'] } });
    expect(lastQuery().query).toBe('dimension_values(checkout_success_rate, psp, region=$region)');
  });

  it('reads the text form of an old dashboard', async () => {
    await renderEditor('dimensions(checkout_success_rate)');

    expect(screen.getByLabelText('Dimensions')).toBeChecked();
    expect(screen.getByRole('combobox', { name: /kpi/i })).toHaveValue('Checkout success rate');
  });

  it('says when the saved text cannot be read', async () => {
    await renderEditor('up{job="api"}');

    expect(screen.getByText(/could not be read/)).toBeInTheDocument();
    expect(screen.getByText(/Unsupported variable query/)).toBeInTheDocument();
  });
});
