import React from 'react';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { DataSourceApi } from '@grafana/data';
import { DataSourceSrv, setDataSourceSrv } from '@grafana/runtime';
import { KpiSettings } from '../connections';
import { installBackend, makeDataSource } from '../testing/fakes';
import { KpiDataSourceOptions } from '../types';
import { ConfigEditor } from './ConfigEditor';

function makeSettings(jsonData: KpiDataSourceOptions = {}, secure: Partial<KpiSettings> = {}): KpiSettings {
  // Only the fields the editor reads; the rest of DataSourceSettings is Grafana's business.
  return { uid: 'kpi-uid', jsonData, secureJsonFields: {}, ...secure } as KpiSettings;
}

function renderEditor(settings: KpiSettings) {
  const onOptionsChange = jest.fn<void, [KpiSettings]>();
  render(<ConfigEditor options={settings} onOptionsChange={onOptionsChange} />);
  const lastSettings = () => onOptionsChange.mock.calls[onOptionsChange.mock.calls.length - 1][0];
  return { onOptionsChange, lastSettings };
}

const bearerConnection = {
  name: 'prom',
  type: 'prometheus' as const,
  url: 'http://prom:9090',
  auth: 'bearer' as const,
};

describe('ConfigEditor', () => {
  it('adds a connection to jsonData', () => {
    const { lastSettings } = renderEditor(makeSettings());
    fireEvent.click(screen.getByRole('button', { name: 'Add connection' }));
    expect(lastSettings().jsonData.connections).toEqual([
      { name: 'prometheus', type: 'prometheus', url: '', auth: 'none' },
    ]);
  });

  it('edits the URL of a connection', () => {
    const { lastSettings } = renderEditor(makeSettings({ connections: [bearerConnection] }));
    fireEvent.change(screen.getByLabelText(/^URL/), { target: { value: 'https://prom.example' } });
    expect(lastSettings().jsonData.connections?.[0].url).toBe('https://prom.example');
    fireEvent.change(screen.getByLabelText(/^Scrape interval/), { target: { value: '30s' } });
    expect(lastSettings().jsonData.connections?.[0].scrapeInterval).toBe('30s');
  });

  it('puts a typed secret in secureJsonData only, never in jsonData', () => {
    const settings = makeSettings({ connections: [bearerConnection] });
    const { lastSettings } = renderEditor(settings);
    fireEvent.change(screen.getByLabelText(/^Bearer token/), { target: { value: 's3cret' } });

    expect(lastSettings().secureJsonData).toEqual({ 'prom.bearerToken': 's3cret' });
    expect(lastSettings().jsonData).toEqual(settings.jsonData);
    expect(JSON.stringify(lastSettings().jsonData)).not.toContain('s3cret');
  });

  it('shows a saved secret as configured and resets it', () => {
    const settings = makeSettings(
      { connections: [bearerConnection] },
      { secureJsonFields: { 'prom.bearerToken': true } }
    );
    const { lastSettings } = renderEditor(settings);
    expect(screen.getByLabelText(/^Bearer token/)).toHaveValue('configured');

    fireEvent.click(screen.getByRole('button', { name: 'Reset' }));
    expect(lastSettings().secureJsonFields['prom.bearerToken']).toBe(false);
    expect(lastSettings().secureJsonData).toEqual({ 'prom.bearerToken': '' });
  });

  it('clears the secrets of a removed connection', () => {
    const settings = makeSettings(
      { connections: [bearerConnection] },
      { secureJsonFields: { 'prom.bearerToken': true } }
    );
    const { lastSettings } = renderEditor(settings);
    fireEvent.click(screen.getByRole('button', { name: 'Remove Connection prom' }));
    expect(lastSettings().jsonData.connections).toEqual([]);
    expect(lastSettings().secureJsonFields['prom.bearerToken']).toBe(false);
  });

  it('flags duplicate connection names', () => {
    renderEditor(makeSettings({ connections: [bearerConnection, { ...bearerConnection, auth: 'none' }] }));
    expect(screen.getAllByText('Another connection is already named "prom".')).toHaveLength(2);
  });

  it('stores the inline catalog, the file path and the query limit in jsonData', () => {
    const { lastSettings } = renderEditor(makeSettings());
    fireEvent.change(screen.getByLabelText(/^Catalog YAML/), { target: { value: 'kpis: []' } });
    expect(lastSettings().jsonData.catalog).toBe('kpis: []');
    fireEvent.change(screen.getByLabelText(/^Catalog file path/), { target: { value: '/etc/kpis.yaml' } });
    expect(lastSettings().jsonData.catalogPath).toBe('/etc/kpis.yaml');
    fireEvent.change(screen.getByLabelText(/^Max concurrent queries/), { target: { value: '8' } });
    expect(lastSettings().jsonData.maxConcurrentQueries).toBe(8);
    fireEvent.change(screen.getByLabelText(/^File re-check interval/), { target: { value: '' } });
    expect(lastSettings().jsonData.catalogRecheckSeconds).toBeUndefined();
  });

  it('validates the inline catalog with the backend and lists the problems', async () => {
    const datasource = makeDataSource();
    setDataSourceSrv({ get: async () => datasource as DataSourceApi } as unknown as DataSourceSrv);
    const fetch = installBackend(() => ({
      valid: false,
      problems: [{ path: 'kpis[0].target', line: 7, message: 'must be a number' }],
    }));
    renderEditor(makeSettings({ catalog: 'kpis:\n  - id: x\n' }));

    fireEvent.click(screen.getByRole('button', { name: 'Validate' }));

    const problems = await screen.findByRole('list', { name: 'Catalog problems' });
    expect(problems).toHaveTextContent('kpis[0].target (line 7): must be a number');
    expect(fetch).toHaveBeenCalledWith(expect.objectContaining({ method: 'POST', data: 'kpis:\n  - id: x\n' }));
  });

  it('does not offer validation before the data source is saved', async () => {
    renderEditor({ ...makeSettings({ catalog: 'kpis: []' }), uid: '' });
    await waitFor(() => expect(screen.getByRole('button', { name: 'Validate' })).toBeDisabled());
    expect(screen.getByText('Save the data source to validate the catalog.')).toBeInTheDocument();
  });
});
