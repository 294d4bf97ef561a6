import React from 'react';
import { Field, Input, Stack } from '@grafana/ui';
import { PrometheusConnection } from '../../types';
import { ConnectionAuthSettings } from './ConnectionAuthSettings';
import { ConnectionHeaders } from './ConnectionHeaders';
import { connectionInputId, ConnectionPartProps } from './connectionProps';
import { ConnectionTlsSettings } from './ConnectionTlsSettings';
import { parseNonZeroInteger, parsePositiveInteger } from './numberInput';

/** What the backend uses for cacheSeconds 0 or absent, and the most it accepts. */
export const DEFAULT_CACHE_SECONDS = 10;
export const MAX_CACHE_SECONDS = 300;

/** URL, scrape interval, timeout, cache, authentication, TLS and headers of one Prometheus connection. */
export function PrometheusConnectionSettings(props: ConnectionPartProps<PrometheusConnection>) {
  const { index, connection, onConnectionChange } = props;
  const onUrlChange = (event: React.ChangeEvent<HTMLInputElement>) =>
    onConnectionChange({ ...connection, url: event.currentTarget.value.trim() });
  const onScrapeIntervalChange = (event: React.ChangeEvent<HTMLInputElement>) =>
    onConnectionChange({ ...connection, scrapeInterval: event.currentTarget.value.trim() || undefined });
  const cacheSeconds = connection.cacheSeconds;
  const cacheProblem =
    cacheSeconds !== undefined && cacheSeconds > MAX_CACHE_SECONDS
      ? `At most ${MAX_CACHE_SECONDS} seconds: the cache absorbs bursts of viewers, it must not serve stale data.`
      : undefined;

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
        <Field
          label="Cache (seconds)"
          description={`Identical calls share answers this long. Empty or 0: ${DEFAULT_CACHE_SECONDS} s; negative: off.`}
          invalid={cacheProblem !== undefined}
          error={cacheProblem}
        >
          <Input
            id={connectionInputId(index, 'cache-seconds')}
            type="number"
            max={MAX_CACHE_SECONDS}
            width={20}
            placeholder={String(DEFAULT_CACHE_SECONDS)}
            value={cacheSeconds ?? ''}
            onChange={(event) =>
              onConnectionChange({ ...connection, cacheSeconds: parseNonZeroInteger(event.currentTarget.value) })
            }
          />
        </Field>
      </Stack>
      <ConnectionAuthSettings {...props} />
      <ConnectionTlsSettings {...props} />
      <ConnectionHeaders {...props} />
    </>
  );
}
