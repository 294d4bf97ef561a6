import {
  addConnection,
  addHeader,
  changeConnectionType,
  connectionNameProblem,
  connectionProblems,
  headerNameProblem,
  KpiSettings,
  newConnection,
  removeConnection,
  removeHeader,
  renameHeader,
  secretKey,
  setSecret,
  sqlHostProblem,
  sqlitePathProblem,
  updateConnection,
} from './connections';
import { ConnectionHeader, KpiConnection, PostgresConnection, PrometheusConnection } from './types';

/** Ids of new connections: random, of the characters the backend accepts. */
const ID = expect.stringMatching(/^[a-z0-9]{10}$/);

const prom: KpiConnection = { name: 'prom', type: 'prometheus', url: 'http://prom:9090', auth: 'basic' };

function settingsWith(connections: KpiConnection[], secure: Partial<KpiSettings> = {}): KpiSettings {
  // Only the fields these helpers read and write.
  return { jsonData: { connections }, secureJsonFields: {}, ...secure } as KpiSettings;
}

describe('connections', () => {
  it('names new connections uniquely and gives each its own id', () => {
    const once = addConnection(settingsWith([]));
    const twice = addConnection(once);
    const connections = twice.jsonData.connections ?? [];
    expect(connections.map((connection) => connection.name)).toEqual(['prometheus', 'prometheus-2']);
    expect(connections.map((connection) => connection.id)).toEqual([ID, ID]);
    expect(connections[0].id).not.toEqual(connections[1].id);
  });

  it("gives new connections an id that is no other connection's id or name", () => {
    const taken: KpiConnection[] = Array.from({ length: 50 }, (_, i) => ({ ...prom, id: `id${i}`, name: `name${i}` }));
    const fresh = newConnection(taken);
    expect(fresh.id).toEqual(ID);
    expect(taken.flatMap((connection) => [connection.id, connection.name])).not.toContain(fresh.id);
  });

  it('explains unusable names', () => {
    expect(connectionNameProblem([{ ...prom, name: '' }], 0)).toMatch('A name is required');
    expect(connectionNameProblem([{ ...prom, name: 'a.b' }], 0)).toMatch('letters, digits');
    expect(connectionNameProblem([prom, prom], 1)).toMatch('already named "prom"');
    expect(connectionNameProblem([prom], 0)).toBeUndefined();
  });

  it('on rename, keeps the secrets: they are keyed by the id', () => {
    const withId: KpiConnection = { ...prom, id: 'k3f9x2m1q7' };
    const settings = settingsWith([withId], {
      secureJsonFields: { 'k3f9x2m1q7.tlsCACert': true },
      secureJsonData: { 'k3f9x2m1q7.basicAuthPassword': 'typed' },
    });
    const renamed = updateConnection(settings, 0, { ...withId, name: 'main' });

    expect(renamed.jsonData.connections).toEqual([{ ...withId, name: 'main' }]);
    expect(renamed.secureJsonData).toEqual(settings.secureJsonData);
    expect(renamed.secureJsonFields).toEqual(settings.secureJsonFields);
    expect(secretKey(renamed.jsonData.connections![0], 'tlsCACert')).toBe('k3f9x2m1q7.tlsCACert');
  });

  it('keys the secrets of a connection from before ids by its name, and freezes that as its id on a change', () => {
    const settings = settingsWith([prom], { secureJsonFields: { 'prom.basicAuthPassword': true } });
    expect(secretKey(prom, 'basicAuthPassword')).toBe('prom.basicAuthPassword');

    const renamed = updateConnection(settings, 0, { ...prom, name: 'main' });
    expect(renamed.jsonData.connections).toEqual([{ ...prom, id: 'prom', name: 'main' }]);
    expect(renamed.secureJsonFields).toEqual({ 'prom.basicAuthPassword': true });
    expect(renamed.secureJsonData).toBeUndefined();
    expect(secretKey(renamed.jsonData.connections![0], 'basicAuthPassword')).toBe('prom.basicAuthPassword');

    // Renamed again: the id stays.
    const again = updateConnection(renamed, 0, { ...renamed.jsonData.connections![0], name: 'primary' });
    expect(again.jsonData.connections?.[0]).toMatchObject({ id: 'prom', name: 'primary' });
  });

  it('gives a connection from before ids a new id when its name cannot be one or is taken', () => {
    const dotted: KpiConnection = { ...prom, name: 'a.b' };
    expect(updateConnection(settingsWith([dotted]), 0, { ...dotted, url: 'x' }).jsonData.connections?.[0].id).toEqual(
      ID
    );

    // "main" was renamed from "prom" earlier, so "prom" is its id: the new "prom" cannot have it.
    const main: KpiConnection = { ...prom, id: 'prom', name: 'main' };
    const changed = updateConnection(settingsWith([main, prom]), 1, { ...prom, url: 'x' });
    expect(changed.jsonData.connections?.[1].id).toEqual(ID);
  });

  it('leaves secrets alone when the name does not change', () => {
    const settings = settingsWith([prom], { secureJsonFields: { 'prom.basicAuthPassword': true } });
    const updated = updateConnection(settings, 0, { ...prom, url: 'http://other:9090' });
    expect(updated.secureJsonFields).toEqual({ 'prom.basicAuthPassword': true });
    expect(updated.secureJsonData).toBeUndefined();
  });

  it('removes a connection and clears only its secrets', () => {
    const other: KpiConnection = { ...prom, name: 'other' };
    const settings = settingsWith([prom, other], {
      secureJsonFields: { 'prom.basicAuthPassword': true, 'other.basicAuthPassword': true },
    });
    const removed = removeConnection(settings, 0);
    expect(removed.jsonData.connections).toEqual([other]);
    expect(removed.secureJsonFields).toEqual({ 'prom.basicAuthPassword': false, 'other.basicAuthPassword': true });
  });

  describe('SQL connections', () => {
    const pg: PostgresConnection = {
      name: 'warehouse',
      type: 'postgres',
      host: 'db.example.com:5432',
      database: 'kpis',
      user: 'reader',
      tlsMode: 'verify-full',
    };

    it('creates empty connections of each type with TLS off and the limits left to the backend', () => {
      expect(newConnection([], 'postgres')).toEqual({
        name: 'postgres',
        type: 'postgres',
        host: '',
        database: '',
        user: '',
        tlsMode: 'disable',
        id: ID,
      });
      expect(newConnection([], 'mysql')).toMatchObject({ name: 'mysql', type: 'mysql', tlsMode: 'disable' });
      expect(newConnection([{ name: 'sqlite', type: 'sqlite', path: '/a.db' }], 'sqlite')).toEqual({
        id: ID,
        name: 'sqlite-2',
        type: 'sqlite',
        path: '',
      });
      expect(addConnection(settingsWith([]), 'mysql').jsonData.connections?.[0].type).toBe('mysql');
    });

    it('checks host[:port]', () => {
      expect(sqlHostProblem('db.example.com', 'postgres')).toBeUndefined();
      expect(sqlHostProblem('db.example.com:5433', 'postgres')).toBeUndefined();
      expect(sqlHostProblem('10.0.0.7:3306', 'mysql')).toBeUndefined();
      expect(sqlHostProblem('[::1]:5432', 'postgres')).toBeUndefined();
      expect(sqlHostProblem('[::1]', 'postgres')).toBeUndefined();
      expect(sqlHostProblem('', 'mysql')).toBe('A host is required, e.g. db.example.com:3306.');
      expect(sqlHostProblem('postgres://db:5432/kpis', 'postgres')).toMatch('no scheme, path or database');
      expect(sqlHostProblem('::1', 'postgres')).toMatch('IPv6 address in brackets');
      expect(sqlHostProblem('[::1:5432', 'postgres')).toMatch('Close the IPv6 address');
      expect(sqlHostProblem(':5432', 'postgres')).toMatch('host name is missing');
      expect(sqlHostProblem('db:70000', 'postgres')).toMatch('The port must be a number from 1 to 65535');
      expect(sqlHostProblem('db:', 'mysql')).toMatch('without one, 3306 is used');
      expect(sqlHostProblem('db:0', 'mysql')).toMatch('from 1 to 65535');
    });

    it('wants an absolute SQLite path', () => {
      expect(sqlitePathProblem('/var/lib/grafana/kpis.db')).toBeUndefined();
      expect(sqlitePathProblem('C:\\data\\kpis.db')).toBeUndefined();
      expect(sqlitePathProblem('\\\\files\\share\\kpis.db')).toBeUndefined();
      expect(sqlitePathProblem('kpis.db')).toMatch('A SQLite path must be absolute');
      expect(sqlitePathProblem('./kpis.db')).toMatch('A SQLite path must be absolute');
      expect(sqlitePathProblem('file:kpis.db?mode=rw')).toMatch('A SQLite path must be absolute');
      expect(sqlitePathProblem('')).toMatch('A SQLite path is required');
    });

    it('lists the problems of a connection by field', () => {
      expect(connectionProblems(pg)).toEqual({});
      expect(connectionProblems({ ...pg, host: '', database: '', user: '' })).toEqual({
        host: 'A host is required, e.g. db.example.com:5432.',
        database: 'A database is required.',
      });
      expect(connectionProblems({ name: 'file', type: 'sqlite', path: 'kpis.db' })).toEqual({
        path: expect.stringMatching(/^A SQLite path must be absolute/),
      });
      expect(connectionProblems(prom)).toEqual({});
    });

    it('on rename, keeps the typed password and the saved TLS material', () => {
      const settings = settingsWith([pg], {
        secureJsonFields: { 'warehouse.tlsClientKey': true },
        secureJsonData: { 'warehouse.password': 'typed' },
      });
      const renamed = updateConnection(settings, 0, { ...pg, name: 'dwh' });
      expect(renamed.jsonData.connections).toEqual([{ ...pg, id: 'warehouse', name: 'dwh' }]);
      expect(renamed.secureJsonData).toEqual({ 'warehouse.password': 'typed' });
      expect(renamed.secureJsonFields).toEqual({ 'warehouse.tlsClientKey': true });
      expect(JSON.stringify(renamed.jsonData)).not.toContain('typed');
    });

    it('changes the type: a default name follows it, a chosen one stays', () => {
      const fresh = addConnection(settingsWith([]));
      const id = fresh.jsonData.connections?.[0].id;
      expect(changeConnectionType(fresh, 0, 'sqlite').jsonData.connections).toEqual([
        { id, name: 'sqlite', type: 'sqlite', path: '' },
      ]);
      const named = settingsWith([{ ...prom, name: 'main' }]);
      expect(changeConnectionType(named, 0, 'postgres').jsonData.connections?.[0]).toEqual({
        id: 'main',
        name: 'main',
        type: 'postgres',
        host: '',
        database: '',
        user: '',
        tlsMode: 'disable',
      });
    });

    it('keeps the server settings between PostgreSQL and MySQL', () => {
      const changed = changeConnectionType(settingsWith([pg]), 0, 'mysql');
      expect(changed.jsonData.connections).toEqual([{ ...pg, id: 'warehouse', type: 'mysql' }]);
    });

    it('on a type change, clears the secrets the new type has no use for and keeps the others', () => {
      const settings = settingsWith([{ ...prom, name: 'main' }], {
        secureJsonFields: { 'main.basicAuthPassword': true, 'main.tlsCACert': true },
      });
      const changed = changeConnectionType(settings, 0, 'postgres');
      expect(changed.secureJsonFields).toEqual({ 'main.basicAuthPassword': false, 'main.tlsCACert': true });
      expect(changed.secureJsonData).toEqual({ 'main.basicAuthPassword': '' });

      const toSqlite = changeConnectionType(
        settingsWith([pg], { secureJsonFields: { 'warehouse.password': true } }),
        0,
        'sqlite'
      );
      expect(toSqlite.secureJsonFields).toEqual({ 'warehouse.password': false });
    });

    it('clears the secrets of a removed SQL connection', () => {
      const removed = removeConnection(settingsWith([pg], { secureJsonFields: { 'warehouse.password': true } }), 0);
      expect(removed.jsonData.connections).toEqual([]);
      expect(removed.secureJsonFields).toEqual({ 'warehouse.password': false });
    });
  });

  describe('custom headers', () => {
    const mimir: PrometheusConnection = {
      id: 'm1',
      name: 'mimir',
      type: 'prometheus',
      url: 'http://mimir/prometheus',
      auth: 'none',
      headers: [{ name: 'X-Scope-OrgID' }],
    };
    const headersOf = (settings: KpiSettings) => (settings.jsonData.connections?.[0] as PrometheusConnection).headers;

    it('explains header names the backend refuses', () => {
      const problem = (names: string[], auth?: PrometheusConnection['auth']) =>
        headerNameProblem(
          names.map((name): ConnectionHeader => ({ name })),
          names.length - 1,
          auth
        );
      expect(problem(['X-Scope-OrgID'])).toBeUndefined();
      expect(problem(['Authorization'], 'none')).toBeUndefined();
      expect(problem([''])).toMatch('A header name is required');
      expect(problem(['X Scope'])).toMatch('no spaces or colons');
      expect(problem(['X-Tenant:'])).toMatch('no spaces or colons');
      expect(problem(['X-Scope-OrgID', 'x-scope-orgid'])).toMatch('already set above');
      expect(problem(['Host'])).toBe('Host is set by the client itself.');
      expect(problem(['content-length'])).toMatch('set by the client itself');
      expect(problem(['Authorization'], 'bearer')).toMatch('set Authentication to None');
      expect(problem(['authorization'], 'basic')).toMatch('set Authentication to None');
    });

    it('adds headers with their values in secureJsonData only, keyed by the id and the header name', () => {
      let settings = addHeader(settingsWith([{ ...mimir, headers: undefined }]), 0);
      expect(headersOf(settings)).toEqual([{ name: '' }]);
      settings = renameHeader(settings, 0, 0, 'X-Scope-OrgID');
      settings = setSecret(settings, settings.jsonData.connections![0], 'header.X-Scope-OrgID', 'tenant-a');
      expect(headersOf(settings)).toEqual([{ name: 'X-Scope-OrgID' }]);
      expect(settings.secureJsonData).toEqual({ 'm1.header.X-Scope-OrgID': 'tenant-a' });
      expect(JSON.stringify(settings.jsonData)).not.toContain('tenant-a');
    });

    it('on a header rename, moves a typed value without leaving empty secrets behind, and clears a saved one', () => {
      const typed = settingsWith([mimir], { secureJsonData: { 'm1.header.X-Scope-OrgID': 'tenant-a' } });
      const renamed = renameHeader(typed, 0, 0, 'X-Tenant');
      expect(headersOf(renamed)).toEqual([{ name: 'X-Tenant' }]);
      expect(renamed.secureJsonData).toEqual({ 'm1.header.X-Tenant': 'tenant-a' });
      expect(renamed.secureJsonFields).toEqual({});

      const saved = settingsWith([mimir], { secureJsonFields: { 'm1.header.X-Scope-OrgID': true } });
      const renamedSaved = renameHeader(saved, 0, 0, 'X-Tenant');
      expect(renamedSaved.secureJsonFields).toEqual({ 'm1.header.X-Scope-OrgID': false });
      expect(renamedSaved.secureJsonData).toEqual({ 'm1.header.X-Scope-OrgID': '' });
    });

    it('does not move a typed value onto another header of the same name', () => {
      const two = { ...mimir, headers: [{ name: 'X-Scope-OrgID' }, { name: 'X-Other' }] };
      const settings = settingsWith([two], {
        secureJsonData: { 'm1.header.X-Scope-OrgID': 'tenant-a', 'm1.header.X-Other': 'other' },
      });
      const clash = renameHeader(settings, 0, 1, 'X-Scope-OrgID');
      expect(clash.secureJsonData).toEqual({ 'm1.header.X-Scope-OrgID': 'tenant-a' });
      expect(headerNameProblem(headersOf(clash)!, 1)).toMatch('already set above');
    });

    it('removes a header and its value', () => {
      const two = { ...mimir, headers: [{ name: 'X-Scope-OrgID' }, { name: 'X-Other' }] };
      const settings = settingsWith([two], {
        secureJsonFields: { 'm1.header.X-Scope-OrgID': true },
        secureJsonData: { 'm1.header.X-Other': 'other' },
      });
      const removed = removeHeader(settings, 0, 0);
      expect(headersOf(removed)).toEqual([{ name: 'X-Other' }]);
      expect(removed.secureJsonFields).toEqual({ 'm1.header.X-Scope-OrgID': false });
      expect(removed.secureJsonData).toEqual({ 'm1.header.X-Scope-OrgID': '', 'm1.header.X-Other': 'other' });
      expect(headersOf(removeHeader(removed, 0, 0))).toEqual([]);
    });

    it('clears the header values of a connection removed or turned into a SQL one', () => {
      const settings = settingsWith([mimir], { secureJsonFields: { 'm1.header.X-Scope-OrgID': true } });
      expect(removeConnection(settings, 0).secureJsonFields).toEqual({ 'm1.header.X-Scope-OrgID': false });
      const toSql = changeConnectionType(settings, 0, 'postgres');
      expect(toSql.jsonData.connections?.[0]).toMatchObject({ id: 'm1', name: 'mimir', type: 'postgres' });
      expect(toSql.secureJsonFields).toEqual({ 'm1.header.X-Scope-OrgID': false });
    });
  });
});
