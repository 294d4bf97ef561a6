import { render, screen, within } from '@testing-library/react';
import React from 'react';

import { createDataFrame, DataFrameType, FieldType, LoadingState } from '@grafana/data';

import { DEFAULT_OPTIONS } from '../defaults';
import { hourlyTimes, KpiSpec, northstarFrames } from '../testing/northstarFrames';
import { panelProps, PanelPropsInput } from '../testing/panelProps';
import { KpiCardsPanel } from './KpiCardsPanel';

const end = Date.UTC(2026, 10, 23, 12);
const times = hourlyTimes(24, end);
const range = { from: times[0], to: end };

function kpi(id: string, extra: Partial<KpiSpec> = {}): KpiSpec {
  return {
    id,
    name: `KPI ${id}`,
    unit: 'percentunit',
    decimals: 1,
    owner: 'team-a',
    category: 'commerce',
    target: 0.995,
    thresholds: { warning: 0.99, critical: 0.98 },
    lastSample: new Date(end).toISOString(),
    times,
    series: times.map((_, i) => 0.99 + i / 10000),
    measures: { value: 0.992, previous: 0.995, target: 0.995, status: 1 },
    ...extra,
  };
}

function renderPanel(input: Omit<PanelPropsInput, 'from' | 'to'>) {
  return render(<KpiCardsPanel {...panelProps({ ...range, ...input })} />);
}

describe('KpiCardsPanel', () => {
  it('renders one focusable card per KPI with a sentence for screen readers', () => {
    renderPanel({ frames: [...northstarFrames(kpi('a')), ...northstarFrames(kpi('b', { name: 'Orders' }))] });
    const cards = screen.getAllByRole('article');
    expect(cards).toHaveLength(2);
    expect(cards[0]).toHaveAttribute('tabindex', '0');
    expect(cards[0].getAttribute('aria-label')).toMatch(/^KPI a 99\.2 percent, target 99\.5 percent, warning, down/);
    expect(within(cards[1]).getByTestId('kpi-name')).toHaveTextContent('Orders');
  });

  it('shows status as icon and text', () => {
    renderPanel({ frames: northstarFrames(kpi('a')) });
    expect(screen.getByTestId('kpi-status')).toHaveTextContent('Warning');
  });

  it('groups by category with headings', () => {
    renderPanel({
      frames: [...northstarFrames(kpi('a')), ...northstarFrames(kpi('b', { category: 'growth' }))],
      options: { layout: { ...DEFAULT_OPTIONS.layout, groupBy: 'category' } },
    });
    expect(screen.getAllByRole('heading', { level: 3 }).map((h) => h.textContent)).toEqual(['commerce 1', 'growth 1']);
  });

  it('hides elements switched off', () => {
    renderPanel({
      frames: northstarFrames(kpi('a')),
      options: { elements: { ...DEFAULT_OPTIONS.elements, sparkline: false, owner: false, delta: false } },
    });
    expect(screen.queryByTestId('kpi-sparkline')).toBeNull();
    expect(screen.queryByTestId('kpi-owner')).toBeNull();
    expect(screen.queryByTestId('kpi-delta')).toBeNull();
    expect(screen.getByTestId('kpi-target')).toBeInTheDocument();
  });

  it('goes compact in a small panel', () => {
    renderPanel({ frames: northstarFrames(kpi('a')), width: 250, height: 150 });
    expect(screen.getByTestId('kpi-panel')).toHaveAttribute('data-compact', 'true');
  });

  it('says the query failed when every query failed', () => {
    renderPanel({ frames: [], errors: [{ refId: 'A', message: 'upstream unreachable' }], state: LoadingState.Error });
    expect(screen.getByRole('alert')).toHaveTextContent('The query failed');
    expect(screen.getByRole('alert')).toHaveTextContent('Query A: upstream unreachable');
  });

  it('shows the data that arrived and names the failed query', () => {
    renderPanel({ frames: northstarFrames(kpi('a')), errors: [{ refId: 'B', message: 'timeout' }] });
    expect(screen.getByTestId('kpi-partial-error')).toHaveTextContent('1 query failed; showing the data that arrived.');
    expect(screen.getAllByRole('article')).toHaveLength(1);
  });

  it('hands an empty result to the no-data view', () => {
    const empty = createDataFrame({ meta: { type: DataFrameType.NumericMulti, typeVersion: [0, 1] }, fields: [] });
    renderPanel({ frames: [empty] });
    expect(screen.getByText(/the query matched no KPIs or returned no numbers/)).toBeInTheDocument();
  });

  it('renders nothing while the first load is running', () => {
    const { container } = renderPanel({ frames: [], state: LoadingState.Loading });
    expect(container).toBeEmptyDOMElement();
  });

  it('makes cards from a plain series with a target from field config', () => {
    const frame = createDataFrame({
      fields: [
        { name: 'time', type: FieldType.time, values: times },
        { name: 'p95 latency', type: FieldType.number, values: times.map((_, i) => 200 + i), config: { unit: 'ms' } },
      ],
    });
    const fieldConfig = { defaults: { custom: { target: 250, direction: 'lower' } }, overrides: [] };
    renderPanel({ frames: [frame], fieldConfig });
    const card = screen.getByRole('article');
    expect(within(card).getByTestId('kpi-target')).toHaveTextContent('Target 250 ms');
    expect(within(card).getByTestId('kpi-status')).toHaveTextContent('OK');
    expect(within(card).getByTestId('kpi-delta')).toHaveAttribute('data-sentiment', 'bad');
  });

  it('shows the full name on hover when it is too long', () => {
    const name = 'A very long KPI name '.repeat(8).trim();
    renderPanel({ frames: northstarFrames(kpi('a', { name })) });
    expect(screen.getByTestId('kpi-name')).toHaveAttribute('title', name);
  });
});
