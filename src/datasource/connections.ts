import { DataSourceSettings } from '@grafana/data';
import {
  CONNECTION_SECRET_KINDS,
  ConnectionSecretKind,
  ConnectionType,
  KpiConnection,
  KpiDataSourceOptions,
  KpiSecureJsonData,
  SECRET_KINDS_BY_TYPE,
  SqlConnection,
  SqlConnectionLimits,
  SqlServerConnection,
  SqlServerConnectionType,
} from './types';

/** The settings object the config editor edits. */
export type KpiSettings = DataSourceSettings<KpiDataSourceOptions, KpiSecureJsonData>;

const CONNECTION_NAME_PATTERN = /^[A-Za-z0-9_-]+$/;

/** What the backend uses for a SQL connection's limits it is not given. */
export const SQL_DEFAULTS: Required<SqlConnectionLimits> = {
  timeoutSeconds: 30,
  maxOpenConns: 5,
  maxRows: 100000,
};

/** The port of a SQL server whose host has none. */
export const DEFAULT_PORTS: Record<SqlServerConnectionType, number> = {
  postgres: 5432,
  mysql: 3306,
};

export const isSqlConnection = (connection: KpiConnection): connection is SqlConnection =>
  connection.type !== 'prometheus';

export const isSqlServerConnection = (connection: KpiConnection): connection is SqlServerConnection =>
  connection.type === 'postgres' || connection.type === 'mysql';

/** The secureJsonData key of one secret of one connection. */
export const secretKey = (connectionName: string, kind: ConnectionSecretKind): string => `${connectionName}.${kind}`;

/** Why a connection's name cannot be used, or undefined when it can. */
export function connectionNameProblem(connections: KpiConnection[], index: number): string | undefined {
  const name = connections[index]?.name ?? '';
  if (name === '') {
    return 'A name is required: the catalog refers to connections by name.';
  }
  if (!CONNECTION_NAME_PATTERN.test(name)) {
    return 'Use letters, digits, "-" and "_" only.';
  }
  if (connections.some((other, otherIndex) => otherIndex !== index && other.name === name)) {
    return `Another connection is already named "${name}".`;
  }
  return undefined;
}

/** Fields of a connection that can be wrong, each with why. */
export type ConnectionProblems = Partial<Record<'host' | 'database' | 'path', string>>;

/** Why a SQL server's `host[:port]` cannot be used, or undefined when it can. */
export function sqlHostProblem(host: string, type: SqlServerConnectionType): string | undefined {
  const example = `db.example.com:${DEFAULT_PORTS[type]}`;
  if (host === '') {
    return `A host is required, e.g. ${example}.`;
  }
  if (host.includes('://') || host.includes('/')) {
    return `Give host[:port] only, e.g. ${example}: no scheme, path or database.`;
  }
  const bracketed = /^\[([^\]]+)\](?::(.*))?$/.exec(host);
  let name = host;
  let port: string | undefined;
  if (bracketed) {
    [, name, port] = bracketed;
  } else if (host.startsWith('[')) {
    return 'Close the IPv6 address with "]", e.g. [::1]:5432.';
  } else if (host.split(':').length > 2) {
    return 'Put an IPv6 address in brackets, e.g. [::1]:5432.';
  } else {
    [name, port] = host.split(':');
  }
  if (name === '') {
    return `The host name is missing, e.g. ${example}.`;
  }
  if (port !== undefined && !(/^\d{1,5}$/.test(port) && Number(port) >= 1 && Number(port) <= 65535)) {
    return `The port must be a number from 1 to 65535; without one, ${DEFAULT_PORTS[type]} is used.`;
  }
  return undefined;
}

/** An absolute path on Linux and macOS (/...) or Windows (C:\... or a UNC path, \\server\share\...). */
const ABSOLUTE_PATH_PATTERN = /^(\/|[A-Za-z]:[\\/]|\\\\)/;

/** Why a SQLite database path cannot be used, or undefined when it can. */
export function sqlitePathProblem(path: string): string | undefined {
  if (path === '') {
    return 'A SQLite path is required: the database file on the Grafana server.';
  }
  if (!ABSOLUTE_PATH_PATTERN.test(path)) {
    return 'A SQLite path must be absolute, e.g. /var/lib/grafana/kpis.db: the backend does not resolve relative paths.';
  }
  return undefined;
}

/** What is wrong with a connection's fields (its name aside); empty when nothing is. */
export function connectionProblems(connection: KpiConnection): ConnectionProblems {
  const problems: ConnectionProblems = {};
  switch (connection.type) {
    case 'postgres':
    case 'mysql':
      problems.host = sqlHostProblem(connection.host, connection.type);
      problems.database = connection.database === '' ? 'A database is required.' : undefined;
      break;
    case 'sqlite':
      problems.path = sqlitePathProblem(connection.path);
      break;
    case 'prometheus':
      break;
  }
  return Object.fromEntries(Object.entries(problems).filter(([, problem]) => problem !== undefined));
}

/** `prometheus`, `prometheus-2`, ...: the first name of this type not taken yet. */
function unusedName(existing: KpiConnection[], type: ConnectionType): string {
  const taken = new Set(existing.map((connection) => connection.name));
  let name: string = type;
  for (let suffix = 2; taken.has(name); suffix++) {
    name = `${type}-${suffix}`;
  }
  return name;
}

/** Whether a name is one that newConnection() gives connections of this type. */
const isDefaultName = (name: string, type: ConnectionType) => new RegExp(`^${type}(-\\d+)?$`).test(name);

/** An empty connection of a type, named `name`. Limits stay unset: the backend defaults apply. */
function emptyConnection(name: string, type: ConnectionType): KpiConnection {
  switch (type) {
    case 'prometheus':
      return { name, type, url: '', auth: 'none' };
    case 'postgres':
    case 'mysql':
      return { name, type, host: '', database: '', user: '', tlsMode: 'disable' };
    case 'sqlite':
      return { name, type, path: '' };
  }
}

/** A new connection whose name is not taken yet. */
export function newConnection(existing: KpiConnection[], type: ConnectionType = 'prometheus'): KpiConnection {
  return emptyConnection(unusedName(existing, type), type);
}

export const isSecretConfigured = (settings: KpiSettings, connectionName: string, kind: ConnectionSecretKind) =>
  Boolean(settings.secureJsonFields?.[secretKey(connectionName, kind)]);

export const secretValue = (settings: KpiSettings, connectionName: string, kind: ConnectionSecretKind) =>
  settings.secureJsonData?.[secretKey(connectionName, kind)] ?? '';

/** Sets a secret to send on save. Secrets never go to jsonData. */
export function setSecret(
  settings: KpiSettings,
  connectionName: string,
  kind: ConnectionSecretKind,
  value: string
): KpiSettings {
  return {
    ...settings,
    secureJsonData: { ...settings.secureJsonData, [secretKey(connectionName, kind)]: value },
  };
}

/** Clears secrets, saved ones included: Grafana stores the empty value on save. */
function resetSecretKeys(settings: KpiSettings, keys: string[]): KpiSettings {
  if (keys.length === 0) {
    return settings;
  }
  const cleared = Object.fromEntries(keys.map((key) => [key, '']));
  const unconfigured = Object.fromEntries(keys.map((key) => [key, false]));
  return {
    ...settings,
    secureJsonData: { ...settings.secureJsonData, ...cleared },
    secureJsonFields: { ...settings.secureJsonFields, ...unconfigured },
  };
}

export const resetSecret = (settings: KpiSettings, connectionName: string, kind: ConnectionSecretKind) =>
  resetSecretKeys(settings, [secretKey(connectionName, kind)]);

/** Keys of the secrets a connection has, saved or typed in this session. */
function secretKeysOf(settings: KpiSettings, connectionName: string): string[] {
  return CONNECTION_SECRET_KINDS.map((kind) => secretKey(connectionName, kind)).filter(
    (key) => settings.secureJsonFields?.[key] || settings.secureJsonData?.[key]
  );
}

/**
 * Secrets are keyed by connection name. On a rename, secrets typed in this session move to the
 * new name; saved secrets cannot be read back, so they are cleared and must be entered again.
 */
function moveSecrets(settings: KpiSettings, fromName: string, toName: string): KpiSettings {
  const typed = Object.fromEntries(
    CONNECTION_SECRET_KINDS.map((kind) => [secretKey(toName, kind), secretValue(settings, fromName, kind)]).filter(
      ([, value]) => value !== ''
    )
  );
  const cleared = resetSecretKeys(settings, secretKeysOf(settings, fromName));
  return { ...cleared, secureJsonData: { ...cleared.secureJsonData, ...typed } };
}

const connectionsOf = (settings: KpiSettings): KpiConnection[] => settings.jsonData.connections ?? [];

const withConnections = (settings: KpiSettings, connections: KpiConnection[]): KpiSettings => ({
  ...settings,
  jsonData: { ...settings.jsonData, connections },
});

export function addConnection(settings: KpiSettings, type: ConnectionType = 'prometheus'): KpiSettings {
  const connections = connectionsOf(settings);
  return withConnections(settings, [...connections, newConnection(connections, type)]);
}

export function updateConnection(settings: KpiSettings, index: number, connection: KpiConnection): KpiSettings {
  const connections = connectionsOf(settings);
  const previousName = connections[index]?.name;
  const updated = withConnections(
    settings,
    connections.map((current, currentIndex) => (currentIndex === index ? connection : current))
  );
  if (previousName === undefined || previousName === connection.name) {
    return updated;
  }
  return moveSecrets(updated, previousName, connection.name);
}

/** Removes a connection and clears its secrets so that none are left behind under its name. */
export function removeConnection(settings: KpiSettings, index: number): KpiSettings {
  const connections = connectionsOf(settings);
  const removed = connections[index];
  const updated = withConnections(
    settings,
    connections.filter((_, currentIndex) => currentIndex !== index)
  );
  return removed ? resetSecretKeys(updated, secretKeysOf(settings, removed.name)) : updated;
}

/**
 * Turns a connection into one of another type. PostgreSQL and MySQL share their fields, so they
 * keep them; otherwise only the name stays (a default name follows the type). Secrets the new
 * type has no use for are cleared, so that none are left behind under the connection's name.
 */
export function changeConnectionType(settings: KpiSettings, index: number, type: ConnectionType): KpiSettings {
  const connections = connectionsOf(settings);
  const current = connections[index];
  if (current === undefined || current.type === type) {
    return settings;
  }
  const others = connections.filter((_, otherIndex) => otherIndex !== index);
  const name = isDefaultName(current.name, current.type) ? unusedName(others, type) : current.name;
  const changed: KpiConnection =
    isSqlServerConnection(current) && (type === 'postgres' || type === 'mysql')
      ? { ...current, name, type }
      : emptyConnection(name, type);
  const kept = new Set(SECRET_KINDS_BY_TYPE[type].map((kind) => secretKey(current.name, kind)));
  const cleared = resetSecretKeys(
    settings,
    secretKeysOf(settings, current.name).filter((key) => !kept.has(key))
  );
  return updateConnection(cleared, index, changed);
}
