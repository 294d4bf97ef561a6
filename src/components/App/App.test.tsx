import React from 'react';
import { MemoryRouter } from 'react-router-dom';
import { AppRootProps, PluginType } from '@grafana/data';
import { DataSourceSrv, setDataSourceSrv } from '@grafana/runtime';
import { render, screen } from '@testing-library/react';
import App from './App';

describe('Components/App', () => {
  const props = {
    basename: 'a/northstar-kpi-app',
    meta: { id: 'northstar-kpi-app', name: 'Northstar KPI', type: PluginType.app, enabled: true, jsonData: {} },
    query: {},
    path: '',
    onNavChanged: jest.fn(),
  } as unknown as AppRootProps; // Only routing matters here.

  it('shows the catalog page, which offers to add a data source when there is none', async () => {
    // The catalog page asks Grafana for Northstar KPI data sources: there are none here.
    setDataSourceSrv({ getList: () => [] } as unknown as DataSourceSrv);
    render(
      <MemoryRouter initialEntries={['/catalog']} future={{ v7_startTransition: true, v7_relativeSplatPath: true }}>
        <App {...props} />
      </MemoryRouter>
    );

    // The page is lazy loaded: its modules are transformed on first import, which takes seconds on a busy machine.
    expect(
      await screen.findByText('No Northstar KPI data source yet', undefined, { timeout: 10000 })
    ).toBeInTheDocument();
    expect(screen.getByRole('link', { name: /add a northstar kpi data source/i })).toBeInTheDocument();
  });
});
