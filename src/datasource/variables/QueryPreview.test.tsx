import React from 'react';
import { act, fireEvent, render, screen } from '@testing-library/react';
import { dateTime, TimeRange } from '@grafana/data';
import { QueryPreview, QuerySource } from '../components/query/QueryPreview';
import { KpiDetailResponse } from '../types';
import { installGrafanaTemplateSrv } from './testing';

const RANGE: TimeRange = { from: dateTime(1_000_000), to: dateTime(4_600_000), raw: { from: 'now-1h', to: 'now' } };

describe('QueryPreview of a multi-value KPI variable', () => {
  it('previews the first KPI, never the glob {a,b}', async () => {
    installGrafanaTemplateSrv([{ name: 'kpi', options: ['orders', 'signups'], current: ['orders', 'signups'] }]);
    const detail: KpiDetailResponse = {
      kpi: { id: 'orders', name: 'Orders' },
      language: 'promql',
      queries: { series: 'sum(up)' },
    };
    const getKpi = jest.fn<Promise<KpiDetailResponse>, Parameters<QuerySource['getKpi']>>(() =>
      Promise.resolve(detail)
    );
    render(<QueryPreview datasource={{ getKpi }} kpi="$kpi" range={RANGE} />);

    fireEvent.click(screen.getByRole('button', { name: 'Generated query' }));
    await act(async () => {});

    expect(getKpi).toHaveBeenCalledWith('orders', RANGE, undefined);
    expect(screen.getByText(/stands for 2 KPIs; these are the queries of the first, orders/)).toBeInTheDocument();
  });
});
