import React from 'react';
import { MemoryRouter } from 'react-router-dom';
import { render, screen, within } from '@testing-library/react';
import { DataSourceInstanceSettings } from '@grafana/data';
import { DataSourceSrv, setDataSourceSrv } from '@grafana/runtime';
import { installBackend, makeDataSource } from '../datasource/testing/fakes';
import { KpiSummary } from '../datasource/types';
import { stubLayoutForComboboxes } from '../datasource/testing/layout';
import Catalog from './Catalog';

/** Serves `kpis` from GET kpis of one Northstar KPI data source, and renders the page. */
function renderCatalog(kpis: KpiSummary[]) {
  const datasource = makeDataSource();
  const settings = { uid: datasource.uid, name: datasource.name, type: datasource.type, meta: datasource.meta };
  const getList = jest.fn(() => [settings as DataSourceInstanceSettings]);
  const dataSourceSrv = { getList, getInstanceSettings: () => settings, get: async () => datasource };
  // Only what the page and the picker call.
  setDataSourceSrv(dataSourceSrv as unknown as DataSourceSrv);
  const fetch = installBackend(() => ({ kpis }));

  render(
    <MemoryRouter future={{ v7_startTransition: true, v7_relativeSplatPath: true }}>
      <Catalog />
    </MemoryRouter>
  );
  return { getList, fetch };
}

describe('Catalog page', () => {
  beforeAll(stubLayoutForComboboxes);

  it('lists the KPIs of the first Northstar KPI data source', async () => {
    const { getList } = renderCatalog([{ id: 'signup_rate', name: 'Signup rate', owner: 'growth' }]);

    expect(await screen.findByText('Signup rate')).toBeInTheDocument();
    expect(screen.getByText('signup_rate')).toBeInTheDocument();
    expect(getList).toHaveBeenCalledWith({ pluginId: 'northstar-kpi-datasource' });
  });

  it('lists the SLOs of each KPI from the KPI list resource', async () => {
    const { fetch } = renderCatalog([
      {
        id: 'api_availability',
        name: 'API availability',
        slos: [
          {
            name: '99.9-30d',
            objective: 0.999,
            window: { rolling: '30d' },
            budgeting: { method: 'occurrences' },
            alerting: { pairs: [{ severity: 'critical', long: '1h', short: '5m', factor: 14.4 }] },
          },
          {
            name: 'quarterly',
            objective: 0.9995,
            window: { calendar: 'quarter' },
            budgeting: { method: 'ratioTimeslices', slice: '1m' },
            alerting: { pairs: null },
          },
        ],
      },
      { id: 'signup_rate', name: 'Signup rate' },
    ]);

    const slos = within(await screen.findByRole('list', { name: 'SLOs of API availability' })).getAllByRole('listitem');
    expect(slos.map((slo) => slo.textContent)).toEqual([
      '99.9-30d99.9% · rolling 30d · occurrences',
      'quarterly99.95% · calendar quarter · ratio timeslices (1m slices)',
    ]);
    expect(screen.queryByRole('list', { name: 'SLOs of Signup rate' })).not.toBeInTheDocument();
    expect(fetch).toHaveBeenCalledWith(expect.objectContaining({ url: expect.stringMatching(/\/resources\/kpis$/) }));
  });
});
