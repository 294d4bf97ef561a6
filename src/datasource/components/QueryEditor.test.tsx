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
  {
    id: 'checkout_success_rate',
    name: 'Checkout success rate',
    owner: 'team-payments',
    category: 'commerce',
    tags: ['checkout', 'revenue'],
    dimensions: ['region'],
  },
  { id: 'signup_rate', name: 'Signup rate', owner: 'team-growth', category: 'growth', tags: ['growth'] },
  {
    id: 'api_availability',
    name: 'API availability',
    owner: 'team-payments',
    category: 'platform',
    tags: ['checkout'],
    dimensions: ['region', 'endpoint'],
    slos: API_SLOS,
  },
];

async function renderEditor(query: KpiQuery, app: CoreApp = CoreApp.Explore) {
  const onChange = jest.fn<void, [KpiQuery]>();
  const onRunQuery = jest.fn();
  const props = { datasource: makeDataSource(), query, onChange, onRunQuery, app };
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

  it('adds a typed value to a filter row', async () => {
    const { lastQuery } = await renderEditor({ refId: 'A', kpi: 'checkout_success_rate', filters: { region: ['eu'] } });

    typeInto(screen.getByRole('combobox', { name: /is any of/i }), 'mars');
    fireEvent.click(await findOption(/^marsUse this value/));

    expect(lastQuery().filters).toEqual({ region: ['eu', 'mars'] });
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

  describe('suggestions', () => {
    /** The catalog, and the values of a dimension from the dimension-values routes. */
    function answerValues(values: Record<string, string[]>) {
      return installBackend((request) => {
        const match = /\/dimensions\/([^/]+)\/values$/.exec(request.url ?? '');
        if (match) {
          const dimension = decodeURIComponent(match[1]);
          return { dimension, values: values[dimension] ?? [], truncated: false, limit: 1000 };
        }
        return { kpis: KPIS };
      });
    }

    it("offers the values of the KPI's dimension from its source, and adds the one chosen", async () => {
      const fetch = answerValues({ region: ['apac', 'eu', 'us'] });
      const { lastQuery, onRunQuery } = await renderEditor({
        refId: 'A',
        kpi: 'checkout_success_rate',
        filters: { region: ['eu'] },
      });

      fireEvent.click(screen.getByRole('combobox', { name: /is any of/i }));
      fireEvent.click(await findOption(/^us$/));

      expect(lastQuery().filters).toEqual({ region: ['eu', 'us'] });
      expect(onRunQuery).toHaveBeenCalled();
      expect(optionTexts()).toEqual(expect.arrayContaining(['apac', 'eu', 'us']));
      const asked = fetch.mock.calls.map(([request]) => request).filter((request) => request.url?.includes('/values'));
      expect(asked).toHaveLength(1);
      expect(asked[0].url).toBe(
        '/api/datasources/uid/kpi-uid/resources/kpis/checkout_success_rate/dimensions/region/values'
      );
      expect(asked[0].params).toEqual(expect.objectContaining({ from: expect.any(Number), to: expect.any(Number) }));
    });

    it('narrows the values by the other rows and lists the variables too', async () => {
      installTemplateSrv({ region: 'eu' });
      const fetch = answerValues({ endpoint: ['/pay', '/refund'] });
      await renderEditor({ refId: 'A', kpi: 'api_availability', filters: { region: ['$region'], endpoint: [] } });

      typeInto(screen.getAllByRole('combobox', { name: /is any of/i })[1], '/');
      await findOption(/^\/pay$/);
      const asked = fetch.mock.calls.map(([request]) => request).find((request) => request.url?.includes('/values'));
      expect(asked?.url).toContain('/kpis/api_availability/dimensions/endpoint/values');
      // The other row, its variable resolved.
      expect(asked?.params).toEqual(expect.objectContaining({ filter: ['region=eu'] }));

      fireEvent.change(screen.getAllByRole('combobox', { name: /is any of/i })[1], { target: { value: '$re' } });
      await findOption(/^\$region$/);
    });

    it('says when the source cannot list the values', async () => {
      installBackend((request) => {
        if (request.url?.includes('/values')) {
          throw Object.assign(new Error('boom'), {
            status: 400,
            data: { error: 'KPI "checkout_success_rate" has no dimension "x"' },
          });
        }
        return { kpis: KPIS };
      });
      await renderEditor({ refId: 'A', kpi: 'checkout_success_rate', filters: { region: [] } });

      fireEvent.click(screen.getByRole('combobox', { name: /is any of/i }));

      expect(await findOption(/^Could not load the values/)).toBeInTheDocument();
    });

    it("suggests the catalog's owners, categories and tags for a selector", async () => {
      const { lastQuery, onRunQuery } = await renderEditor({ refId: 'A', selector: {} });

      fireEvent.click(screen.getByRole('combobox', { name: 'Owner' }));
      await findOption(/^team-payments/);
      expect(optionTexts()).toEqual(['team-payments2 KPIs', 'team-growth1 KPI']);
      fireEvent.click(await findOption(/^team-growth/));
      expect(lastQuery().selector).toEqual({ owner: 'team-growth' });
      expect(onRunQuery).toHaveBeenCalled();

      fireEvent.click(screen.getByRole('combobox', { name: 'Category' }));
      expect(await findOption(/^platform1 KPI/)).toBeInTheDocument();
      expect(optionTexts()).toHaveLength(3);

      fireEvent.click(screen.getByRole('combobox', { name: 'Tags' }));
      fireEvent.click(await findOption(/^checkout2 KPIs/));
      expect(lastQuery().selector).toEqual({ tags: ['checkout'] });
    });

    it('keeps an owner typed in that no KPI has yet', async () => {
      const { lastQuery } = await renderEditor({ refId: 'A', selector: {} });

      typeInto(screen.getByRole('combobox', { name: 'Owner' }), 'team-new');
      fireEvent.click(await findOption(/^team-new/));

      expect(lastQuery().selector).toEqual({ owner: 'team-new' });
    });

    it('takes the values of a selector from the KPIs it matches, over the union route', async () => {
      const fetch = answerValues({ region: ['eu'] });
      await renderEditor({ refId: 'A', selector: { tags: ['checkout'] }, filters: { region: [] } });
      expect(screen.getByText("2 of the catalog's 3 KPIs match.")).toBeInTheDocument();

      fireEvent.click(screen.getByRole('combobox', { name: /is any of/i }));
      await findOption(/^eu$/);

      const asked = fetch.mock.calls.map(([request]) => request).find((request) => request.url?.includes('/values'));
      expect(asked?.url).toBe('/api/datasources/uid/kpi-uid/resources/dimensions/region/values');
      expect(asked?.params).toEqual(expect.objectContaining({ kpi: ['checkout_success_rate', 'api_availability'] }));
    });
  });

  describe('a multi-value KPI variable', () => {
    beforeEach(() => {
      installTemplateSrv({ kpi: ['checkout_success_rate', 'api_availability'] });
    });

    it('resolves to each KPI, never the glob {a,b}: their SLOs and their dimensions', async () => {
      const { lastQuery } = await renderEditor({ refId: 'A', kpi: '$kpi', filters: { '': [] } });

      expect(screen.getByText('$kpi stands for 2 KPIs: checkout_success_rate, api_availability.')).toBeInTheDocument();
      // The SLOs of api_availability, said to be its own.
      fireEvent.click(screen.getByRole('combobox', { name: 'SLO' }));
      expect(await findOption(/^monthly/)).toHaveTextContent('API availability');

      // The dimensions of both KPIs.
      fireEvent.click(screen.getByRole('combobox', { name: /^filter/i }));
      await findOption(/^endpoint$/);
      expect(optionTexts()).toEqual(['endpoint', 'region']);
      fireEvent.click(await findOption(/^endpoint$/));
      expect(lastQuery().filters).toEqual({ endpoint: [] });
    });

    it('takes the values from the union route over the KPIs it stands for', async () => {
      const fetch = installBackend((request) =>
        request.url?.includes('/values')
          ? { dimension: 'region', values: ['eu', 'us'], truncated: true, limit: 2 }
          : { kpis: KPIS }
      );
      await renderEditor({ refId: 'A', kpi: '$kpi', filters: { region: [] } });

      fireEvent.click(screen.getByRole('combobox', { name: /is any of/i }));
      await findOption(/^us$/);

      expect(await findOption(/^Only the first 2 values are listed/)).toBeInTheDocument();
      const asked = fetch.mock.calls.map(([request]) => request).find((request) => request.url?.includes('/values'));
      expect(asked?.url).toBe('/api/datasources/uid/kpi-uid/resources/dimensions/region/values');
      expect(asked?.params).toEqual(expect.objectContaining({ kpi: ['checkout_success_rate', 'api_availability'] }));
    });

    it('offers the burn rates of the SLOs of the KPIs it stands for', async () => {
      await renderEditor({ refId: 'A', kpi: '$kpi' });

      typeInto(screen.getByRole('combobox', { name: /measures/i }), 'burn_rate_');
      expect(await findOption(/^burn_rate_5m/)).toBeInTheDocument();
    });
  });

  describe('empty state', () => {
    it('says what to choose in a dashboard, and picks nothing', async () => {
      const { onChange } = await renderEditor({ refId: 'A' }, CoreApp.Dashboard);

      expect(
        screen.getByText(/Choose one of the catalog's 3 KPIs above, or switch to KPI selector/)
      ).toBeInTheDocument();
      expect(onChange).not.toHaveBeenCalled();
    });

    it("picks the catalog's first KPI in Explore, so that the query runs", async () => {
      const { lastQuery, onRunQuery } = await renderEditor({ refId: 'A', measures: ['value'] });

      expect(lastQuery()).toEqual({ refId: 'A', measures: ['value'], kpi: 'checkout_success_rate' });
      expect(onRunQuery).toHaveBeenCalled();
    });

    it('says so when the catalog is empty', async () => {
      installBackend(() => ({ kpis: [] }));
      const { onChange } = await renderEditor({ refId: 'A' });

      expect(screen.getByText(/The catalog has no KPIs yet/)).toBeInTheDocument();
      expect(onChange).not.toHaveBeenCalled();
    });
  });

  describe('the calls of the preview', () => {
    const openPreview = () => fireEvent.click(screen.getByRole('button', { name: 'Generated query' }));
    const QUERY = 'sum(rate(ok_total[1d])) / sum(rate(all_total[1d]))';

    it('lists each call with its evaluation time: value and previous period differ', async () => {
      const detail: KpiDetailResponse = {
        kpi: KPIS[0],
        language: 'promql',
        queries: { series: 'sum(rate(ok_total[1h]))', value: QUERY, previous: QUERY },
        windows: {
          range: { from: '2026-11-19T00:00:00Z', to: '2026-11-20T00:00:00Z' },
          previous: { from: '2026-11-12T00:00:00Z', to: '2026-11-13T00:00:00Z', label: '7d earlier' },
        },
        calls: [
          {
            parts: ['series'],
            kind: 'range',
            query: 'sum(rate(ok_total[1h]))',
            start: '2026-11-19T01:00:00Z',
            end: '2026-11-20T00:00:00Z',
            step: '1h',
            stepMs: 3_600_000,
          },
          { parts: ['value'], kind: 'instant', query: QUERY, time: '2026-11-20T00:00:00Z' },
          { parts: ['previous'], kind: 'instant', query: QUERY, time: '2026-11-13T00:00:00Z' },
        ],
      };
      const fetch = installBackend((request) => (request.url?.endsWith('/kpis') ? { kpis: KPIS } : detail));
      installTemplateSrv({ region: ['eu', 'us'] });
      await renderEditor({
        refId: 'A',
        kpi: 'checkout_success_rate',
        measures: ['value', 'previous', 'sli'],
        filters: { region: ['$region'] },
      });

      openPreview();

      const value = await screen.findByRole('figure', { name: 'Value' });
      expect(value).toHaveTextContent('Instant query evaluated at 2026-11-20 00:00:00 UTC');
      const previous = screen.getByRole('figure', { name: 'Previous period' });
      expect(previous).toHaveTextContent('Instant query evaluated at 2026-11-13 00:00:00 UTC');
      expect(screen.getByRole('figure', { name: 'Series' })).toHaveTextContent(
        'Range query from 2026-11-19 01:00:00 UTC to 2026-11-20 00:00:00 UTC, step 1h'
      );
      expect(screen.getByText(/previous period \(7d earlier\) 2026-11-12 00:00:00 UTC/)).toBeInTheDocument();
      // The query's KPI measures and its filters, resolved, narrow the calls.
      expect(fetch).toHaveBeenCalledWith(
        expect.objectContaining({
          url: '/api/datasources/uid/kpi-uid/resources/kpis/checkout_success_rate',
          params: expect.objectContaining({ measures: 'value,previous', filter: ['region=eu', 'region=us'] }),
        })
      );
    });

    it('shows one SQL statement for the parts it answers, with its bound values', async () => {
      const statement =
        'SELECT count(*) FILTER (WHERE t > $1 AND t <= $2), count(*) FILTER (WHERE t > $3 AND t <= $4) FROM orders';
      installBackend((request) =>
        request.url?.endsWith('/kpis')
          ? { kpis: KPIS }
          : {
              kpi: KPIS[0],
              language: 'sql',
              queries: { series: 'SELECT 1', value: statement, previous: statement },
              calls: [
                {
                  parts: ['value', 'previous'],
                  kind: 'statement',
                  query: statement,
                  parameters: [
                    '2026-11-19T00:00:00Z',
                    '2026-11-20T00:00:00Z',
                    '2026-11-18T00:00:00Z',
                    '2026-11-19T00:00:00Z',
                  ],
                },
                { parts: ['series'], kind: 'statement', query: 'SELECT 1', reduce: 'last' },
              ],
            }
      );
      await renderEditor({ refId: 'A', kpi: 'checkout_success_rate' });

      openPreview();

      const figure = await screen.findByRole('figure', { name: 'Value, Previous period' });
      expect(
        within(figure)
          .getAllByRole('listitem')
          .map((item) => item.textContent)
      ).toEqual([
        '$1 = 2026-11-19T00:00:00Z',
        '$2 = 2026-11-20T00:00:00Z',
        '$3 = 2026-11-18T00:00:00Z',
        '$4 = 2026-11-19T00:00:00Z',
      ]);
      expect(
        within(screen.getByRole('figure', { name: 'Series' })).getByText('No bound parameters.')
      ).toBeInTheDocument();
      expect(screen.getByRole('button', { name: 'Generated SQL' })).toBeInTheDocument();
    });

    it('previews each KPI of a multi-value variable, the first by default', async () => {
      installTemplateSrv({ kpi: ['checkout_success_rate', 'signup_rate'] });
      const fetch = installBackend((request) =>
        request.url?.endsWith('/kpis')
          ? { kpis: KPIS }
          : { kpi: KPIS[0], language: 'promql', queries: { series: `up{kpi="${request.url?.split('/').pop()}"}` } }
      );
      await renderEditor({ refId: 'A', kpi: '$kpi' });

      openPreview();
      expect(await screen.findByRole('figure', { name: 'Series' })).toHaveTextContent('checkout_success_rate');

      fireEvent.click(screen.getByLabelText('signup_rate'));
      await waitFor(() => expect(screen.getByRole('figure', { name: 'Series' })).toHaveTextContent('signup_rate'));
      expect(fetch).toHaveBeenCalledWith(
        expect.objectContaining({ url: '/api/datasources/uid/kpi-uid/resources/kpis/signup_rate' })
      );
    });
  });
});
