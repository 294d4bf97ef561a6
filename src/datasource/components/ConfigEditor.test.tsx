import React from 'react';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { config, DataSourceSrv, setDataSourceSrv } from '@grafana/runtime';
import { KpiSettings } from '../connections';
import { installBackend } from '../testing/fakes';
import {
  KpiDataSourceOptions,
  MysqlConnection,
  PostgresConnection,
  PrometheusConnection,
  SqliteConnection,
} from '../types';
import { ConfigEditor } from './ConfigEditor';

// Monaco does not load in jsdom: only the code editor is replaced (by a textarea with its props).
jest.mock('@grafana/ui', () => ({
  ...jest.requireActual('@grafana/ui'),
  CodeEditor: jest.requireActual('../testing/codeEditor').FakeCodeEditor,
}));

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

/** The labels of the fields shown (radio buttons and switches' own empty labels aside), without descriptions and required marks. */
const fieldLabels = () =>
  Array.from(document.querySelectorAll<HTMLLabelElement>('label[for]'))
    .filter((label) => document.getElementById(label.htmlFor)?.getAttribute('type') !== 'radio')
    .map((label) => (label.querySelector('div')?.textContent ?? label.textContent)?.replace(' *', ''))
    .filter((text) => text !== '');

/** Ids of new connections: random, of the characters the backend accepts. */
const ID = expect.stringMatching(/^[a-z0-9]{10}$/);

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
      { id: ID, name: 'prometheus', type: 'prometheus', url: '', auth: 'none' },
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
    // No data source instance is looked up: Grafana's comes from another bundle, with another DataSource class.
    setDataSourceSrv({ get: () => Promise.reject(new Error('not used')) } as unknown as DataSourceSrv);
    const fetch = installBackend(() => ({
      valid: false,
      problems: [{ path: 'kpis[0].target', line: 7, message: 'must be a number' }],
    }));
    renderEditor(makeSettings({ catalog: 'kpis:\n  - id: x\n' }));

    fireEvent.click(screen.getByRole('button', { name: 'Validate' }));

    const problems = await screen.findByRole('list', { name: 'Catalog problems' });
    expect(problems).toHaveTextContent('kpis[0].target (line 7): must be a number');
    expect(fetch).toHaveBeenCalledWith(
      expect.objectContaining({
        method: 'POST',
        url: '/api/datasources/uid/kpi-uid/resources/validate',
        data: 'kpis:\n  - id: x\n',
        headers: expect.objectContaining({ 'Content-Type': 'application/yaml' }),
      })
    );
  });

  describe('the catalog editor', () => {
    it('is a YAML code editor whose changes keep the other settings, however stale its handler', () => {
      const { lastSettings, update } = renderEditor(makeSettings({ catalog: 'apiVersion: northstar.kpi/v1\n' }));
      expect(screen.getByLabelText('Catalog YAML')).toHaveAttribute('data-language', 'yaml');

      fireEvent.change(screen.getByLabelText(/^Catalog file path/), { target: { value: '/etc/kpis.yaml' } });
      update();
      // The code editor calls the handler it was mounted with, from before the path was set.
      fireEvent.change(screen.getByLabelText('Catalog YAML'), {
        target: { value: 'apiVersion: northstar.kpi/v1\nkpis: []\n' },
      });

      expect(lastSettings().jsonData).toEqual({
        catalog: 'apiVersion: northstar.kpi/v1\nkpis: []\n',
        catalogPath: '/etc/kpis.yaml',
      });
    });

    it('links the catalog reference', () => {
      renderEditor(makeSettings({ catalog: 'kpis: []' }));
      expect(screen.getByRole('link', { name: /docs\/catalog\.md/ })).toHaveAttribute(
        'href',
        'https://github.com/northstar/kpi/blob/main/docs/catalog.md'
      );
    });

    it('offers a starter catalog for the first connection when the catalog is empty', () => {
      const { lastSettings, update } = renderEditor(
        makeSettings({ connections: [{ ...bearerConnection, name: 'mimir' }] })
      );

      fireEvent.click(screen.getByRole('button', { name: 'Insert the starter catalog' }));

      const catalog = lastSettings().jsonData.catalog ?? '';
      expect(catalog).toContain('apiVersion: northstar.kpi/v1');
      expect(catalog).toContain('source: mimir');
      expect(catalog).toContain('ratio:');
      expect(catalog).toContain('slo:');
      expect(catalog).toContain('docs/catalog.md');
      update();
      expect(screen.queryByRole('button', { name: 'Insert the starter catalog' })).not.toBeInTheDocument();
      expect(screen.getByLabelText('Catalog YAML')).toHaveValue(catalog);
    });

    it('writes the starter catalog in SQL for a SQL connection', () => {
      const sqlite: SqliteConnection = { name: 'shop', type: 'sqlite', path: '/var/lib/shop.db' };
      const { lastSettings } = renderEditor(makeSettings({ connections: [sqlite] }));

      fireEvent.click(screen.getByRole('button', { name: 'Insert the starter catalog' }));

      expect(lastSettings().jsonData.catalog).toContain('source: shop');
      expect(lastSettings().jsonData.catalog).toContain('sql:');
    });
  });

  describe('validating the catalog file', () => {
    it('asks the backend to validate the file it reads and lists the problems with their lines', async () => {
      const fetch = installBackend(() => ({
        valid: false,
        source: 'file',
        path: '/etc/kpis.yaml',
        problems: [{ path: 'kpis[2].source', line: 31, message: '"warehouse" is not a connection of this datasource' }],
      }));
      renderEditor(makeSettings({ catalogPath: '/etc/kpis.yaml' }));
      expect(screen.getByRole('button', { name: 'Validate' })).toBeDisabled();

      fireEvent.click(screen.getByRole('button', { name: 'Validate the file' }));

      const problems = await screen.findByRole('list', { name: 'Catalog file problems' });
      expect(problems).toHaveTextContent(
        'kpis[2].source (line 31): "warehouse" is not a connection of this datasource'
      );
      expect(screen.getByText('The catalog file /etc/kpis.yaml has 1 problem(s)')).toBeInTheDocument();
      expect(fetch).toHaveBeenCalledWith(
        expect.objectContaining({ method: 'GET', url: '/api/datasources/uid/kpi-uid/resources/validate/file' })
      );
    });

    it('says when the file checked is the saved one, not the path being edited', async () => {
      installBackend(() => ({ valid: true, source: 'file', path: '/etc/old.yaml', problems: [] }));
      renderEditor(makeSettings({ catalogPath: '/etc/new.yaml' }));

      fireEvent.click(screen.getByRole('button', { name: 'Validate the file' }));

      expect(await screen.findByText('The catalog file /etc/old.yaml is valid')).toBeInTheDocument();
      expect(
        screen.getByText(/The data source reads \/etc\/old\.yaml\. Save the data source to check \/etc\/new\.yaml/)
      ).toBeInTheDocument();
    });

    it("shows the backend's reason when it cannot validate", async () => {
      installBackend(() => {
        throw Object.assign(new Error('Bad Request'), {
          status: 400,
          data: { error: 'no catalog file is configured: set the catalog file path and save the data source' },
        });
      });
      renderEditor(makeSettings({ catalogPath: '/etc/kpis.yaml' }));

      fireEvent.click(screen.getByRole('button', { name: 'Validate the file' }));

      expect(await screen.findByText(/no catalog file is configured/)).toBeInTheDocument();
    });

    it('needs a file path', () => {
      renderEditor(makeSettings({ catalog: 'kpis: []' }));
      expect(screen.getByRole('button', { name: 'Validate the file' })).toBeDisabled();
    });
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
        { id: ID, name: 'postgres', type: 'postgres', host: '', database: '', user: '', tlsMode: 'disable' },
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
          id: 'shop',
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
      expect(lastSettings().jsonData.connections).toEqual([{ ...sqlite, id: 'local', path: 'data/kpis.db' }]);
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
        { id: 'prom', name: 'prom', type: 'mysql', host: '', database: '', user: '', tlsMode: 'disable' },
      ]);
      expect(lastSettings().secureJsonFields).toEqual({ 'prom.bearerToken': false, 'prom.tlsCACert': true });
    });
  });

  describe('Prometheus connections', () => {
    const mimir: PrometheusConnection = {
      id: 'k3f9x2m1q7',
      name: 'mimir',
      type: 'prometheus',
      url: 'http://mimir:8080/prometheus',
      auth: 'bearer',
    };
    const secretFields = { 'k3f9x2m1q7.bearerToken': true };

    afterEach(() => {
      config.secureSocksDSProxyEnabled = false;
    });

    it('shows the TLS switches only, until one is on', () => {
      renderEditor(makeSettings({ connections: [mimir] }));
      expect(fieldLabels()).toEqual([
        'Catalog YAML',
        'Catalog file path',
        'File re-check interval (seconds)',
        'Name',
        'URL',
        'Scrape interval',
        'Timeout (seconds)',
        'Cache (seconds)',
        'Bearer token',
        'Skip TLS certificate verification',
        'With CA certificate',
        'TLS client authentication',
        'Max concurrent queries',
      ]);
    });

    it('opens the CA certificate and the client certificate with their switches, secrets to secureJsonData', () => {
      const { lastSettings, update } = renderEditor(makeSettings({ connections: [mimir] }));
      fireEvent.click(screen.getByLabelText(/^With CA certificate/));
      expect(lastSettings().jsonData.connections?.[0]).toMatchObject({ tlsAuthWithCACert: true });
      update();
      fireEvent.change(screen.getByLabelText(/^CA certificate/), { target: { value: '-----BEGIN CERTIFICATE-----' } });
      update();
      expect(screen.queryByLabelText(/^Client key/)).not.toBeInTheDocument();
      fireEvent.click(screen.getByLabelText(/^TLS client authentication/));
      expect(lastSettings().jsonData.connections?.[0]).toMatchObject({ tlsAuth: true });
      update();
      fireEvent.change(screen.getByLabelText(/^Client certificate/), { target: { value: 'client-cert' } });
      update();
      fireEvent.change(screen.getByLabelText(/^Client key/), { target: { value: 'client-key' } });

      expect(lastSettings().secureJsonData).toEqual({
        'k3f9x2m1q7.tlsCACert': '-----BEGIN CERTIFICATE-----',
        'k3f9x2m1q7.tlsClientCert': 'client-cert',
        'k3f9x2m1q7.tlsClientKey': 'client-key',
      });
      expect(JSON.stringify(lastSettings().jsonData)).not.toMatch(/BEGIN|client-key|client-cert/);
    });

    it('shows the saved CA of a connection from before the switches, and switches it off', () => {
      const legacy = { ...mimir, id: undefined, name: 'prom' };
      const { lastSettings, update } = renderEditor(
        makeSettings({ connections: [legacy] }, { secureJsonFields: { 'prom.tlsCACert': true } })
      );
      expect(screen.getByLabelText(/^With CA certificate/)).toBeChecked();
      expect(screen.getByLabelText(/^CA certificate/)).toHaveValue('configured');

      fireEvent.click(screen.getByLabelText(/^With CA certificate/));
      expect(lastSettings().jsonData.connections?.[0]).toMatchObject({ id: 'prom', tlsAuthWithCACert: false });
      // Off, the saved certificate is kept but not used.
      expect(lastSettings().secureJsonFields).toEqual({ 'prom.tlsCACert': true });
      update();
      expect(screen.queryByLabelText(/^CA certificate/)).not.toBeInTheDocument();
    });

    it('keeps the secrets of a renamed connection', () => {
      const { lastSettings, update } = renderEditor(
        makeSettings({ connections: [mimir] }, { secureJsonFields: secretFields })
      );
      expect(screen.getByText("KPIs name it in source. Renaming keeps the connection's secrets.")).toBeInTheDocument();
      fireEvent.change(screen.getByLabelText(/^Name/), { target: { value: 'mimir-eu' } });
      expect(lastSettings().jsonData.connections).toEqual([{ ...mimir, name: 'mimir-eu' }]);
      expect(lastSettings().secureJsonFields).toEqual(secretFields);
      expect(lastSettings().secureJsonData).toBeUndefined();
      update();
      expect(screen.getByLabelText(/^Bearer token/)).toHaveValue('configured');
    });

    it('keeps the saved secrets of a connection from before ids when it is renamed', () => {
      const legacy = { ...mimir, id: undefined, name: 'prom' };
      const { lastSettings, update } = renderEditor(
        makeSettings({ connections: [legacy] }, { secureJsonFields: { 'prom.bearerToken': true } })
      );
      fireEvent.change(screen.getByLabelText(/^Name/), { target: { value: 'main' } });
      expect(lastSettings().jsonData.connections).toEqual([{ ...legacy, id: 'prom', name: 'main' }]);
      update();
      expect(screen.getByLabelText(/^Bearer token/)).toHaveValue('configured');
      fireEvent.change(screen.getByLabelText(/^Bearer token/), { target: { value: 'new-token' } });
      expect(lastSettings().secureJsonData).toEqual({ 'prom.bearerToken': 'new-token' });
    });

    it('adds a custom header with its value in secureJsonData, and removes it', () => {
      const { lastSettings, update } = renderEditor(makeSettings({ connections: [{ ...mimir, auth: 'none' }] }));
      fireEvent.click(screen.getByText('Add header'));
      update();
      expect(lastSettings().jsonData.connections?.[0]).toMatchObject({ headers: [{ name: '' }] });
      expect(screen.getByText('A header name is required, e.g. X-Scope-OrgID.')).toBeInTheDocument();

      const name = screen.getByLabelText(/^Header name/);
      fireEvent.change(name, { target: { value: ' X-Scope-OrgID ' } });
      fireEvent.blur(name);
      expect(lastSettings().jsonData.connections?.[0]).toMatchObject({ headers: [{ name: 'X-Scope-OrgID' }] });
      update();
      fireEvent.change(screen.getByLabelText(/^Header value/), { target: { value: 'tenant-a' } });
      expect(lastSettings().secureJsonData).toEqual({ 'k3f9x2m1q7.header.X-Scope-OrgID': 'tenant-a' });
      expect(JSON.stringify(lastSettings().jsonData)).not.toContain('tenant-a');
      update();

      fireEvent.click(screen.getByLabelText('Remove header X-Scope-OrgID'));
      expect(lastSettings().jsonData.connections?.[0]).toMatchObject({ headers: [] });
      // Only typed, never saved: dropped rather than stored empty.
      expect(lastSettings().secureJsonData).toEqual({});
    });

    it('shows a saved header value as configured and explains a header the backend refuses', () => {
      renderEditor(
        makeSettings(
          { connections: [{ ...mimir, headers: [{ name: 'X-Scope-OrgID' }, { name: 'Authorization' }] }] },
          { secureJsonFields: { 'k3f9x2m1q7.header.X-Scope-OrgID': true } }
        )
      );
      expect(screen.getAllByLabelText(/^Header value/)[0]).toHaveValue('configured');
      expect(
        screen.getByText(/the Authorization header comes from it: set Authentication to None/)
      ).toBeInTheDocument();
    });

    it('sets the cache: empty or 0 is the default, negative turns it off, at most 300', () => {
      const { lastSettings, update } = renderEditor(makeSettings({ connections: [mimir] }));
      const cache = () => screen.getByLabelText(/^Cache/);
      expect(cache()).toHaveAttribute('placeholder', '10');
      fireEvent.change(cache(), { target: { value: '30' } });
      expect(lastSettings().jsonData.connections?.[0]).toMatchObject({ cacheSeconds: 30 });
      fireEvent.change(cache(), { target: { value: '-1' } });
      expect(lastSettings().jsonData.connections?.[0]).toMatchObject({ cacheSeconds: -1 });
      fireEvent.change(cache(), { target: { value: '0' } });
      expect((lastSettings().jsonData.connections?.[0] as PrometheusConnection).cacheSeconds).toBeUndefined();
      fireEvent.change(cache(), { target: { value: '301' } });
      update();
      expect(screen.getByText(/^At most 300 seconds/)).toBeInTheDocument();
    });

    it('offers the secure socks proxy for every connection when Grafana has one', () => {
      renderEditor(makeSettings({ connections: [mimir] }));
      expect(screen.queryByLabelText(/^Use the secure socks proxy/)).not.toBeInTheDocument();
      cleanup();

      config.secureSocksDSProxyEnabled = true;
      const { lastSettings } = renderEditor(makeSettings({ connections: [mimir] }));
      expect(screen.getByText(/For every connection of this data source, Prometheus and SQL/)).toBeInTheDocument();
      fireEvent.click(screen.getByLabelText(/^Use the secure socks proxy/));
      expect(lastSettings().jsonData.enableSecureSocksProxy).toBe(true);
    });
  });
});
