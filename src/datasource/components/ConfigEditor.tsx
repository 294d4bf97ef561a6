import React from 'react';
import { DataSourcePluginOptionsEditorProps } from '@grafana/data';
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
    </>
  );
}
