import React from 'react';
import { MemoryRouter } from 'react-router-dom';
import { render, screen, within } from '@testing-library/react';
import { DataSourceApi, DataSourceInstanceSettings } from '@grafana/data';
import { BackendSrvRequest, DataSourceSrv, setDataSourceSrv } from '@grafana/runtime';
import { installBackend, makeDataSource } from '../datasource/testing/fakes';
import { KpiSummary } from '../datasource/types';
import { stubLayoutForComboboxes } from '../datasource/testing/layout';
import Catalog from './Catalog';

type Instance = 'same-bundle' | 'other-bundle';

interface Options {
  /** The page's URL after /a/<app>/catalog, e.g. "?kpi=signup_rate". */
  search?: string;
  /** Answer of GET kpis/<id>. */
  detail?: (request: BackendSrvRequest) => unknown;
  /** How the data source instance is made: from this bundle's class, or as Grafana does from another bundle. */
  instance?: Instance;
  type?: string;
}

/**
 * What Grafana hands the app for a data source built from dist/datasource/module.js: an object of
 * another bundle's class. It is not an instance of this bundle's DataSource class.
 */
function instanceFromAnotherBundle(): DataSourceApi {
  const real = makeDataSource();
  class DataSourceOfAnotherBundle {
    uid = real.uid;
    name = real.name;
    type = real.type;
    meta = real.meta;
    getResource = real.getResource.bind(real);
  }
  return new DataSourceOfAnotherBundle() as unknown as DataSourceApi;
}

/** Serves `kpis` from GET kpis of one Northstar KPI data source, and renders the page. */
function renderCatalog(kpis: KpiSummary[], options: Options = {}) {
  const datasource = options.instance === 'other-bundle' ? instanceFromAnotherBundle() : makeDataSource();
  const type = options.type ?? datasource.type;
  Object.assign(datasource, { type, meta: { ...datasource.meta, id: type } });
  const settings = { uid: datasource.uid, name: datasource.name, type, meta: datasource.meta };
  const getList = jest.fn(() => [settings as DataSourceInstanceSettings]);
  const dataSourceSrv = { getList, getInstanceSettings: () => settings, get: async () => datasource };
  // Only what the page and the picker call.
  setDataSourceSrv(dataSourceSrv as unknown as DataSourceSrv);
  const fetch = installBackend((request) =>
    /\/resources\/kpis$/.test(request.url) ? { kpis } : options.detail?.(request)
  );

  render(
    <MemoryRouter
      initialEntries={[`/a/northstar-kpi-app/catalog${options.search ?? ''}`]}
      future={{ v7_startTransition: true, v7_relativeSplatPath: true }}
    >
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

  it("works with an instance of the data source bundle's own class, as in Grafana", async () => {
    const { fetch } = renderCatalog([{ id: 'signup_rate', name: 'Signup rate', owner: 'growth' }], {
      instance: 'other-bundle',
    });

    expect(await screen.findByText('Signup rate')).toBeInTheDocument();
    expect(screen.queryByText(/is not a Northstar KPI data source/)).not.toBeInTheDocument();
    expect(fetch).toHaveBeenCalledWith(expect.objectContaining({ url: '/api/datasources/uid/kpi-uid/resources/kpis' }));
  });

  it('refuses a data source of another plugin', async () => {
    renderCatalog([], { type: 'prometheus' });
    expect(await screen.findByText('Northstar KPI is not a Northstar KPI data source.')).toBeInTheDocument();
  });

  it('opens the KPI of ?kpi= with its definition and generated PromQL', async () => {
    const kpi: KpiSummary = { id: 'signup_rate', name: 'Signup rate', unit: 'percentunit', target: { value: 0.2 } };
    const { fetch } = renderCatalog([kpi, { id: 'orders', name: 'Orders' }], {
      search: '?kpi=signup_rate',
      instance: 'other-bundle',
      detail: () => ({ kpi: { ...kpi, query: { expr: 'signups / visits' } }, promql: { series: 'sum(signups)' } }),
    });

    const details = await screen.findByRole('region', { name: 'Signup rate' });
    expect(await within(details).findByLabelText('Definition of Signup rate')).toHaveTextContent(
      'expr: signups / visits'
    );
    expect(within(details).getByRole('figure', { name: 'Series (PromQL)' })).toHaveTextContent('sum(signups)');
    expect(within(details).getByLabelText('About Signup rate')).toHaveTextContent('Target20%');
    expect(screen.getByRole('button', { name: 'Signup rate' })).toHaveAttribute('aria-current', 'true');
    expect(fetch).toHaveBeenCalledWith(
      expect.objectContaining({
        url: '/api/datasources/uid/kpi-uid/resources/kpis/signup_rate',
        params: expect.objectContaining({ from: expect.any(Number), to: expect.any(Number), step: expect.any(Number) }),
      })
    );
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
