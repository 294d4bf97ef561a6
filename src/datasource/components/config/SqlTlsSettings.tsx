import React from 'react';
import { SelectableValue } from '@grafana/data';
import { Field, Input, RadioButtonGroup, Stack } from '@grafana/ui';
import { SqlServerConnection, SqlServerConnectionType, SqlTlsMode } from '../../types';
import { connectionInputId, ConnectionPartProps } from './connectionProps';
import { ConnectionSecretField } from './ConnectionSecretField';
import { FieldLabel } from './FieldLabel';

const TLS_MODE_OPTIONS: Array<SelectableValue<SqlTlsMode>> = [
  { label: 'Disable', value: 'disable' },
  { label: 'Require', value: 'require' },
  { label: 'Verify CA', value: 'verify-ca' },
  { label: 'Verify full', value: 'verify-full' },
];

/** What each mode does; for MySQL the backend maps PostgreSQL's sslmode words to these meanings. */
const TLS_MODE_MEANINGS: Record<SqlTlsMode, string> = {
  disable: 'No TLS: the connection is not encrypted.',
  require: 'TLS, but the server certificate is not verified.',
  'verify-ca': 'TLS; the server certificate must be signed by the CA.',
  'verify-full': 'TLS; the server certificate must be signed by the CA and name the host.',
};

const TLS_MODE_TOOLTIPS: Record<SqlServerConnectionType, string> = {
  postgres: "PostgreSQL's sslmode: disable, require, verify-ca or verify-full.",
  mysql:
    'For MySQL and MariaDB the same words mean: no TLS, TLS without verification, verify the CA, verify the CA and the host name.',
};

/** TLS to a PostgreSQL or MySQL server: the certificates stay hidden while TLS is disabled. */
export function SqlTlsSettings(props: ConnectionPartProps<SqlServerConnection>) {
  const { index, connection, onConnectionChange } = props;
  const mode = connection.tlsMode ?? 'disable';
  const modeId = connectionInputId(index, 'tls-mode');
  const serverNameId = connectionInputId(index, 'tls-server-name');

  return (
    <Stack direction="column" gap={0}>
      <Field
        label={
          <FieldLabel
            htmlFor={modeId}
            description={TLS_MODE_MEANINGS[mode]}
            tooltip={TLS_MODE_TOOLTIPS[connection.type]}
          >
            TLS mode
          </FieldLabel>
        }
      >
        <RadioButtonGroup<SqlTlsMode>
          id={modeId}
          aria-label="TLS mode"
          options={TLS_MODE_OPTIONS}
          value={mode}
          onChange={(tlsMode) => onConnectionChange({ ...connection, tlsMode })}
        />
      </Field>
      {mode !== 'disable' && (
        <>
          <Field
            label="TLS server name"
            description="The name the server certificate must carry, for verify-full. Empty: the host."
          >
            <Input
              id={serverNameId}
              width={40}
              placeholder="db.example.com"
              value={connection.tlsServerName ?? ''}
              onChange={(event) =>
                onConnectionChange({ ...connection, tlsServerName: event.currentTarget.value.trim() || undefined })
              }
            />
          </Field>
          <ConnectionSecretField
            {...props}
            kind="tlsCACert"
            label="CA certificate"
            description="PEM. Verifies the server's certificate (verify-ca, verify-full). Empty: the system's CAs."
            multiline
          />
          <ConnectionSecretField
            {...props}
            kind="tlsClientCert"
            label="Client certificate"
            description="PEM. For client certificate authentication, with the client key."
            multiline
          />
          <ConnectionSecretField {...props} kind="tlsClientKey" label="Client key" description="PEM." multiline />
        </>
      )}
    </Stack>
  );
}
