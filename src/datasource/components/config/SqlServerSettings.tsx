import React from 'react';
import { Field, Input, Stack } from '@grafana/ui';
import { ConnectionProblems, DEFAULT_PORTS } from '../../connections';
import { SqlServerConnection } from '../../types';
import { connectionInputId, ConnectionPartProps } from './connectionProps';
import { ConnectionSecretField } from './ConnectionSecretField';
import { FieldLabel } from './FieldLabel';
import { SqlLimitSettings } from './SqlLimitSettings';
import { SqlTlsSettings } from './SqlTlsSettings';

const READ_ONLY_TOOLTIP =
  'The backend runs every statement in a read-only session and only runs the SQL the catalog defines. ' +
  'Still, give it a user that may only read the KPI tables (SELECT grants): grants are what the database enforces.';

const DATABASE_PLACEHOLDER = 'kpis';
const USER_PLACEHOLDER = 'grafana_kpi_reader';

type Props = ConnectionPartProps<SqlServerConnection> & { problems: ConnectionProblems };

/** Host, database, user, password, TLS and limits of a PostgreSQL or MySQL/MariaDB connection. */
export function SqlServerSettings(props: Props) {
  const { index, connection, onConnectionChange, problems } = props;
  const port = DEFAULT_PORTS[connection.type];
  const onTextChange = (key: 'host' | 'database' | 'user') => (event: React.ChangeEvent<HTMLInputElement>) =>
    onConnectionChange({ ...connection, [key]: event.currentTarget.value.trim() });
  const hostId = connectionInputId(index, 'host');
  const userId = connectionInputId(index, 'user');

  return (
    <>
      <Stack wrap="wrap">
        <Field
          label={
            <FieldLabel
              htmlFor={hostId}
              required
              description={`host[:port]. Without a port: ${port}.`}
              tooltip="The server as the Grafana server reaches it: a host name or an IP address (IPv6 in brackets), optionally with a port."
            >
              Host
            </FieldLabel>
          }
          invalid={problems.host !== undefined}
          error={problems.host}
        >
          <Input
            id={hostId}
            width={40}
            placeholder={`db.example.com:${port}`}
            value={connection.host}
            onChange={onTextChange('host')}
          />
        </Field>
        <Field
          label="Database"
          required
          description="The database the catalog's tables are in."
          invalid={problems.database !== undefined}
          error={problems.database}
        >
          <Input
            id={connectionInputId(index, 'database')}
            width={30}
            placeholder={DATABASE_PLACEHOLDER}
            value={connection.database}
            onChange={onTextChange('database')}
          />
        </Field>
      </Stack>
      <Stack wrap="wrap">
        <Field
          label={
            <FieldLabel htmlFor={userId} description="A user that may only read." tooltip={READ_ONLY_TOOLTIP}>
              User
            </FieldLabel>
          }
        >
          <Input
            id={userId}
            width={30}
            placeholder={USER_PLACEHOLDER}
            value={connection.user}
            onChange={onTextChange('user')}
          />
        </Field>
        <ConnectionSecretField
          {...props}
          kind="password"
          label="Password"
          description="Stored encrypted. Empty: none."
        />
      </Stack>
      <SqlTlsSettings {...props} />
      <SqlLimitSettings {...props} />
    </>
  );
}
