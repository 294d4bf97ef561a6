import { fireEvent, render, screen, within } from '@testing-library/react';
import React from 'react';

import {
  createDataFrame,
  createTheme,
  DataFrameType,
  FieldType,
  LoadingState,
  MappingType,
  ValueMapping,
} from '@grafana/data';

import { DEFAULT_OPTIONS } from '../defaults';
import { hourlyTimes, KpiSpec, northstarFrames } from '../testing/northstarFrames';
import { panelProps, PanelPropsInput } from '../testing/panelProps';
import { backgroundStyle } from './KpiCard';
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

describe('KpiCardsPanel: Grafana standard options', () => {
  const twoCards = () => [...northstarFrames(kpi('a')), ...northstarFrames(kpi('b', { name: 'Orders' }))];
  const valueOf = (id: string) => within(cardOf(id)).getByTestId('kpi-value');
  const cardOf = (id: string) => screen.getAllByRole('article').find((c) => c.dataset.kpi === id) as HTMLElement;
  const theme = createTheme();

  it('colours the value by status by default (colour mode value)', () => {
    renderPanel({ frames: twoCards() });
    expect(valueOf('a')).toHaveStyle({ color: theme.colors.warning.text });
    expect(cardOf('a')).toHaveAttribute('data-color-mode', 'value');
  });

  it('tints the card in colour mode background and leaves the value plain', () => {
    renderPanel({ frames: twoCards(), options: { display: { colorMode: 'background' } } });
    // jsdom drops gradients from inline styles; the style itself is checked below and in the browser.
    expect(cardOf('a').style.borderColor).not.toBe('');
    const tint = backgroundStyle(theme, { kind: 'status', level: 'warning' });
    expect(tint?.backgroundImage).toMatch(/^linear-gradient\(/);
    expect(tint?.borderColor).toBe(theme.colors.warning.main);
    expect(valueOf('a').style.color).toBe('');
  });

  it('shows no colour in colour mode none', () => {
    renderPanel({ frames: twoCards(), options: { display: { colorMode: 'none' } } });
    expect(cardOf('a').style.backgroundImage).toBe('');
    expect(valueOf('a').style.color).toBe('');
  });

  it('takes the standard Color option (a fixed colour)', () => {
    const fieldConfig = { defaults: { color: { mode: 'fixed', fixedColor: 'purple' } }, overrides: [] };
    renderPanel({ frames: twoCards(), fieldConfig });
    expect(valueOf('a')).toHaveStyle({ color: theme.visualization.getColorByName('purple') });
  });

  it('shows the "No value" option when there is no value', () => {
    const frames = northstarFrames(kpi('a', { measures: { value: null } }));
    renderPanel({ frames, fieldConfig: { defaults: { noValue: 'Not reported' }, overrides: [] } });
    expect(screen.getByTestId('kpi-value')).toHaveTextContent('Not reported');
    expect(screen.getByTestId('kpi-problem')).toHaveTextContent('No data in range');
  });

  it('keeps value mappings out of the scale', () => {
    const mappings: ValueMapping[] = [
      { type: MappingType.RangeToText, options: { from: 0, to: 1, result: { text: 'Fine', index: 0 } } },
    ];
    renderPanel({ frames: twoCards(), fieldConfig: { defaults: { mappings }, overrides: [] } });
    expect(valueOf('a')).toHaveTextContent('Fine');
    const scale = within(cardOf('a')).getByTestId('kpi-sparkline-scale');
    expect(scale.textContent).not.toContain('Fine');
    expect(scale).toHaveTextContent(/^Scale \d+\.\d% to \d+\.\d%$/);
  });

  it('makes the value the data link when there is one (Grafana DataLinksContextMenu)', () => {
    const links = [{ title: 'Runbook', url: 'https://runbooks.example.com/${__field.labels.kpi}' }];
    renderPanel({ frames: twoCards(), fieldConfig: { defaults: { links }, overrides: [] } });
    const link = within(cardOf('a')).getByRole('link', { name: /Runbook/ });
    expect(link).toHaveAttribute('href', 'https://runbooks.example.com/${__field.labels.kpi}');
    expect(link).toContainElement(valueOf('a'));
  });

  it("opens Grafana's data links menu from the value when there are several", () => {
    const links = [
      { title: 'Runbook', url: 'https://runbooks.example.com' },
      { title: 'Dashboard', url: 'https://grafana.example.com/d/kpi' },
    ];
    renderPanel({ frames: twoCards(), fieldConfig: { defaults: { links }, overrides: [] } });
    const trigger = within(cardOf('a')).getByRole('button', { name: /2 data links for KPI a/ });
    expect(trigger).toHaveAttribute('aria-haspopup', 'menu');
    fireEvent.click(trigger, { detail: 1, pageX: 10, pageY: 10 });
    const menu = screen.getByRole('menu');
    expect(within(menu).getByText('Data links')).toBeInTheDocument();
    expect(within(menu).getByRole('menuitem', { name: 'Runbook' })).toHaveAttribute(
      'href',
      'https://runbooks.example.com'
    );
    expect(within(menu).getByRole('menuitem', { name: 'Dashboard' })).toBeInTheDocument();
  });

  it('hides the links with the Data links element off', () => {
    const links = [{ title: 'Runbook', url: 'https://runbooks.example.com' }];
    renderPanel({
      frames: twoCards(),
      fieldConfig: { defaults: { links }, overrides: [] },
      options: { elements: { ...DEFAULT_OPTIONS.elements, links: false } },
    });
    expect(screen.queryByRole('link')).toBeNull();
  });
});

describe('KpiCardsPanel: cards that tell the truth', () => {
  it('shows the dimension values apart from the title, so long names still differ', () => {
    const name = 'Payments availability of the card network authorisation gateway';
    renderPanel({
      frames: [
        ...northstarFrames(kpi('p', { name, dimensions: { region: 'eu' } })),
        ...northstarFrames(kpi('p', { name, dimensions: { region: 'us' } })),
      ],
    });
    const cards = screen.getAllByRole('article');
    expect(cards.map((c) => within(c).getByTestId('kpi-dimensions').textContent)).toEqual(['eu', 'us']);
    expect(within(cards[0]).getByTestId('kpi-name')).toHaveTextContent(name);
    expect(within(cards[0]).getByTestId('kpi-name')).toHaveAttribute('title', `${name} (eu)`);
    expect(cards[0]).toHaveAttribute('data-dimensions', 'region=eu');
  });

  it('a firing page pair turns the Warning card Critical', () => {
    const measures = { value: 0.992, previous: 0.995, target: 0.995, status: 1, burn_pair_5m_1h: 1 };
    renderPanel({
      frames: northstarFrames(
        kpi('a', { measures, measureLabels: { burn_pair_5m_1h: { slo: '99.9-28d', severity: 'critical' } } })
      ),
    });
    expect(screen.getByTestId('kpi-status')).toHaveTextContent('Critical');
    expect(screen.getByTestId('kpi-status').title).toMatch(/^Critical from the SLO: fast burn 5m\/1h firing/);
  });

  it('a change that rounds to zero has no arrow and says ±0', () => {
    renderPanel({ frames: northstarFrames(kpi('a', { measures: { value: 0.99201, previous: 0.99199 } })) });
    const delta = screen.getByTestId('kpi-delta');
    expect(delta).toHaveAttribute('data-sentiment', 'neutral');
    expect(delta).toHaveTextContent(/^±0 pp \(±0%\) vs previous 7 days$/);
  });

  it('one card fills the panel; several keep their own height', () => {
    renderPanel({ frames: northstarFrames(kpi('a')) });
    expect(screen.getByTestId('kpi-panel')).toHaveAttribute('data-fill', 'true');
    expect(screen.getByTestId('kpi-grid').style.gridTemplateColumns).toBe('1fr');
  });

  it('several cards do not fill and do not stretch to the row', () => {
    renderPanel({ frames: [...northstarFrames(kpi('a')), ...northstarFrames(kpi('b'))] });
    expect(screen.getByTestId('kpi-panel')).toHaveAttribute('data-fill', 'false');
    expect(getComputedStyle(screen.getByTestId('kpi-grid')).alignItems).toBe('start');
  });

  it('says how old the newest sample is, with its time in the tooltip', () => {
    renderPanel({ frames: northstarFrames(kpi('a', { lastSample: new Date(end - 5 * 60_000).toISOString() })) });
    const freshness = screen.getByTestId('kpi-freshness');
    expect(freshness).toHaveTextContent('Last sample 5 min ago');
    expect(freshness).toHaveAttribute('title', 'Newest sample: 2026-11-23 11:55:00');
  });
});
