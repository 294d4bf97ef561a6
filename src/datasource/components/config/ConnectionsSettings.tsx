import React from 'react';
import { Button, FieldSet, Text } from '@grafana/ui';
import { addConnection } from '../../connections';
import { ConnectionEditor } from './ConnectionEditor';
import { SettingsSectionProps } from './settingsProps';

export function ConnectionsSettings({ settings, onChange }: SettingsSectionProps) {
  const connections = settings.jsonData.connections ?? [];

  return (
    <FieldSet label="Connections">
      <Text element="p" color="secondary">
        Prometheus servers and SQL databases (PostgreSQL, MySQL, SQLite) the catalog&apos;s KPIs are computed from. The
        catalog refers to them by name.
      </Text>
      {connections.map((connection, index) => (
        <ConnectionEditor key={index} index={index} settings={settings} onChange={onChange} />
      ))}
      <Button variant="secondary" icon="plus" onClick={() => onChange(addConnection(settings))}>
        Add connection
      </Button>
    </FieldSet>
  );
}
