import React from 'react';
import { Field, Input } from '@grafana/ui';
import { ConnectionProblems } from '../../connections';
import { SqliteConnection } from '../../types';
import { connectionInputId, ConnectionPartProps } from './connectionProps';
import { FieldLabel } from './FieldLabel';
import { SqlLimitSettings } from './SqlLimitSettings';

type Props = ConnectionPartProps<SqliteConnection> & { problems: ConnectionProblems };

/** The database file and limits of a SQLite connection. */
export function SqliteSettings(props: Props) {
  const { index, connection, onConnectionChange, problems } = props;
  const pathId = connectionInputId(index, 'path');

  return (
    <>
      <Field
        label={
          <FieldLabel
            htmlFor={pathId}
            required
            description="An absolute path of a database file on the Grafana server."
            tooltip="Opened read-only: the backend never writes to it. The Grafana server's user must be able to read the file."
          >
            Path
          </FieldLabel>
        }
        invalid={problems.path !== undefined}
        error={problems.path}
      >
        <Input
          id={pathId}
          width={60}
          placeholder="/var/lib/grafana/kpis.db"
          value={connection.path}
          onChange={(event) => onConnectionChange({ ...connection, path: event.currentTarget.value.trim() })}
        />
      </Field>
      <SqlLimitSettings {...props} />
    </>
  );
}
