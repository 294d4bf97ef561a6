import React from 'react';
import { render, screen } from '@testing-library/react';
import { PluginType } from '@grafana/data';
import AppConfig, { AppConfigProps } from './AppConfig';

function renderConfig(enabled: boolean) {
  const props = {
    plugin: {
      meta: { id: 'northstar-kpi-app', name: 'Northstar KPI', type: PluginType.app, enabled, jsonData: {} },
    },
    query: {},
  } as unknown as AppConfigProps; // Only plugin.meta is read; the AppPlugin methods are irrelevant here.
  render(<AppConfig {...props} />);
}

describe('Components/AppConfig', () => {
  it('links to adding a Northstar KPI data source', () => {
    renderConfig(false);
    expect(screen.getByRole('group', { name: 'Northstar KPI' })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: /add a northstar kpi data source/i })).toHaveAttribute(
      'href',
      '/plugins/northstar-kpi-datasource'
    );
    expect(screen.queryByRole('link', { name: /open the kpi catalog/i })).not.toBeInTheDocument();
  });

  it('links to the catalog page once the app is enabled', () => {
    renderConfig(true);
    expect(screen.getByRole('link', { name: /open the kpi catalog/i })).toHaveAttribute(
      'href',
      '/a/northstar-kpi-app/catalog'
    );
  });
});
