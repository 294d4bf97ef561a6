import { lastValueFrom } from 'rxjs';
import { DataFrame } from '@grafana/data';
import {
  BackendDataSourceResponse,
  FetchResponse,
  getBackendSrv,
  isFetchError,
  toDataQueryResponse,
} from '@grafana/runtime';
import { DATASOURCE_PLUGIN_ID } from '../../constants';
import { errorMessage } from '../../datasource/errors';
import type { KpiQuery } from '../../datasource/types';

/** Grafana's endpoint for data source queries: the one the app pages send their queries to. */
export const QUERY_URL = '/api/ds/query';

/** A query of a POST /api/ds/query body: the KPI query model plus what Grafana reads of every query. */
export interface DsQuery extends Omit<KpiQuery, 'datasource'> {
  refId: string;
  datasource: { type: string; uid: string };
  intervalMs: number;
  maxDataPoints: number;
}

/** A POST /api/ds/query body. `from` and `to` are epoch milliseconds as strings. */
export interface DsRequest {
  queries: DsQuery[];
  from: string;
  to: string;
}

/** What one query of a request answered: its frames, and its error when it (or some of its KPIs) failed. */
export interface QueryAnswer {
  frames: DataFrame[];
  error?: string;
}

export type QueryAnswers = Record<string, QueryAnswer>;

/** A query of the Northstar KPI data source `uid`. */
export function dsQuery(uid: string, refId: string, query: Omit<DsQuery, 'refId' | 'datasource'>): DsQuery {
  return { refId, datasource: { type: DATASOURCE_PLUGIN_ID, uid }, ...query };
}

/** Epoch milliseconds as the strings /api/ds/query reads. */
export const msString = (ms: number): string => String(Math.round(ms));

function hasResults(value: unknown): value is { data: BackendDataSourceResponse } {
  const data = (value as { data?: { results?: unknown } } | undefined)?.data;
  return typeof data?.results === 'object' && data.results !== null;
}

/** The answers per refId of a /api/ds/query response (Grafana's own conversion of the frames). */
export function readAnswers(response: { data: BackendDataSourceResponse }, refIds: string[]): QueryAnswers {
  const converted = toDataQueryResponse(response);
  const answers: QueryAnswers = {};
  for (const refId of refIds) {
    answers[refId] = { frames: [] };
  }
  for (const frame of converted.data as DataFrame[]) {
    const refId = frame.refId ?? '';
    (answers[refId] ??= { frames: [] }).frames.push(frame);
  }
  for (const error of converted.errors ?? []) {
    const refId = error.refId ?? '';
    (answers[refId] ??= { frames: [] }).error = error.message ?? 'The query failed';
  }
  for (const refId of refIds) {
    if (!(refId in (response.data.results ?? {}))) {
      answers[refId].error ??= 'Grafana answered without a result for this query';
    }
  }
  return answers;
}

/**
 * Sends one POST /api/ds/query with every query of `request`, the way a panel's queries reach the
 * backend. A request whose queries failed in part still answers: Grafana sends the results with an
 * error status (400, 207 or 5xx), and each query keeps its frames and its own error. Throws only when
 * there is no answer at all (network, permission, Grafana errors).
 */
export async function queryData(request: DsRequest): Promise<QueryAnswers> {
  const refIds = request.queries.map((query) => query.refId);
  let response: FetchResponse<BackendDataSourceResponse>;
  try {
    response = await lastValueFrom(
      getBackendSrv().fetch<BackendDataSourceResponse>({
        url: QUERY_URL,
        method: 'POST',
        data: request,
        showErrorAlert: false,
      })
    );
  } catch (error: unknown) {
    if (isFetchError(error) && hasResults(error)) {
      return readAnswers(error, refIds);
    }
    throw new Error(errorMessage(error));
  }
  if (!hasResults(response)) {
    throw new Error('Grafana answered the query without results');
  }
  return readAnswers(response, refIds);
}
