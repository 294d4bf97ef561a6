import {
  addConnection,
  changeConnectionType,
  connectionNameProblem,
  connectionProblems,
  KpiSettings,
  newConnection,
  removeConnection,
  sqlHostProblem,
  sqlitePathProblem,
  updateConnection,
} from './connections';
import { KpiConnection, PostgresConnection } from './types';

const prom: KpiConnection = { name: 'prom', type: 'prometheus', url: 'http://prom:9090', auth: 'basic' };

function settingsWith(connections: KpiConnection[], secure: Partial<KpiSettings> = {}): KpiSettings {
  // Only the fields these helpers read and write.
  return { jsonData: { connections }, secureJsonFields: {}, ...secure } as KpiSettings;
}

describe('connections', () => {
  it('names new connections uniquely', () => {
    const once = addConnection(settingsWith([]));
    const twice = addConnection(once);
    expect(twice.jsonData.connections?.map((connection) => connection.name)).toEqual(['prometheus', 'prometheus-2']);
  });

  it('explains unusable names', () => {
    expect(connectionNameProblem([{ ...prom, name: '' }], 0)).toMatch('A name is required');
    expect(connectionNameProblem([{ ...prom, name: 'a.b' }], 0)).toMatch('letters, digits');
    expect(connectionNameProblem([prom, prom], 1)).toMatch('already named "prom"');
    expect(connectionNameProblem([prom], 0)).toBeUndefined();
  });

  it('on rename, moves typed secrets and clears saved ones', () => {
    const settings = settingsWith([prom], {
      secureJsonFields: { 'prom.tlsCACert': true },
      secureJsonData: { 'prom.basicAuthPassword': 'typed' },
    });
    const renamed = updateConnection(settings, 0, { ...prom, name: 'main' });

    expect(renamed.jsonData.connections).toEqual([{ ...prom, name: 'main' }]);
    expect(renamed.secureJsonData).toEqual({
      'prom.basicAuthPassword': '',
      'prom.tlsCACert': '',
      'main.basicAuthPassword': 'typed',
    });
    expect(renamed.secureJsonFields).toEqual({ 'prom.basicAuthPassword': false, 'prom.tlsCACert': false });
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
      });
      expect(newConnection([], 'mysql')).toMatchObject({ name: 'mysql', type: 'mysql', tlsMode: 'disable' });
      expect(newConnection([{ name: 'sqlite', type: 'sqlite', path: '/a.db' }], 'sqlite')).toEqual({
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

    it('on rename, moves a typed password and clears saved TLS material', () => {
      const settings = settingsWith([pg], {
        secureJsonFields: { 'warehouse.tlsClientKey': true },
        secureJsonData: { 'warehouse.password': 'typed' },
      });
      const renamed = updateConnection(settings, 0, { ...pg, name: 'dwh' });
      expect(renamed.secureJsonData).toEqual({
        'warehouse.password': '',
        'warehouse.tlsClientKey': '',
        'dwh.password': 'typed',
      });
      expect(renamed.secureJsonFields).toEqual({ 'warehouse.password': false, 'warehouse.tlsClientKey': false });
      expect(JSON.stringify(renamed.jsonData)).not.toContain('typed');
    });

    it('changes the type: a default name follows it, a chosen one stays', () => {
      const fresh = addConnection(settingsWith([]));
      expect(changeConnectionType(fresh, 0, 'sqlite').jsonData.connections).toEqual([
        { name: 'sqlite', type: 'sqlite', path: '' },
      ]);
      const named = settingsWith([{ ...prom, name: 'main' }]);
      expect(changeConnectionType(named, 0, 'postgres').jsonData.connections?.[0]).toEqual({
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
      expect(changed.jsonData.connections).toEqual([{ ...pg, type: 'mysql' }]);
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
});
