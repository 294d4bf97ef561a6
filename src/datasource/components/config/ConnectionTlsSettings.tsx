import React from 'react';
import { Field, Stack, Switch } from '@grafana/ui';
import { PrometheusConnection } from '../../types';
import { connectionInputId, ConnectionPartProps } from './connectionProps';
import { ConnectionSecretField } from './ConnectionSecretField';

/** TLS to a Prometheus server. */
export function ConnectionTlsSettings(props: ConnectionPartProps<PrometheusConnection>) {
  const { index, connection, onConnectionChange } = props;

  return (
    <Stack direction="column" gap={0}>
      <Field label="Skip TLS certificate verification" description="Insecure: accepts any server certificate.">
        <Switch
          id={connectionInputId(index, 'tls-skip-verify')}
          value={connection.tlsSkipVerify ?? false}
          onChange={(event) => onConnectionChange({ ...connection, tlsSkipVerify: event.currentTarget.checked })}
        />
      </Field>
      <ConnectionSecretField
        {...props}
        kind="tlsCACert"
        label="CA certificate"
        description="PEM. Verifies the server's certificate."
        multiline
      />
      <ConnectionSecretField
        {...props}
        kind="tlsClientCert"
        label="Client certificate"
        description="PEM. For mutual TLS, with the client key."
        multiline
      />
      <ConnectionSecretField {...props} kind="tlsClientKey" label="Client key" description="PEM." multiline />
    </Stack>
  );
}
