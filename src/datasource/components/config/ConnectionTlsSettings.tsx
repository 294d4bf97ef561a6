import React from 'react';
import { Field, Stack, Switch } from '@grafana/ui';
import { hasSecret } from '../../connections';
import { PrometheusConnection } from '../../types';
import { connectionInputId, ConnectionPartProps } from './connectionProps';
import { ConnectionSecretField } from './ConnectionSecretField';

/**
 * TLS to a Prometheus server, as in Grafana's own data sources: the certificate fields stay hidden
 * until their switch is on. A connection saved before the switches has them on when it has the
 * certificate (the backend reads the switches the same way); off, a saved certificate is not used.
 */
export function ConnectionTlsSettings(props: ConnectionPartProps<PrometheusConnection>) {
  const { index, connection, onConnectionChange, settings } = props;
  const withCA = connection.tlsAuthWithCACert ?? hasSecret(settings, connection, 'tlsCACert');
  const withClientCert = connection.tlsAuth ?? hasSecret(settings, connection, 'tlsClientCert');

  return (
    <Stack direction="column" gap={0}>
      <Field label="Skip TLS certificate verification" description="Insecure: accepts any server certificate.">
        <Switch
          id={connectionInputId(index, 'tls-skip-verify')}
          value={connection.tlsSkipVerify ?? false}
          onChange={(event) => onConnectionChange({ ...connection, tlsSkipVerify: event.currentTarget.checked })}
        />
      </Field>
      <Field
        label="With CA certificate"
        description="Verify the server with your own CA, e.g. for a self-signed certificate."
      >
        <Switch
          id={connectionInputId(index, 'tls-with-ca')}
          value={withCA}
          onChange={(event) => onConnectionChange({ ...connection, tlsAuthWithCACert: event.currentTarget.checked })}
        />
      </Field>
      {withCA && (
        <ConnectionSecretField
          {...props}
          kind="tlsCACert"
          label="CA certificate"
          description="PEM. Verifies the server's certificate."
          multiline
        />
      )}
      <Field label="TLS client authentication" description="Mutual TLS: the server verifies a client certificate.">
        <Switch
          id={connectionInputId(index, 'tls-client-auth')}
          value={withClientCert}
          onChange={(event) => onConnectionChange({ ...connection, tlsAuth: event.currentTarget.checked })}
        />
      </Field>
      {withClientCert && (
        <>
          <ConnectionSecretField
            {...props}
            kind="tlsClientCert"
            label="Client certificate"
            description="PEM. For mutual TLS, with the client key."
            multiline
          />
          <ConnectionSecretField {...props} kind="tlsClientKey" label="Client key" description="PEM." multiline />
        </>
      )}
    </Stack>
  );
}
