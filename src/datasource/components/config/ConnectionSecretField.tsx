import React from 'react';
import { Field, SecretInput, SecretTextArea } from '@grafana/ui';
import { isSecretConfigured, resetSecret, secretValue, setSecret } from '../../connections';
import { KpiConnection, SecretKind } from '../../types';
import { connectionInputId } from './connectionProps';
import { FieldLabel } from './FieldLabel';
import { SettingsSectionProps } from './settingsProps';

interface Props extends SettingsSectionProps {
  index: number;
  connection: KpiConnection;
  kind: SecretKind;
  label: string;
  /** The input's id when the kind does not make a good one (custom headers). */
  inputId?: string;
  description?: React.ReactNode;
  placeholder?: string;
  /** Longer help, behind an info icon next to the label. */
  tooltip?: string;
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
  placeholder,
  tooltip,
  multiline,
  inputId,
}: Props) {
  const id = inputId ?? connectionInputId(index, kind);
  const isConfigured = isSecretConfigured(settings, connection, kind);
  const value = secretValue(settings, connection, kind);
  const onReset = () => onChange(resetSecret(settings, connection, kind));
  const onValueChange = (event: React.FormEvent<HTMLInputElement | HTMLTextAreaElement>) =>
    onChange(setSecret(settings, connection, kind, event.currentTarget.value));

  return (
    <Field
      label={
        tooltip ? (
          <FieldLabel htmlFor={id} description={description} tooltip={tooltip}>
            {label}
          </FieldLabel>
        ) : (
          label
        )
      }
      description={description}
    >
      {multiline ? (
        <SecretTextArea
          id={id}
          rows={5}
          cols={64}
          placeholder={placeholder ?? '-----BEGIN ...'}
          isConfigured={isConfigured}
          value={value}
          onReset={onReset}
          onChange={onValueChange}
        />
      ) : (
        <SecretInput
          id={id}
          width={40}
          placeholder={placeholder}
          isConfigured={isConfigured}
          value={value}
          onReset={onReset}
          onChange={onValueChange}
        />
      )}
    </Field>
  );
}
