import React from 'react';
import { MemoryRouter } from 'react-router-dom';
import { render, screen } from '@testing-library/react';
import { DataSourceInstanceSettings } from '@grafana/data';
import { DataSourceSrv, setDataSourceSrv } from '@grafana/runtime';
import { installBackend, makeDataSource } from '../datasource/testing/fakes';
import { stubLayoutForComboboxes } from '../datasource/testing/layout';
import Catalog from './Catalog';

describe('Catalog page', () => {
  beforeAll(stubLayoutForComboboxes);

  it('lists the KPIs of the first Northstar KPI data source', async () => {
    const datasource = makeDataSource();
    const settings = { uid: datasource.uid, name: datasource.name, type: datasource.type, meta: datasource.meta };
    const getList = jest.fn(() => [settings as DataSourceInstanceSettings]);
    const dataSourceSrv = { getList, getInstanceSettings: () => settings, get: async () => datasource };
    // Only what the page and the picker call.
    setDataSourceSrv(dataSourceSrv as unknown as DataSourceSrv);
    installBackend(() => ({ kpis: [{ id: 'signup_rate', name: 'Signup rate', owner: 'growth' }] }));

    render(
      <MemoryRouter future={{ v7_startTransition: true, v7_relativeSplatPath: true }}>
        <Catalog />
      </MemoryRouter>
    );

    expect(await screen.findByText('Signup rate')).toBeInTheDocument();
    expect(screen.getByText('signup_rate')).toBeInTheDocument();
    expect(getList).toHaveBeenCalledWith({ pluginId: 'northstar-kpi-datasource' });
  });
});
