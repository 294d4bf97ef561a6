import { throwError } from 'rxjs';
import { BackendSrv, BackendSrvRequest, FetchError, setBackendSrv } from '@grafana/runtime';
import { installBackend } from '../../datasource/testing/fakes';
import { queryData } from './queryData';
import { overviewRequest, OVERVIEW_REF_ID } from './useOverviewData';

const NOW = Date.UTC(2026, 10, 19, 21, 20);

const frame = (kpi: string, value: number) => ({
  schema: { meta: { type: 'numeric-multi' }, fields: [{ name: 'value', type: 'number', labels: { kpi } }] },
  data: { values: [[value]] },
});

describe('overviewRequest', () => {
  it('is one query for the whole catalog over the last 7 days at a 30m step', () => {
    expect(overviewRequest('uid-1', NOW)).toEqual({
      queries: [
        {
          refId: 'overview',
          datasource: { type: 'northstar-kpi-datasource', uid: 'uid-1' },
          selector: {},
          measures: ['value', 'status', 'slo'],
          intervalMs: 1_800_000,
          maxDataPoints: 300,
        },
      ],
      from: String(NOW - 7 * 86_400_000),
      to: String(NOW),
    });
  });
});

describe('queryData', () => {
  it('POSTs the request to /api/ds/query and reads the frames per refId', async () => {
    const fetch = installBackend(() => ({
      results: { overview: { status: 200, frames: [frame('a', 1), frame('b', 2)] } },
    }));
    const answers = await queryData(overviewRequest('uid-1', NOW));
    expect(fetch).toHaveBeenCalledTimes(1);
    const request = fetch.mock.calls[0][0] as BackendSrvRequest;
    expect(request).toMatchObject({ url: '/api/ds/query', method: 'POST', showErrorAlert: false });
    expect(request.data).toEqual(overviewRequest('uid-1', NOW));
    expect(answers[OVERVIEW_REF_ID].frames.map((f) => f.fields[0].labels?.kpi)).toEqual(['a', 'b']);
    expect(answers[OVERVIEW_REF_ID].error).toBeUndefined();
  });

  it('keeps the frames and the error of a query that failed in part (Grafana answers with an error status)', async () => {
    const error: FetchError = {
      status: 400,
      data: { results: { overview: { status: 502, error: 'KPI "b": upstream 503', frames: [frame('a', 1)] } } },
      config: { url: '/api/ds/query' },
    };
    setBackendSrv({ fetch: () => throwError(() => error) } as unknown as BackendSrv);
    const answers = await queryData(overviewRequest('uid-1', NOW));
    expect(answers.overview.frames).toHaveLength(1);
    expect(answers.overview.error).toBe('KPI "b": upstream 503');
  });

  it('throws what Grafana says when there is no answer at all', async () => {
    const error: FetchError = { status: 502, data: { message: 'Bad gateway' }, config: { url: '/api/ds/query' } };
    setBackendSrv({ fetch: () => throwError(() => error) } as unknown as BackendSrv);
    await expect(queryData(overviewRequest('uid-1', NOW))).rejects.toThrow('Bad gateway');
  });

  it('names a query Grafana did not answer', async () => {
    installBackend(() => ({ results: {} }));
    const answers = await queryData(overviewRequest('uid-1', NOW));
    expect(answers.overview).toEqual({ frames: [], error: 'Grafana answered without a result for this query' });
  });
});
