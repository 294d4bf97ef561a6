import { DataSourceSettings } from '@grafana/data';
import {
  ConnectionAuth,
  ConnectionHeader,
  ConnectionType,
  HeaderSecretKind,
  KpiConnection,
  KpiDataSourceOptions,
  KpiSecureJsonData,
  PrometheusConnection,
  SECRET_KINDS_BY_TYPE,
  SecretKind,
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

/** What ids are made of; the backend refuses others. */
const CONNECTION_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * What a connection's secrets are keyed by: its id, or its name for a connection from before ids
 * (the backend does the same).
 */
export const connectionSecretId = (connection: KpiConnection): string => connection.id || connection.name;

/** The secureJsonData key of one secret of one connection: `<id>.<kind>`. */
export const secretKey = (connection: KpiConnection, kind: SecretKind): string =>
  `${connectionSecretId(connection)}.${kind}`;

/** The secret that holds the value of the custom header `name`. */
export const headerSecretKind = (name: string): HeaderSecretKind => `header.${name}`;

const ID_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

function randomId(): string {
  const bytes = new Uint8Array(10);
  if (globalThis.crypto?.getRandomValues) {
    globalThis.crypto.getRandomValues(bytes);
  } else {
    bytes.forEach((_, i) => (bytes[i] = Math.floor(Math.random() * 256)));
  }
  return Array.from(bytes, (byte) => ID_ALPHABET[byte % ID_ALPHABET.length]).join('');
}

/** A new random id, neither the id nor the name of an existing connection. */
export function newConnectionId(existing: KpiConnection[]): string {
  const taken = new Set(existing.flatMap((connection) => [connection.id, connection.name]));
  let id = randomId();
  while (taken.has(id)) {
    id = randomId();
  }
  return id;
}

/**
 * The connection with its id. A connection from before ids keeps its secrets where they are: its
 * id becomes the name it had, under which they were saved; unless that name cannot be an id or is
 * another connection's, then it gets a new one.
 */
function withId(connections: KpiConnection[], index: number, connection: KpiConnection): KpiConnection {
  if (connection.id) {
    return connection;
  }
  const previous = connections[index];
  if (previous?.id) {
    return { ...connection, id: previous.id };
  }
  const name = previous?.name ?? '';
  const othersIds = connections.filter((_, other) => other !== index).map(connectionSecretId);
  const id = CONNECTION_ID_PATTERN.test(name) && !othersIds.includes(name) ? name : newConnectionId(connections);
  return { ...connection, id };
}

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

/** An empty connection of a type. Limits stay unset: the backend defaults apply. */
function emptyConnection(id: string | undefined, name: string, type: ConnectionType): KpiConnection {
  const identity = id ? { id, name } : { name };
  switch (type) {
    case 'prometheus':
      return { ...identity, type, url: '', auth: 'none' };
    case 'postgres':
    case 'mysql':
      return { ...identity, type, host: '', database: '', user: '', tlsMode: 'disable' };
    case 'sqlite':
      return { ...identity, type, path: '' };
  }
}

/** A new connection with a new id and a name not taken yet. */
export function newConnection(existing: KpiConnection[], type: ConnectionType = 'prometheus'): KpiConnection {
  return emptyConnection(newConnectionId(existing), unusedName(existing, type), type);
}

export const isSecretConfigured = (settings: KpiSettings, connection: KpiConnection, kind: SecretKind) =>
  Boolean(settings.secureJsonFields?.[secretKey(connection, kind)]);

export const secretValue = (settings: KpiSettings, connection: KpiConnection, kind: SecretKind) =>
  settings.secureJsonData?.[secretKey(connection, kind)] ?? '';

/** Whether a secret is saved or typed in this session. */
export const hasSecret = (settings: KpiSettings, connection: KpiConnection, kind: SecretKind) =>
  isSecretConfigured(settings, connection, kind) || secretValue(settings, connection, kind) !== '';

/** Sets a secret to send on save. Secrets never go to jsonData. */
export function setSecret(
  settings: KpiSettings,
  connection: KpiConnection,
  kind: SecretKind,
  value: string
): KpiSettings {
  return {
    ...settings,
    secureJsonData: { ...settings.secureJsonData, [secretKey(connection, kind)]: value },
  };
}

/**
 * Clears secrets. A saved one (listed in secureJsonFields) is sent empty: Grafana stores the empty
 * value on save. One only typed in this session is dropped, so that no empty secret is stored.
 */
function resetSecretKeys(settings: KpiSettings, keys: string[]): KpiSettings {
  if (keys.length === 0) {
    return settings;
  }
  const isSaved = (key: string) => settings.secureJsonFields?.[key] !== undefined;
  const saved = keys.filter(isSaved);
  const typedOnly = new Set(keys.filter((key) => !isSaved(key)));
  const kept = Object.entries(settings.secureJsonData ?? {}).filter(([key]) => !typedOnly.has(key));
  return {
    ...settings,
    secureJsonData: { ...Object.fromEntries(kept), ...Object.fromEntries(saved.map((key) => [key, ''])) },
    secureJsonFields: { ...settings.secureJsonFields, ...Object.fromEntries(saved.map((key) => [key, false])) },
  };
}

export const resetSecret = (settings: KpiSettings, connection: KpiConnection, kind: SecretKind) =>
  resetSecretKeys(settings, [secretKey(connection, kind)]);

/** Keys of the secrets a connection has, saved or typed in this session: every `<id>.…` key. */
function secretKeysOf(settings: KpiSettings, connection: KpiConnection): string[] {
  const prefix = `${connectionSecretId(connection)}.`;
  const keys = new Set([
    ...Object.keys(settings.secureJsonFields ?? {}),
    ...Object.keys(settings.secureJsonData ?? {}),
  ]);
  return [...keys].filter(
    (key) => key.startsWith(prefix) && (settings.secureJsonFields?.[key] || settings.secureJsonData?.[key])
  );
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

/**
 * Replaces a connection. Its secrets are keyed by its id, which stays: a rename keeps them. A
 * connection from before ids gets one here (withId), so that its secrets stay too.
 */
export function updateConnection(settings: KpiSettings, index: number, connection: KpiConnection): KpiSettings {
  const connections = connectionsOf(settings);
  const updated = withId(connections, index, connection);
  return withConnections(
    settings,
    connections.map((current, currentIndex) => (currentIndex === index ? updated : current))
  );
}

/** Removes a connection and clears its secrets so that none are left behind under its id. */
export function removeConnection(settings: KpiSettings, index: number): KpiSettings {
  const connections = connectionsOf(settings);
  const removed = connections[index];
  const updated = withConnections(
    settings,
    connections.filter((_, currentIndex) => currentIndex !== index)
  );
  return removed ? resetSecretKeys(updated, secretKeysOf(settings, removed)) : updated;
}

/**
 * Turns a connection into one of another type. PostgreSQL and MySQL share their fields, so they
 * keep them; otherwise only the id and the name stay (a default name follows the type). Secrets
 * the new type has no use for (custom headers included) are cleared, so that none are left behind
 * under the connection's id.
 */
export function changeConnectionType(settings: KpiSettings, index: number, type: ConnectionType): KpiSettings {
  const connections = connectionsOf(settings);
  const current = connections[index] && withId(connections, index, connections[index]);
  if (current === undefined || current.type === type) {
    return settings;
  }
  const others = connections.filter((_, otherIndex) => otherIndex !== index);
  const name = isDefaultName(current.name, current.type) ? unusedName(others, type) : current.name;
  const changed: KpiConnection =
    isSqlServerConnection(current) && (type === 'postgres' || type === 'mysql')
      ? { ...current, name, type }
      : emptyConnection(current.id, name, type);
  const kept = new Set(SECRET_KINDS_BY_TYPE[type].map((kind) => secretKey(current, kind)));
  const cleared = resetSecretKeys(
    settings,
    secretKeysOf(settings, current).filter((key) => !kept.has(key))
  );
  return updateConnection(cleared, index, changed);
}

/** Header names the client sets itself, or that frame or route a request (as the backend refuses them). */
const RESERVED_HEADERS = new Set([
  'accept-encoding',
  'connection',
  'content-length',
  'content-type',
  'host',
  'keep-alive',
  'proxy-authorization',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);

/** At most this many custom headers per connection (as the backend). */
export const MAX_HEADERS = 20;

const HEADER_NAME_PATTERN = /^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/;

/** Why a custom header's name cannot be used, or undefined when it can: the backend's rules. */
export function headerNameProblem(
  headers: ConnectionHeader[],
  headerIndex: number,
  auth: ConnectionAuth = 'none'
): string | undefined {
  const name = headers[headerIndex]?.name ?? '';
  const lower = name.toLowerCase();
  if (name === '') {
    return 'A header name is required, e.g. X-Scope-OrgID.';
  }
  if (!HEADER_NAME_PATTERN.test(name)) {
    return "Letters, digits and !#$%&'*+-.^_`|~ only: no spaces or colons.";
  }
  if (headers.some((other, otherIndex) => otherIndex < headerIndex && other.name.toLowerCase() === lower)) {
    return `"${name}" is already set above (header names are case-insensitive).`;
  }
  if (RESERVED_HEADERS.has(lower)) {
    return `${name} is set by the client itself.`;
  }
  if (lower === 'authorization' && auth !== 'none') {
    return 'With basic or bearer authentication, the Authorization header comes from it: set Authentication to None to send your own.';
  }
  return undefined;
}

const headersOf = (connection: PrometheusConnection): ConnectionHeader[] => connection.headers ?? [];

/** Whether another header of the connection has this name, so that its secret must stay. */
const otherHeaderNamed = (headers: ConnectionHeader[], headerIndex: number, name: string) =>
  headers.some((other, otherIndex) => otherIndex !== headerIndex && other.name === name);

/** Adds an empty custom header to a Prometheus connection. */
export function addHeader(settings: KpiSettings, index: number): KpiSettings {
  const connection = connectionsOf(settings)[index] as PrometheusConnection;
  return updateConnection(settings, index, { ...connection, headers: [...headersOf(connection), { name: '' }] });
}

/**
 * Renames a custom header. Its value is keyed by the header's name: a value typed in this session
 * moves to the new name (unless another header has it); a saved one cannot be read back, so it is
 * cleared and must be entered again.
 */
export function renameHeader(settings: KpiSettings, index: number, headerIndex: number, name: string): KpiSettings {
  const connections = connectionsOf(settings);
  const connection = withId(connections, index, connections[index]) as PrometheusConnection;
  const headers = headersOf(connection);
  const from = headers[headerIndex]?.name;
  if (from === undefined || from === name) {
    return settings;
  }
  const typed = secretValue(settings, connection, headerSecretKind(from));
  let updated = updateConnection(settings, index, {
    ...connection,
    headers: headers.map((header, current) => (current === headerIndex ? { ...header, name } : header)),
  });
  if (!otherHeaderNamed(headers, headerIndex, from) && hasSecret(settings, connection, headerSecretKind(from))) {
    updated = resetSecretKeys(updated, [secretKey(connection, headerSecretKind(from))]);
  }
  if (typed === '' || otherHeaderNamed(headers, headerIndex, name)) {
    return updated;
  }
  return setSecret(updated, connection, headerSecretKind(name), typed);
}

/** Removes a custom header and clears its value. */
export function removeHeader(settings: KpiSettings, index: number, headerIndex: number): KpiSettings {
  const connections = connectionsOf(settings);
  const connection = withId(connections, index, connections[index]) as PrometheusConnection;
  const headers = headersOf(connection);
  const removed = headers[headerIndex];
  const updated = updateConnection(settings, index, {
    ...connection,
    headers: headers.filter((_, current) => current !== headerIndex),
  });
  if (removed === undefined || otherHeaderNamed(headers, headerIndex, removed.name)) {
    return updated;
  }
  return hasSecret(settings, connection, headerSecretKind(removed.name))
    ? resetSecretKeys(updated, [secretKey(connection, headerSecretKind(removed.name))])
    : updated;
}
