import React from 'react';
import { render, screen } from '@testing-library/react';
import { BurnRates } from './BurnRates';
import type { SloSet } from './kpiPageModel';

const t0 = Date.parse('2026-11-20T00:00:00Z');
const series = (window: string, values: Array<number | null>) => ({
  kpi: 'k',
  measure: 'burn_rate',
  slo: 's',
  dimensions: { region: 'eu' },
  times: values.map((_, i) => t0 + i * 300_000),
  values,
});

const set = (burnSeries: SloSet['burnSeries']): SloSet => ({
  key: 'region=eu',
  dimensions: { region: 'eu' },
  label: 'region=eu',
  burnRates: { '5m': 20, '1h': 15, '30m': 2, '6h': 1 },
  burnSeries,
  pairs: [
    { short: '5m', long: '1h', factor: 14.4, severity: 'critical', firing: true },
    { short: '30m', long: '6h', factor: 6, severity: 'warning', firing: false },
  ],
  status: 'critical',
});

describe('BurnRates', () => {
  it('draws a line per window over time and the pairs’ factors as horizontal lines', () => {
    const { container } = render(
      <BurnRates
        sets={[
          set({
            '5m': series('5m', [1, 30, null, 20]),
            '1h': series('1h', [1, 10, 15, 15]),
            '30m': series('30m', [1, 2, 2, 2]),
            '6h': series('6h', [1, 1, 1, 1]),
          }),
        ]}
        showDimensions
        sloName="s"
      />
    );
    const chart = screen.getByTestId('data-testid kpi-burn-series');
    expect(chart).toHaveAttribute('data-set', 'region=eu');
    expect([...chart.querySelectorAll('path[data-line]')].map((p) => p.getAttribute('data-line'))).toEqual([
      '5m',
      '30m',
      '1h',
      '6h',
    ]);
    for (const path of chart.querySelectorAll('path[data-line]')) {
      expect(path.getAttribute('d')).toMatch(/^M/);
    }
    expect([...chart.querySelectorAll('line[data-rule]')].map((l) => l.getAttribute('data-rule'))).toEqual([
      '14.4× (5m/1h, critical)',
      '6× (30m/6h, warning)',
    ]);
    // The pairs' state and the rates now stay, without the bars.
    expect(screen.getByTestId('data-testid kpi-burn-rates')).toBeInTheDocument();
    expect(container.querySelector('[data-window="5m"]')).toHaveAttribute('data-rate', '20');
    expect(screen.queryByText(/No burn-rate series came back/)).not.toBeInTheDocument();
  });

  it('falls back to bars of the rates now when no series came back', () => {
    const { container } = render(<BurnRates sets={[set({})]} showDimensions={false} sloName="s" />);
    expect(screen.queryByTestId('data-testid kpi-burn-series')).not.toBeInTheDocument();
    expect(screen.getByText(/No burn-rate series came back/)).toBeInTheDocument();
    expect(container.querySelectorAll('[data-window] span[aria-hidden]')).toHaveLength(4);
  });
});
