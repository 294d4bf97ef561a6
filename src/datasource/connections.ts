import { DataSourceSettings } from '@grafana/data';
import {
  CONNECTION_SECRET_KINDS,
  ConnectionSecretKind,
  KpiConnection,
  KpiDataSourceOptions,
  KpiSecureJsonData,
} from './types';

/** The settings object the config editor edits. */
export type KpiSettings = DataSourceSettings<KpiDataSourceOptions, KpiSecureJsonData>;

const CONNECTION_NAME_PATTERN = /^[A-Za-z0-9_-]+$/;
const DEFAULT_CONNECTION_NAME = 'prometheus';

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

/** A new connection whose name is not taken yet. */
export function newConnection(existing: KpiConnection[]): KpiConnection {
  const taken = new Set(existing.map((connection) => connection.name));
  let name = DEFAULT_CONNECTION_NAME;
  for (let suffix = 2; taken.has(name); suffix++) {
    name = `${DEFAULT_CONNECTION_NAME}-${suffix}`;
  }
  return { name, type: 'prometheus', url: '', auth: 'none' };
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

export function addConnection(settings: KpiSettings): KpiSettings {
  const connections = connectionsOf(settings);
  return withConnections(settings, [...connections, newConnection(connections)]);
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
