import React from 'react';
import { Button, Field, FieldSet, Input, Stack } from '@grafana/ui';
import { connectionNameProblem, removeConnection, updateConnection } from '../../connections';
import { KpiConnection } from '../../types';
import { ConnectionAuthSettings } from './ConnectionAuthSettings';
import { connectionInputId, ConnectionPartProps } from './connectionProps';
import { ConnectionTlsSettings } from './ConnectionTlsSettings';
import { parsePositiveInteger } from './numberInput';
import { SettingsSectionProps } from './settingsProps';

interface Props extends SettingsSectionProps {
  index: number;
}

/** Name, URL, timeout, authentication and TLS of one Prometheus connection. */
export function ConnectionEditor({ settings, onChange, index }: Props) {
  const connections = settings.jsonData.connections ?? [];
  const connection = connections[index];
  const onConnectionChange = (updated: KpiConnection) => onChange(updateConnection(settings, index, updated));
  const partProps: ConnectionPartProps = { settings, onChange, index, connection, onConnectionChange };
  const label = connection.name ? `Connection ${connection.name}` : `Connection ${index + 1}`;

  return (
    <FieldSet label={label}>
      <ConnectionBasics {...partProps} nameProblem={connectionNameProblem(connections, index)} />
      <ConnectionAuthSettings {...partProps} />
      <ConnectionTlsSettings {...partProps} />
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

function ConnectionBasics({
  index,
  connection,
  onConnectionChange,
  nameProblem,
}: ConnectionPartProps & { nameProblem?: string }) {
  const onTextChange = (key: 'name' | 'url') => (event: React.ChangeEvent<HTMLInputElement>) =>
    onConnectionChange({ ...connection, [key]: event.currentTarget.value.trim() });
  const onScrapeIntervalChange = (event: React.ChangeEvent<HTMLInputElement>) =>
    onConnectionChange({ ...connection, scrapeInterval: event.currentTarget.value.trim() || undefined });

  return (
    <Stack wrap="wrap">
      <Field
        label="Name"
        description="Renaming clears the connection's saved secrets."
        invalid={nameProblem !== undefined}
        error={nameProblem}
      >
        <Input
          id={connectionInputId(index, 'name')}
          width={30}
          value={connection.name}
          onChange={onTextChange('name')}
        />
      </Field>
      <Field label="URL" description="Prometheus base URL.">
        <Input
          id={connectionInputId(index, 'url')}
          width={50}
          placeholder="http://prometheus:9090"
          value={connection.url}
          onChange={onTextChange('url')}
        />
      </Field>
      <Field label="Scrape interval" description="Of this Prometheus, e.g. 15s: sets the shortest rate window.">
        <Input
          id={connectionInputId(index, 'scrape-interval')}
          width={20}
          placeholder="15s"
          value={connection.scrapeInterval ?? ''}
          onChange={onScrapeIntervalChange}
        />
      </Field>
      <Field label="Timeout (seconds)" description="Per Prometheus request. Empty: the backend default.">
        <Input
          id={connectionInputId(index, 'timeout')}
          type="number"
          min={1}
          width={20}
          value={connection.timeoutSeconds ?? ''}
          onChange={(event) =>
            onConnectionChange({ ...connection, timeoutSeconds: parsePositiveInteger(event.currentTarget.value) })
          }
        />
      </Field>
    </Stack>
  );
}
