import React from 'react';
import { SelectableValue } from '@grafana/data';
import { Button, Field, FieldSet, Input, RadioButtonGroup, Stack } from '@grafana/ui';
import {
  changeConnectionType,
  connectionNameProblem,
  connectionProblems,
  removeConnection,
  updateConnection,
} from '../../connections';
import { ConnectionType, KpiConnection } from '../../types';
import { connectionInputId } from './connectionProps';
import { PrometheusConnectionSettings } from './PrometheusConnectionSettings';
import { SettingsSectionProps } from './settingsProps';
import { SqliteSettings } from './SqliteSettings';
import { SqlServerSettings } from './SqlServerSettings';

interface Props extends SettingsSectionProps {
  index: number;
}

export const CONNECTION_TYPE_OPTIONS: Array<SelectableValue<ConnectionType>> = [
  { label: 'Prometheus', value: 'prometheus', description: 'PromQL over the Prometheus HTTP API' },
  { label: 'PostgreSQL', value: 'postgres', description: 'SQL, PostgreSQL dialect' },
  { label: 'MySQL', value: 'mysql', description: 'SQL, MySQL and MariaDB' },
  { label: 'SQLite', value: 'sqlite', description: 'SQL, a database file on the Grafana server' },
];

/** Type, name and the type's own settings of one connection. */
export function ConnectionEditor({ settings, onChange, index }: Props) {
  const connections = settings.jsonData.connections ?? [];
  const connection = connections[index];
  const label = connection.name ? `Connection ${connection.name}` : `Connection ${index + 1}`;

  return (
    <FieldSet label={label}>
      <Stack wrap="wrap">
        <Field label="Type">
          <RadioButtonGroup<ConnectionType>
            aria-label={`Type of ${label}`}
            options={CONNECTION_TYPE_OPTIONS}
            value={connection.type}
            onChange={(type) => onChange(changeConnectionType(settings, index, type))}
          />
        </Field>
        <ConnectionName
          index={index}
          name={connection.name}
          problem={connectionNameProblem(connections, index)}
          onNameChange={(name) => onChange(updateConnection(settings, index, { ...connection, name }))}
        />
      </Stack>
      <TypeSettings settings={settings} onChange={onChange} index={index} connection={connection} />
      <Button
        variant="destructive"
        fill="outline"
        icon="trash-alt"
        aria-label={`Remove ${label}`}
        onClick={() => onChange(removeConnection(settings, index))}
      >
        Remove connection
      </Button>
    </FieldSet>
  );
}

interface ConnectionNameProps {
  index: number;
  name: string;
  problem?: string;
  onNameChange: (name: string) => void;
}

function ConnectionName({ index, name, problem, onNameChange }: ConnectionNameProps) {
  return (
    <Field
      label="Name"
      description="KPIs name it in source. Renaming keeps the connection's secrets."
      invalid={problem !== undefined}
      error={problem}
    >
      <Input
        id={connectionInputId(index, 'name')}
        width={30}
        value={name}
        onChange={(event) => onNameChange(event.currentTarget.value.trim())}
      />
    </Field>
  );
}

/** The settings of the connection's type; each part is given the connection narrowed to its type. */
function TypeSettings({
  settings,
  onChange,
  index,
  connection,
}: SettingsSectionProps & { index: number; connection: KpiConnection }) {
  const common = { settings, onChange, index };
  const onConnectionChange = (updated: KpiConnection) => onChange(updateConnection(settings, index, updated));
  const problems = connectionProblems(connection);
  switch (connection.type) {
    case 'prometheus':
      return (
        <PrometheusConnectionSettings {...common} connection={connection} onConnectionChange={onConnectionChange} />
      );
    case 'postgres':
    case 'mysql':
      return (
        <SqlServerSettings
          {...common}
          connection={connection}
          onConnectionChange={onConnectionChange}
          problems={problems}
        />
      );
    case 'sqlite':
      return (
        <SqliteSettings
          {...common}
          connection={connection}
          onConnectionChange={onConnectionChange}
          problems={problems}
        />
      );
  }
}
