import React from 'react';
import { DataSourcePluginOptionsEditorProps } from '@grafana/data';
import { config } from '@grafana/runtime';
import { Field, FieldSet, Switch } from '@grafana/ui';
import { KpiDataSourceOptions, KpiSecureJsonData } from '../types';
import { CatalogSettings } from './config/CatalogSettings';
import { ConnectionsSettings } from './config/ConnectionsSettings';
import { QueryLimitSettings } from './config/QueryLimitSettings';

export type ConfigEditorProps = DataSourcePluginOptionsEditorProps<KpiDataSourceOptions, KpiSecureJsonData>;

export function ConfigEditor({ options, onOptionsChange }: ConfigEditorProps) {
  return (
    <>
      <CatalogSettings settings={options} onChange={onOptionsChange} />
      <ConnectionsSettings settings={options} onChange={onOptionsChange} />
      <QueryLimitSettings settings={options} onChange={onOptionsChange} />
      {config.secureSocksDSProxyEnabled && (
        // Offered only when Grafana has a secure socks proxy; the backend reads jsonData.enableSecureSocksProxy.
        <FieldSet label="Secure socks proxy">
          <Field
            label="Use the secure socks proxy"
            description="For every connection of this data source, Prometheus and SQL (SQLite files aside)."
          >
            <Switch
              id="kpi-secure-socks-proxy"
              value={options.jsonData.enableSecureSocksProxy ?? false}
              onChange={(event) =>
                onOptionsChange({
                  ...options,
                  jsonData: { ...options.jsonData, enableSecureSocksProxy: event.currentTarget.checked },
                })
              }
            />
          </Field>
        </FieldSet>
      )}
    </>
  );
}
