import React from 'react';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { DataSourceApi } from '@grafana/data';
import { DataSourceSrv, setDataSourceSrv } from '@grafana/runtime';
import { KpiSettings } from '../connections';
import { installBackend, makeDataSource } from '../testing/fakes';
import { KpiDataSourceOptions, MysqlConnection, PostgresConnection, SqliteConnection } from '../types';
import { ConfigEditor } from './ConfigEditor';

function makeSettings(jsonData: KpiDataSourceOptions = {}, secure: Partial<KpiSettings> = {}): KpiSettings {
  // Only the fields the editor reads; the rest of DataSourceSettings is Grafana's business.
  return { uid: 'kpi-uid', jsonData, secureJsonFields: {}, ...secure } as KpiSettings;
}

function renderEditor(settings: KpiSettings) {
  const onOptionsChange = jest.fn<void, [KpiSettings]>();
  const { rerender } = render(<ConfigEditor options={settings} onOptionsChange={onOptionsChange} />);
  const lastSettings = () => onOptionsChange.mock.calls[onOptionsChange.mock.calls.length - 1][0];
  /** Renders the editor again with the settings of its last change, as Grafana does. */
  const update = () => rerender(<ConfigEditor options={lastSettings()} onOptionsChange={onOptionsChange} />);
  return { onOptionsChange, lastSettings, update };
}

/** The labels of the fields shown (radio buttons aside), without descriptions and required marks. */
const fieldLabels = () =>
  Array.from(document.querySelectorAll<HTMLLabelElement>('label[for]'))
    .filter((label) => document.getElementById(label.htmlFor)?.getAttribute('type') !== 'radio')
    .map((label) => (label.querySelector('div')?.textContent ?? label.textContent)?.replace(' *', ''));

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
    expect(lastSettings().jsonData.connections?.[0]).toMatchObject({ url: 'https://prom.example' });
    fireEvent.change(screen.getByLabelText(/^Scrape interval/), { target: { value: '30s' } });
    expect(lastSettings().jsonData.connections?.[0]).toMatchObject({ scrapeInterval: '30s' });
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

  describe('SQL connections', () => {
    const postgres: PostgresConnection = {
      name: 'warehouse',
      type: 'postgres',
      host: 'db.example.com',
      database: 'kpis',
      user: 'reader',
      tlsMode: 'disable',
    };
    const mysql: MysqlConnection = { ...postgres, name: 'shop', type: 'mysql' };
    const sqlite: SqliteConnection = { name: 'local', type: 'sqlite', path: '/var/lib/grafana/kpis.db' };

    it('turns a new connection into a PostgreSQL one with its fields, placeholders and defaults', () => {
      const { lastSettings, update } = renderEditor(makeSettings());
      fireEvent.click(screen.getByRole('button', { name: 'Add connection' }));
      update();
      fireEvent.click(screen.getByLabelText('PostgreSQL'));
      update();

      expect(lastSettings().jsonData.connections).toEqual([
        { name: 'postgres', type: 'postgres', host: '', database: '', user: '', tlsMode: 'disable' },
      ]);
      expect(fieldLabels()).toEqual([
        'Catalog YAML',
        'Catalog file path',
        'File re-check interval (seconds)',
        'Name',
        'Host',
        'Database',
        'User',
        'Password',
        'TLS mode',
        'Timeout (seconds)',
        'Max open connections',
        'Max rows',
        'Max concurrent queries',
      ]);
      expect(screen.queryByLabelText(/^URL/)).not.toBeInTheDocument();
      expect(screen.getByLabelText(/^Host/)).toHaveAttribute('placeholder', 'db.example.com:5432');
      expect(screen.getByText('host[:port]. Without a port: 5432.')).toBeInTheDocument();
      expect(screen.getByLabelText(/^Timeout/)).toHaveAttribute('placeholder', '30');
      expect(screen.getByLabelText(/^Max open connections/)).toHaveAttribute('placeholder', '5');
      expect(screen.getByLabelText(/^Max rows/)).toHaveAttribute('placeholder', '100000');
      expect(screen.getByLabelText('Disable')).toBeChecked();
      // The empty required fields say what they need.
      expect(screen.getByText('A host is required, e.g. db.example.com:5432.')).toBeInTheDocument();
      expect(screen.getByText('A database is required.')).toBeInTheDocument();
      // The backend accepts an empty user (the driver's default), so the editor does too.
      expect(screen.queryByText(/user is required/i)).not.toBeInTheDocument();
    });

    it('writes the server, the database, the user and the limits of a MySQL connection to jsonData', () => {
      const { lastSettings, update } = renderEditor(makeSettings({ connections: [{ ...mysql, host: '' }] }));
      expect(screen.getByLabelText(/^Host/)).toHaveAttribute('placeholder', 'db.example.com:3306');

      fireEvent.change(screen.getByLabelText(/^Host/), { target: { value: ' mariadb:3307 ' } });
      update();
      fireEvent.change(screen.getByLabelText(/^Database/), { target: { value: 'orders' } });
      update();
      fireEvent.change(screen.getByLabelText(/^User/), { target: { value: 'kpi_reader' } });
      update();
      fireEvent.change(screen.getByLabelText(/^Timeout/), { target: { value: '10' } });
      update();
      fireEvent.change(screen.getByLabelText(/^Max open connections/), { target: { value: '3' } });
      update();
      fireEvent.change(screen.getByLabelText(/^Max rows/), { target: { value: '5000' } });

      expect(lastSettings().jsonData.connections).toEqual([
        {
          ...mysql,
          host: 'mariadb:3307',
          database: 'orders',
          user: 'kpi_reader',
          timeoutSeconds: 10,
          maxOpenConns: 3,
          maxRows: 5000,
        },
      ]);
    });

    it('explains a host that cannot be used', () => {
      renderEditor(makeSettings({ connections: [{ ...postgres, host: 'postgres://db:5432/kpis' }] }));
      expect(screen.getByText(/Give host\[:port\] only, e\.g\. db\.example\.com:5432/)).toBeInTheDocument();
    });

    it('puts the password in secureJsonData only, keyed by the connection name', () => {
      const settings = makeSettings({ connections: [postgres] });
      const { lastSettings } = renderEditor(settings);
      fireEvent.change(screen.getByLabelText(/^Password/), { target: { value: 'pg-s3cret' } });

      expect(lastSettings().secureJsonData).toEqual({ 'warehouse.password': 'pg-s3cret' });
      expect(lastSettings().jsonData).toEqual(settings.jsonData);
      expect(JSON.stringify(lastSettings().jsonData)).not.toContain('pg-s3cret');
    });

    it('shows a saved password as configured and resets it', () => {
      const settings = makeSettings({ connections: [postgres] }, { secureJsonFields: { 'warehouse.password': true } });
      const { lastSettings } = renderEditor(settings);
      expect(screen.getByLabelText(/^Password/)).toHaveValue('configured');

      fireEvent.click(screen.getByRole('button', { name: 'Reset' }));
      expect(lastSettings().secureJsonFields['warehouse.password']).toBe(false);
      expect(lastSettings().secureJsonData).toEqual({ 'warehouse.password': '' });
    });

    it('keeps the TLS fields hidden until TLS is enabled, and sends the TLS material to secureJsonData', () => {
      const { lastSettings, update } = renderEditor(makeSettings({ connections: [postgres] }));
      expect(screen.queryByLabelText(/^CA certificate/)).not.toBeInTheDocument();
      expect(screen.queryByLabelText(/^TLS server name/)).not.toBeInTheDocument();
      expect(screen.getByText('No TLS: the connection is not encrypted.')).toBeInTheDocument();

      fireEvent.click(screen.getByLabelText('Verify full'));
      expect(lastSettings().jsonData.connections?.[0]).toMatchObject({ tlsMode: 'verify-full' });
      update();

      expect(
        screen.getByText('TLS; the server certificate must be signed by the CA and name the host.')
      ).toBeInTheDocument();
      fireEvent.change(screen.getByLabelText(/^TLS server name/), { target: { value: 'pg.internal' } });
      expect(lastSettings().jsonData.connections?.[0]).toMatchObject({ tlsServerName: 'pg.internal' });
      update();
      fireEvent.change(screen.getByLabelText(/^CA certificate/), { target: { value: '-----BEGIN CERTIFICATE-----' } });
      update();
      fireEvent.change(screen.getByLabelText(/^Client certificate/), { target: { value: 'client-cert' } });
      update();
      fireEvent.change(screen.getByLabelText(/^Client key/), { target: { value: 'client-key' } });

      expect(lastSettings().secureJsonData).toEqual({
        'warehouse.tlsCACert': '-----BEGIN CERTIFICATE-----',
        'warehouse.tlsClientCert': 'client-cert',
        'warehouse.tlsClientKey': 'client-key',
      });
      expect(JSON.stringify(lastSettings().jsonData)).not.toMatch(/BEGIN|client-key|client-cert/);
    });

    it('explains the TLS modes in MySQL terms for a MySQL connection', async () => {
      renderEditor(makeSettings({ connections: [mysql] }));
      fireEvent.focus(screen.getByLabelText('About TLS mode'));
      expect(await screen.findByText(/For MySQL and MariaDB the same words mean/)).toBeInTheDocument();
    });

    it('explains read-only sessions, the timeout, the pool and the row limit in tooltips', async () => {
      renderEditor(makeSettings({ connections: [postgres] }));
      const tooltips: Array<[string, RegExp]> = [
        ['About User', /read-only session/],
        ['About Timeout (seconds)', /Statement timeout: .* deadline/],
        ['About Max open connections', /Pool limit/],
        ['About Max rows', /Row limit per statement/],
      ];
      for (const [icon, text] of tooltips) {
        fireEvent.focus(screen.getByLabelText(icon));
        expect(await screen.findByText(text)).toBeInTheDocument();
        fireEvent.blur(screen.getByLabelText(icon));
      }
    });

    it('shows only the path and the limits for SQLite, and wants the path absolute', async () => {
      const { lastSettings, update } = renderEditor(makeSettings({ connections: [sqlite] }));
      expect(fieldLabels()).toEqual([
        'Catalog YAML',
        'Catalog file path',
        'File re-check interval (seconds)',
        'Name',
        'Path',
        'Timeout (seconds)',
        'Max open connections',
        'Max rows',
        'Max concurrent queries',
      ]);
      expect(screen.queryByLabelText(/^Password/)).not.toBeInTheDocument();
      expect(screen.queryByText(/A SQLite path/)).not.toBeInTheDocument();
      fireEvent.focus(screen.getByLabelText('About Path'));
      expect(await screen.findByText(/Opened read-only/)).toBeInTheDocument();

      fireEvent.change(screen.getByLabelText(/^Path/), { target: { value: 'data/kpis.db' } });
      expect(lastSettings().jsonData.connections).toEqual([{ ...sqlite, path: 'data/kpis.db' }]);
      update();
      expect(screen.getByText(/^A SQLite path must be absolute/)).toBeInTheDocument();
    });

    it('offers every type and clears the secrets the new type has no use for', () => {
      const settings = makeSettings(
        { connections: [bearerConnection] },
        { secureJsonFields: { 'prom.bearerToken': true, 'prom.tlsCACert': true } }
      );
      const { lastSettings } = renderEditor(settings);
      const types = within(screen.getByRole('radiogroup', { name: 'Type of Connection prom' }));
      expect(types.getAllByRole('radio').map((radio) => radio.closest('div')?.textContent?.trim())).toEqual([
        'Prometheus',
        'PostgreSQL',
        'MySQL',
        'SQLite',
      ]);

      fireEvent.click(types.getByLabelText('MySQL'));
      expect(lastSettings().jsonData.connections).toEqual([
        { name: 'prom', type: 'mysql', host: '', database: '', user: '', tlsMode: 'disable' },
      ]);
      expect(lastSettings().secureJsonFields).toEqual({ 'prom.bearerToken': false, 'prom.tlsCACert': true });
    });
  });
});
