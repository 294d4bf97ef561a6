import React, { useState } from 'react';
import { Button, Field, IconButton, Input, Stack, Text } from '@grafana/ui';
import {
  addHeader,
  headerNameProblem,
  headerSecretKind,
  MAX_HEADERS,
  removeHeader,
  renameHeader,
} from '../../connections';
import { PrometheusConnection } from '../../types';
import { connectionInputId, ConnectionPartProps } from './connectionProps';
import { ConnectionSecretField } from './ConnectionSecretField';

/**
 * Custom HTTP headers of a Prometheus connection, e.g. X-Scope-OrgID for a multi-tenant Mimir. The
 * names go to jsonData, the values to secureJsonData (`<id>.header.<name>`).
 */
export function ConnectionHeaders(props: ConnectionPartProps<PrometheusConnection>) {
  const { settings, onChange, index, connection } = props;
  const headers = connection.headers ?? [];

  return (
    <Stack direction="column" gap={1}>
      <Text element="h6">Custom HTTP headers</Text>
      <Text color="secondary" element="p">
        Sent with every request to this connection, e.g. X-Scope-OrgID with the tenant of a multi-tenant Mimir. Values
        are stored encrypted.
      </Text>
      {headers.map((header, headerIndex) => (
        // Keyed by the name too, so that a row shows its own draft after a header above is removed.
        <Stack key={`${headerIndex}:${header.name}`} wrap="wrap" alignItems="flex-start">
          <HeaderName
            index={index}
            headerIndex={headerIndex}
            name={header.name}
            problem={headerNameProblem(headers, headerIndex, connection.auth)}
            onRename={(name) => onChange(renameHeader(settings, index, headerIndex, name))}
          />
          <ConnectionSecretField
            {...props}
            kind={headerSecretKind(header.name)}
            inputId={connectionInputId(index, `header-${headerIndex}-value`)}
            label="Header value"
          />
          <IconButton
            name="trash-alt"
            tooltip={`Remove header ${header.name || headerIndex + 1}`}
            onClick={() => onChange(removeHeader(settings, index, headerIndex))}
          />
        </Stack>
      ))}
      <div>
        <Button
          variant="secondary"
          size="sm"
          icon="plus"
          disabled={headers.length >= MAX_HEADERS}
          onClick={() => onChange(addHeader(settings, index))}
        >
          Add header
        </Button>
      </div>
    </Stack>
  );
}

interface HeaderNameProps {
  index: number;
  headerIndex: number;
  name: string;
  problem?: string;
  onRename: (name: string) => void;
}

/**
 * The name, renamed when the input loses focus: the value is keyed by the name, so renaming on every
 * keystroke would move it through every prefix of the name.
 */
function HeaderName({ index, headerIndex, name, problem, onRename }: HeaderNameProps) {
  const [draft, setDraft] = useState(name);

  return (
    <Field label="Header name" invalid={problem !== undefined} error={problem}>
      <Input
        id={connectionInputId(index, `header-${headerIndex}-name`)}
        width={30}
        placeholder="X-Scope-OrgID"
        value={draft}
        onChange={(event) => setDraft(event.currentTarget.value)}
        onBlur={() => onRename(draft.trim())}
      />
    </Field>
  );
}
