import React from 'react';
import { Field, SecretInput, SecretTextArea } from '@grafana/ui';
import { isSecretConfigured, resetSecret, secretValue, setSecret } from '../../connections';
import { ConnectionSecretKind } from '../../types';
import { connectionInputId, ConnectionPartProps } from './connectionProps';

interface Props extends ConnectionPartProps {
  kind: ConnectionSecretKind;
  label: string;
  description?: string;
  /** PEM certificates and keys span several lines. */
  multiline?: boolean;
}

/** A write-only secret of one connection: shows "configured" once saved, with a reset button. */
export function ConnectionSecretField({
  settings,
  onChange,
  index,
  connection,
  kind,
  label,
  description,
  multiline,
}: Props) {
  const id = connectionInputId(index, kind);
  const isConfigured = isSecretConfigured(settings, connection.name, kind);
  const value = secretValue(settings, connection.name, kind);
  const onReset = () => onChange(resetSecret(settings, connection.name, kind));
  const onValueChange = (event: React.FormEvent<HTMLInputElement | HTMLTextAreaElement>) =>
    onChange(setSecret(settings, connection.name, kind, event.currentTarget.value));

  return (
    <Field label={label} description={description}>
      {multiline ? (
        <SecretTextArea
          id={id}
          rows={5}
          cols={64}
          placeholder="-----BEGIN ..."
          isConfigured={isConfigured}
          value={value}
          onReset={onReset}
          onChange={onValueChange}
        />
      ) : (
        <SecretInput
          id={id}
          width={40}
          isConfigured={isConfigured}
          value={value}
          onReset={onReset}
          onChange={onValueChange}
        />
      )}
    </Field>
  );
}
