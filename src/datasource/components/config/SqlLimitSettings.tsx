import React from 'react';
import { Field, Input, Stack } from '@grafana/ui';
import { SQL_DEFAULTS } from '../../connections';
import { SqlConnection, SqlConnectionLimits } from '../../types';
import { connectionInputId, ConnectionPartProps } from './connectionProps';
import { FieldLabel } from './FieldLabel';
import { parsePositiveInteger } from './numberInput';

interface Limit {
  key: keyof SqlConnectionLimits;
  input: string;
  label: string;
  tooltip: string;
}

const LIMITS: Limit[] = [
  {
    key: 'timeoutSeconds',
    input: 'timeout',
    label: 'Timeout (seconds)',
    tooltip:
      "Statement timeout: the database cancels a statement that runs longer. The request's own deadline " +
      "(a dashboard's or an alert rule's) cuts it shorter.",
  },
  {
    key: 'maxOpenConns',
    input: 'max-open-conns',
    label: 'Max open connections',
    tooltip:
      'Pool limit: at most this many connections to the database at the same time, shared by every query of this data ' +
      'source. Further statements wait for a free connection.',
  },
  {
    key: 'maxRows',
    input: 'max-rows',
    label: 'Max rows',
    tooltip:
      'Row limit per statement: protects Grafana from a KPI whose statement returns more rows than it can hold. ' +
      'KPI statements aggregate, so they rarely come close.',
  },
];

/** Statement timeout, pool and row limits of a SQL connection; empty fields get the backend defaults. */
export function SqlLimitSettings<C extends SqlConnection>({
  index,
  connection,
  onConnectionChange,
}: ConnectionPartProps<C>) {
  return (
    <Stack wrap="wrap">
      {LIMITS.map(({ key, input, label, tooltip }) => {
        const id = connectionInputId(index, input);
        return (
          <Field
            key={key}
            label={
              <FieldLabel htmlFor={id} description={`Empty: ${SQL_DEFAULTS[key]}.`} tooltip={tooltip}>
                {label}
              </FieldLabel>
            }
          >
            <Input
              id={id}
              type="number"
              min={1}
              width={20}
              placeholder={String(SQL_DEFAULTS[key])}
              value={connection[key] ?? ''}
              onChange={(event) =>
                onConnectionChange({ ...connection, [key]: parsePositiveInteger(event.currentTarget.value) })
              }
            />
          </Field>
        );
      })}
    </Stack>
  );
}
