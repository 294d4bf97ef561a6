import React from 'react';
import { MemoryRouter, useLocation } from 'react-router-dom';
import { render, screen, within } from '@testing-library/react';
import { BackendSrvRequest } from '@grafana/runtime';
import overview from '../../../tests/browser/fixtures/overview.json';
import { installBackend } from '../../datasource/testing/fakes';
import { stubLayoutForComboboxes } from '../../datasource/testing/layout';
import type { KpiSummary } from '../../datasource/types';
import { KpiOverview } from './KpiOverview';

const kpis = overview.kpis.kpis as unknown as KpiSummary[];

function Location() {
  const location = useLocation();
  return <output data-testid="location">{location.search}</output>;
}

function renderOverview(search = '', answer: (request: BackendSrvRequest) => unknown = () => overview.query.response) {
  const fetch = installBackend(answer);
  const listKpis = jest.fn(async () => kpis);
  render(
    <MemoryRouter
      initialEntries={[`/a/northstar-kpi-app/overview${search}`]}
      future={{ v7_startTransition: true, v7_relativeSplatPath: true }}
    >
      <KpiOverview uid="northstar-kpi" datasource={{ listKpis }} />
      <Location />
    </MemoryRouter>
  );
  return { fetch, listKpis };
}

const rowKeys = () =>
  within(screen.getByTestId('data-testid overview-body'))
    .getAllByRole('row')
    .map((row) => row.getAttribute('data-row-key'));

describe('KpiOverview', () => {
  beforeAll(stubLayoutForComboboxes);
  beforeAll(() =>
    jest.useFakeTimers({
      now: overview.now,
      doNotFake: ['setTimeout', 'setInterval', 'queueMicrotask', 'nextTick', 'setImmediate'],
    })
  );
  afterAll(() => jest.useRealTimers());

  it('loads the catalog and sends ONE query for every KPI and SLO, then lists them riskiest first', async () => {
    const { fetch, listKpis } = renderOverview();
    expect(screen.getByText('Loading the KPIs and SLOs…')).toBeInTheDocument();
    expect(await screen.findByRole('table', { name: 'KPIs and SLOs, riskiest first' })).toBeInTheDocument();
    expect(listKpis).toHaveBeenCalledTimes(1);
    expect(fetch).toHaveBeenCalledTimes(1);
    expect((fetch.mock.calls[0][0] as BackendSrvRequest).data).toEqual(overview.query.request);
    expect(rowKeys().slice(0, 2)).toEqual([
      'payments_availability|monthly|region=eu',
      'payments_availability|99.9-28d|region=eu',
    ]);
    expect(screen.getByTestId('data-testid overview-count')).toHaveTextContent('30 of 30 rows (10 KPIs, 11 SLO rows)');
  });

  it('applies the view of the URL', async () => {
    renderOverview('?owner=team-api&sort=name&datasource=northstar-kpi');
    expect(await screen.findByRole('table', { name: 'KPIs and SLOs by name' })).toBeInTheDocument();
    expect(rowKeys()).toEqual([
      'api_fast_requests||',
      'api_fast_requests|75-28d|',
      'api_fast_requests|80-calendar-month|',
    ]);
    const link = within(screen.getByTestId('data-testid overview-body')).getAllByRole('link')[0];
    expect(link).toHaveAttribute('href', '/a/northstar-kpi-app/kpi/api_fast_requests?datasource=northstar-kpi');
    expect(screen.getByTestId('location')).toHaveTextContent('?owner=team-api&sort=name&datasource=northstar-kpi');
  });

  it('says what failed when the query fails, and still lists the catalog', async () => {
    const { fetch } = renderOverview('', () => {
      throw new Error('the plugin is not running');
    });
    expect(await screen.findByText('Cannot compute the KPIs')).toBeInTheDocument();
    expect(screen.getByText('the plugin is not running')).toBeInTheDocument();
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(rowKeys().length).toBeGreaterThan(0);
  });
});
