import React from 'react';
import { Field, Input, Stack } from '@grafana/ui';
import { PrometheusConnection } from '../../types';
import { ConnectionAuthSettings } from './ConnectionAuthSettings';
import { connectionInputId, ConnectionPartProps } from './connectionProps';
import { ConnectionTlsSettings } from './ConnectionTlsSettings';
import { parsePositiveInteger } from './numberInput';

/** URL, scrape interval, timeout, authentication and TLS of one Prometheus connection. */
export function PrometheusConnectionSettings(props: ConnectionPartProps<PrometheusConnection>) {
  const { index, connection, onConnectionChange } = props;
  const onUrlChange = (event: React.ChangeEvent<HTMLInputElement>) =>
    onConnectionChange({ ...connection, url: event.currentTarget.value.trim() });
  const onScrapeIntervalChange = (event: React.ChangeEvent<HTMLInputElement>) =>
    onConnectionChange({ ...connection, scrapeInterval: event.currentTarget.value.trim() || undefined });

  return (
    <>
      <Stack wrap="wrap">
        <Field label="URL" description="Prometheus base URL.">
          <Input
            id={connectionInputId(index, 'url')}
            width={50}
            placeholder="http://prometheus:9090"
            value={connection.url}
            onChange={onUrlChange}
          />
        </Field>
        <Field label="Scrape interval" description="Of this Prometheus, e.g. 15s: sets the shortest rate window.">
          <Input
            id={connectionInputId(index, 'scrape-interval')}
            width={20}
            placeholder="15s"
            value={connection.scrapeInterval ?? ''}
            onChange={onScrapeIntervalChange}
          />
        </Field>
        <Field label="Timeout (seconds)" description="Per Prometheus request. Empty: the backend default.">
          <Input
            id={connectionInputId(index, 'timeout')}
            type="number"
            min={1}
            width={20}
            value={connection.timeoutSeconds ?? ''}
            onChange={(event) =>
              onConnectionChange({ ...connection, timeoutSeconds: parsePositiveInteger(event.currentTarget.value) })
            }
          />
        </Field>
      </Stack>
      <ConnectionAuthSettings {...props} />
      <ConnectionTlsSettings {...props} />
    </>
  );
}
