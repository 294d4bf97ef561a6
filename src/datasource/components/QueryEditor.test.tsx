import React from 'react';
import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { CoreApp } from '@grafana/data';
import { stubLayoutForComboboxes } from '../testing/layout';
import { installBackend, installTemplateSrv, makeDataSource } from '../testing/fakes';
import { KpiDetailResponse, KpiQuery, KpiSummary, Slo } from '../types';
import { KpiQueryEditorProps, QueryEditor } from './QueryEditor';

const API_SLOS: Slo[] = [
  {
    name: '99.5-28d',
    objective: 0.995,
    window: { rolling: '28d' },
    budgeting: { method: 'occurrences' },
    alerting: {
      pairs: [
        { severity: 'critical', long: '1h', short: '5m', factor: 13.44 },
        { severity: 'warning', long: '1d', short: '2h', factor: 2.8 },
      ],
    },
  },
  {
    name: 'monthly',
    objective: 0.99,
    window: { calendar: 'month' },
    budgeting: { method: 'timeslices', slice: '5m', sliceTarget: 0.95 },
    alerting: { pairs: [{ severity: 'critical', long: '6h', short: '30m', factor: 6 }], minEvents: 200 },
  },
];

const KPIS: KpiSummary[] = [
  { id: 'checkout_success_rate', name: 'Checkout success rate', dimensions: ['region'] },
  { id: 'signup_rate', name: 'Signup rate' },
  { id: 'api_availability', name: 'API availability', slos: API_SLOS },
];

async function renderEditor(query: KpiQuery) {
  const onChange = jest.fn<void, [KpiQuery]>();
  const onRunQuery = jest.fn();
  const props = { datasource: makeDataSource(), query, onChange, onRunQuery, app: CoreApp.Explore };
  render(<QueryEditor {...(props as KpiQueryEditorProps)} />);
  // Let the KPI list load.
  await act(async () => {});
  const lastQuery = () => onChange.mock.calls[onChange.mock.calls.length - 1][0];
  return { onChange, onRunQuery, lastQuery };
}

/**
 * The open menu's option whose text (label and description) matches. Matching on text rather than on
 * accessible names keeps these tests fast: computing names over Grafana's styled DOM is slow in jsdom.
 */
const findOption = (text: RegExp) =>
  waitFor(() => {
    const option = screen.getAllByRole('option').find((candidate) => text.test(candidate.textContent ?? ''));
    if (!option) {
      throw new Error(`No option matches ${text}`);
    }
    return option;
  });

const optionTexts = () => screen.queryAllByRole('option').map((option) => option.textContent ?? '');

/** Opens a combobox's menu and types into it: the menu then lists the options matching the text. */
function typeInto(combobox: HTMLElement, text: string) {
  fireEvent.click(combobox);
  fireEvent.change(combobox, { target: { value: text } });
}

describe('QueryEditor', () => {
  beforeAll(() => {
    stubLayoutForComboboxes();
  });

  beforeEach(() => {
    installTemplateSrv();
    installBackend(() => ({ kpis: KPIS }));
  });

  it('adds a chosen measure to the query and runs it', async () => {
    const { lastQuery, onRunQuery } = await renderEditor({
      refId: 'A',
      kpi: 'checkout_success_rate',
      measures: ['value'],
    });

    fireEvent.click(screen.getByRole('combobox', { name: /measures/i }));
    fireEvent.click(await findOption(/^attainment/i));

    expect(lastQuery().measures).toEqual(['value', 'attainment']);
    expect(onRunQuery).toHaveBeenCalled();
  });

  it('removes a measure with its checkbox and sends none for "all measures"', async () => {
    const { lastQuery } = await renderEditor({ refId: 'A', kpi: 'checkout_success_rate', measures: ['value'] });

    fireEvent.click(screen.getByRole('combobox', { name: /measures/i }));
    fireEvent.click(await findOption(/^value/i));

    expect(lastQuery().measures).toBeUndefined();
  });

  it('sets the KPI chosen from the catalog', async () => {
    const { lastQuery } = await renderEditor({ refId: 'A' });

    fireEvent.click(screen.getByRole('combobox', { name: /kpi/i }));
    fireEvent.click(await findOption(/^signup rate/i));

    expect(lastQuery().kpi).toBe('signup_rate');
  });

  it('switches from one KPI to a selector of the whole catalog', async () => {
    const { lastQuery } = await renderEditor({ refId: 'A', kpi: 'signup_rate', measures: ['value'] });

    fireEvent.click(screen.getByLabelText('KPI selector'));

    expect(lastQuery()).toEqual({ refId: 'A', selector: {}, measures: ['value'] });
  });

  it('adds a value to a filter row', async () => {
    const { lastQuery } = await renderEditor({ refId: 'A', kpi: 'checkout_success_rate', filters: { region: ['eu'] } });

    const valueInput = screen.getByPlaceholderText('Value (Enter to add)');
    fireEvent.change(valueInput, { target: { value: 'us' } });
    fireEvent.keyDown(valueInput, { key: 'Enter' });

    expect(lastQuery().filters).toEqual({ region: ['eu', 'us'] });
  });

  describe('generated query preview', () => {
    const openPreview = () => fireEvent.click(screen.getByRole('button', { name: 'Generated query' }));

    function answerDetail(detail: KpiDetailResponse) {
      return installBackend((request) => (request.url?.endsWith('/kpis') ? { kpis: KPIS } : detail));
    }

    it('shows the PromQL of an older backend, which answers with `promql` only', async () => {
      answerDetail({
        kpi: KPIS[0],
        promql: { series: 'sum(rate(checkout_ok[5m]))', value: 'sum(increase(checkout_ok[1h]))' },
      });
      await renderEditor({ refId: 'A', kpi: 'checkout_success_rate' });

      openPreview();

      expect(await screen.findByRole('figure', { name: 'Series' })).toHaveTextContent('sum(rate(checkout_ok[5m]))');
      expect(screen.getByRole('figure', { name: 'Value' })).toHaveTextContent('sum(increase(checkout_ok[1h]))');
      expect(screen.queryByRole('figure', { name: 'Previous period' })).not.toBeInTheDocument();
      expect(screen.getByRole('button', { name: 'Generated PromQL' })).toBeInTheDocument();
      expect(screen.queryByText('Bound parameters')).not.toBeInTheDocument();
    });

    it('prefers `queries` to `promql`', async () => {
      answerDetail({
        kpi: KPIS[0],
        language: 'promql',
        queries: { series: 'sum(rate(new_ok[5m]))', previous: 'sum(increase(new_ok[1h] offset 1h))' },
        promql: { series: 'sum(rate(old_ok[5m]))' },
      });
      await renderEditor({ refId: 'A', kpi: 'checkout_success_rate' });

      openPreview();

      expect(await screen.findByRole('figure', { name: 'Series' })).toHaveTextContent('sum(rate(new_ok[5m]))');
      expect(screen.getByRole('figure', { name: 'Previous period' })).toHaveTextContent('offset 1h');
      expect(screen.getByRole('button', { name: 'Generated PromQL' })).toBeInTheDocument();
    });

    it('shows PostgreSQL statements with their bound parameters under each', async () => {
      const series =
        'SELECT date_bin($1, created_at, $2) AS time, count(*) FROM orders WHERE created_at >= $2 AND created_at < $3 GROUP BY 1';
      answerDetail({
        kpi: KPIS[0],
        language: 'sql',
        queries: { series, value: 'SELECT count(*) FROM orders WHERE created_at >= $1 AND created_at < $2' },
        parameters: {
          series: ['5 minutes', '2026-01-01T00:00:00Z', '2026-01-01T01:00:00Z'],
          value: ['2026-01-01T00:00:00Z', '2026-01-01T01:00:00Z'],
        },
      });
      await renderEditor({ refId: 'A', kpi: 'checkout_success_rate' });

      openPreview();

      const seriesFigure = await screen.findByRole('figure', { name: 'Series' });
      expect(seriesFigure.querySelector('pre')).toHaveTextContent(series);
      const seriesParameters = within(seriesFigure).getByRole('list', { name: 'Series parameters' });
      expect(
        within(seriesParameters)
          .getAllByRole('listitem')
          .map((item) => item.textContent)
      ).toEqual(['$1 = 5 minutes', '$2 = 2026-01-01T00:00:00Z', '$3 = 2026-01-01T01:00:00Z']);
      const valueFigure = screen.getByRole('figure', { name: 'Value' });
      expect(within(valueFigure).getAllByRole('listitem')).toHaveLength(2);
      expect(screen.getByRole('button', { name: 'Generated SQL' })).toBeInTheDocument();
    });

    it('numbers the values of "?" placeholders (MySQL, SQLite) and says when a statement has none', async () => {
      answerDetail({
        kpi: KPIS[0],
        language: 'sql',
        queries: { series: 'SELECT count(*) FROM orders WHERE region = ? AND ts >= ?', value: 'SELECT 1' },
        parameters: { series: ['eu', ''], value: [] },
      });
      await renderEditor({ refId: 'A', kpi: 'checkout_success_rate' });

      openPreview();

      const parameters = await screen.findByRole('list', { name: 'Series parameters' });
      expect(
        within(parameters)
          .getAllByRole('listitem')
          .map((item) => item.textContent)
      ).toEqual(['#1 = eu', "#2 = ''"]);
      expect(
        within(screen.getByRole('figure', { name: 'Value' })).getByText('No bound parameters.')
      ).toBeInTheDocument();
    });

    it('reports an answer without queries', async () => {
      // Neither `queries` nor `promql`: a broken or unrelated backend.
      answerDetail({ kpi: KPIS[0] });
      await renderEditor({ refId: 'A', kpi: 'checkout_success_rate' });

      openPreview();

      expect(await screen.findByText('The backend answered without the generated queries.')).toBeInTheDocument();
      expect(screen.getByRole('button', { name: 'Generated query' })).toBeInTheDocument();
    });

    it('asks for one KPI when a selector is used', async () => {
      await renderEditor({ refId: 'A', selector: {} });
      openPreview();
      expect(screen.getByText('Choose one KPI to see the queries generated for it.')).toBeInTheDocument();
    });
  });

  describe('SLOs', () => {
    const sloPicker = () => screen.queryByRole('combobox', { name: 'SLO' });
    const measuresPicker = () => screen.getByRole('combobox', { name: /measures/i });

    it("offers the chosen KPI's SLOs, described by objective and window, and writes the chosen one", async () => {
      const { lastQuery, onRunQuery } = await renderEditor({ refId: 'A', kpi: 'api_availability', measures: ['sli'] });

      fireEvent.click(sloPicker() as HTMLElement);
      await findOption(/^All SLOs/);
      const texts = optionTexts();
      expect(texts).toHaveLength(1 + API_SLOS.length);
      expect(texts[1]).toMatch(/^99\.5-28d/);
      expect(texts[1]).toContain('99.5%');
      expect(texts[1]).toContain('rolling 28d');
      expect(texts[2]).toMatch(/^monthly/);
      expect(texts[2]).toContain('99%');
      expect(texts[2]).toContain('calendar month');
      expect(texts[2]).toContain('timeslices');

      fireEvent.click(await findOption(/^monthly/));

      expect(lastQuery()).toEqual({ refId: 'A', kpi: 'api_availability', measures: ['sli'], slo: 'monthly' });
      expect(onRunQuery).toHaveBeenCalled();
    });

    it('shows the SLO picker for a KPI with SLOs even before SLO measures are chosen', async () => {
      await renderEditor({ refId: 'A', kpi: 'api_availability' });

      expect(sloPicker()).toBeInTheDocument();
    });

    it('drops the SLO from the query for "All SLOs"', async () => {
      const { lastQuery } = await renderEditor({ refId: 'A', kpi: 'api_availability', slo: 'monthly' });

      fireEvent.click(sloPicker() as HTMLElement);
      fireEvent.click(await findOption(/^All SLOs/));

      expect(lastQuery()).toEqual({ refId: 'A', kpi: 'api_availability' });
      expect(lastQuery()).not.toHaveProperty('slo');
    });

    it('has no SLO picker for a KPI without SLOs, nor for a selector', async () => {
      await renderEditor({ refId: 'A', kpi: 'signup_rate', measures: ['value'] });
      expect(sloPicker()).not.toBeInTheDocument();
    });

    it('has no SLO picker for a selector, even with SLO measures', async () => {
      await renderEditor({ refId: 'A', selector: { tags: ['api'] }, measures: ['sli'] });
      expect(sloPicker()).not.toBeInTheDocument();
    });

    it('says so when SLO measures are asked of a KPI without SLOs', async () => {
      await renderEditor({ refId: 'A', kpi: 'signup_rate', measures: ['budget_remaining'] });

      expect(sloPicker()).toBeInTheDocument();
      expect(screen.getByRole('alert')).toHaveTextContent('Signup rate has no SLO');
    });

    it('drops the SLO when switching to a KPI that does not have it, and to a selector', async () => {
      const { lastQuery } = await renderEditor({ refId: 'A', kpi: 'api_availability', slo: 'monthly' });

      fireEvent.click(screen.getByRole('combobox', { name: /^kpi/i }));
      fireEvent.click(await findOption(/^signup rate/i));
      expect(lastQuery()).toEqual({ refId: 'A', kpi: 'signup_rate' });

      fireEvent.click(screen.getByLabelText('KPI selector'));
      expect(lastQuery()).toEqual({ refId: 'A', selector: {} });
    });

    it('offers the SLO measures in their own group for a KPI with SLOs', async () => {
      const { lastQuery } = await renderEditor({ refId: 'A', kpi: 'api_availability', measures: ['value'] });

      typeInto(measuresPicker(), 'budget rem');
      fireEvent.click(await findOption(/^Budget remainingSLO:/));

      expect(lastQuery().measures).toEqual(['value', 'budget_remaining']);
      expect(screen.getByText('SLO measures')).toBeInTheDocument();
    });

    it("offers the concrete burn rates and alert pairs of the KPI's SLOs", async () => {
      await renderEditor({ refId: 'A', kpi: 'api_availability' });

      typeInto(measuresPicker(), 'burn_pair_');
      await findOption(/^burn_pair_5m_1h/);
      // Every pair of the fixture SLOs (the menu ranks them by how well they match the typed text).
      const pairs = optionTexts().filter((text) => /^burn_pair_\d/.test(text));
      expect(pairs.map((text) => text.split('SLO')[0]).sort()).toEqual(
        ['burn_pair_5m_1h', 'burn_pair_30m_6h', 'burn_pair_2h_1d'].sort()
      );
      expect(await findOption(/^burn_pair_5m_1h/)).toHaveTextContent('critical, 13.44× (99.5-28d)');

      fireEvent.change(measuresPicker(), { target: { value: 'burn_rate_' } });
      await findOption(/^burn_rate_5m/);
      const rates = optionTexts().filter((text) => /^burn_rate_\d/.test(text));
      expect(rates.map((text) => text.split('SLO')[0]).sort()).toEqual(
        ['burn_rate_5m', 'burn_rate_30m', 'burn_rate_1h', 'burn_rate_2h', 'burn_rate_6h', 'burn_rate_1d'].sort()
      );
    });

    it('offers only the pairs of the chosen SLO', async () => {
      await renderEditor({ refId: 'A', kpi: 'api_availability', slo: 'monthly' });

      typeInto(measuresPicker(), 'burn_pair_');
      await findOption(/^burn_pair_30m_6h/);

      expect(optionTexts().filter((text) => /^burn_pair_\d/.test(text))).toHaveLength(1);
    });

    it('does not offer SLO measures for a KPI known to have no SLO', async () => {
      await renderEditor({ refId: 'A', kpi: 'signup_rate' });

      typeInto(measuresPicker(), 'budget');
      await findOption(/^budget/);

      expect(optionTexts().some((text) => text.startsWith('Budget remaining'))).toBe(false);
    });

    it('accepts a typed burn_rate_<window> or burn_pair_<short>_<long> measure', async () => {
      const { lastQuery } = await renderEditor({ refId: 'A', kpi: 'api_availability', measures: ['sli'] });

      typeInto(measuresPicker(), 'burn_rate_90m');
      fireEvent.click(await findOption(/^burn_rate_90m/));
      expect(lastQuery().measures).toEqual(['sli', 'burn_rate_90m']);

      fireEvent.change(measuresPicker(), { target: { value: 'burn_pair_10m_2h' } });
      fireEvent.click(await findOption(/^burn_pair_10m_2h/));
      expect(lastQuery().measures).toEqual(['sli', 'burn_pair_10m_2h']);
      expect(screen.queryByRole('alert')).not.toBeInTheDocument();
    });

    it.each([
      ['burn_rate_soon', '"soon" is not a window'],
      ['burn_pair_1h_5m', 'the short window comes first'],
      ['latency', '"latency" is not a measure'],
    ])('refuses the typed measure %s with a message', async (typed, message) => {
      const { onChange } = await renderEditor({ refId: 'A', kpi: 'api_availability', measures: ['sli'] });

      typeInto(measuresPicker(), typed);
      fireEvent.click(await findOption(new RegExp(`^${typed}`)));

      expect(onChange).not.toHaveBeenCalled();
      expect(await screen.findByRole('alert')).toHaveTextContent(message);
    });
  });
});
