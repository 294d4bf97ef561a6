import React from 'react';
import { SelectableValue } from '@grafana/data';
import { Field, Input, RadioButtonGroup, Stack } from '@grafana/ui';
import { ConnectionAuth, PrometheusConnection } from '../../types';
import { connectionInputId, ConnectionPartProps } from './connectionProps';
import { ConnectionSecretField } from './ConnectionSecretField';

const AUTH_OPTIONS: Array<SelectableValue<ConnectionAuth>> = [
  { label: 'None', value: 'none' },
  { label: 'Basic', value: 'basic' },
  { label: 'Bearer', value: 'bearer' },
];

/** How the backend authenticates to a Prometheus server; the password or token goes to secureJsonData. */
export function ConnectionAuthSettings(props: ConnectionPartProps<PrometheusConnection>) {
  const { index, connection, onConnectionChange } = props;
  const auth = connection.auth ?? 'none';

  return (
    <Stack direction="column" gap={0}>
      <Field label="Authentication">
        <RadioButtonGroup
          aria-label="Authentication"
          options={AUTH_OPTIONS}
          value={auth}
          onChange={(value) => onConnectionChange({ ...connection, auth: value })}
        />
      </Field>
      {auth === 'basic' && (
        <Stack wrap="wrap">
          <Field label="User">
            <Input
              id={connectionInputId(index, 'basic-auth-user')}
              width={30}
              value={connection.basicAuthUser ?? ''}
              onChange={(event) => onConnectionChange({ ...connection, basicAuthUser: event.currentTarget.value })}
            />
          </Field>
          <ConnectionSecretField {...props} kind="basicAuthPassword" label="Password" />
        </Stack>
      )}
      {auth === 'bearer' && <ConnectionSecretField {...props} kind="bearerToken" label="Bearer token" />}
    </Stack>
  );
}
