import { useEffect, useState } from 'react';
import { lastValueFrom } from 'rxjs';
import { getBackendSrv } from '@grafana/runtime';
import { errorMessage } from '../../datasource/errors';
import type { KpiCatalogApi } from '../Catalog/kpiCatalogApi';
import type { KpiDetail } from '../Catalog/kpiDetail';
import { PAGE_RANGE_DAYS } from '../Overview/pageRange';
import { DsRequest, queryData, QueryAnswers } from '../Overview/queryData';
import { GeneratedRule, parseGeneratedRules } from './grafanaRules';
import {
  buildSloModels,
  buildValueModel,
  COMPARISON_REF_ID,
  comparisonRequest,
  kpiPageRequests,
  SloPageModel,
  VALUE_REF_ID,
  ValueModel,
} from './kpiPageModel';

export type Phase<T> = { status: 'loading' } | { status: 'failed'; message: string } | { status: 'done'; value: T };

export interface KpiNumbers {
  value: ValueModel;
  slos: SloPageModel[];
  /** The page's range (epoch milliseconds). */
  from: number;
  to: number;
  /** Set while the comparison period's series is being fetched. */
  comparisonPending: boolean;
  comparisonError?: string;
}

export interface KpiPageData {
  detail: Phase<KpiDetail>;
  numbers: Phase<KpiNumbers>;
  rules: Phase<GeneratedRule[]>;
}

const LOADING = { status: 'loading' } as const;

/** The answers of a request, or its failure as every one of its queries' error. */
async function answersOrErrors(request: DsRequest): Promise<QueryAnswers> {
  try {
    return await queryData(request);
  } catch (error: unknown) {
    const message = errorMessage(error);
    return Object.fromEntries(request.queries.map((query) => [query.refId, { frames: [], error: message }]));
  }
}

/** GET rules/grafana (YAML) of the data source: the Grafana alert rules generated from its catalog. */
export async function fetchGeneratedRules(uid: string): Promise<GeneratedRule[]> {
  const response = await lastValueFrom(
    getBackendSrv().fetch<string>({
      url: `/api/datasources/uid/${encodeURIComponent(uid)}/resources/rules/grafana`,
      method: 'GET',
      responseType: 'text',
      showErrorAlert: false,
    })
  );
  return parseGeneratedRules(typeof response.data === 'string' ? response.data : '');
}

/**
 * The KPI page's data: the KPI's definition (GET kpis/<id>), then ONE QueryData request for the
 * value and every SLO now, with (in parallel) one request per end of a past period of the SLOs
 * (kpiPageRequests says why), and, once the first answer names the comparison period, one for the
 * series over that period; the generated alert rules in parallel with all of it.
 */
export function useKpiPageData(
  uid: string,
  api: Pick<KpiCatalogApi, 'getKpi'>,
  kpiId: string,
  now: () => number = Date.now
): KpiPageData {
  const key = `${uid}\u0000${kpiId}`;
  const [state, setState] = useState<{ key: string; data: KpiPageData }>();

  useEffect(() => {
    let cancelled = false;
    let data: KpiPageData = { detail: LOADING, numbers: LOADING, rules: LOADING };
    const update = (change: Partial<KpiPageData>) => {
      if (!cancelled) {
        data = { ...data, ...change };
        setState({ key, data });
      }
    };
    const failed = (error: unknown) => ({ status: 'failed' as const, message: errorMessage(error) });
    const at = now();
    update({});

    fetchGeneratedRules(uid).then(
      (rules) => update({ rules: { status: 'done', value: rules } }),
      (error: unknown) => update({ rules: failed(error) })
    );

    (async () => {
      let detail: KpiDetail;
      try {
        detail = await api.getKpi(kpiId);
      } catch (error: unknown) {
        update({ detail: failed(error), numbers: failed(error) });
        return;
      }
      update({ detail: { status: 'done', value: detail } });
      const { main, history, periods } = kpiPageRequests(uid, detail.kpi, at, PAGE_RANGE_DAYS);
      const from = Number(main.from);
      let numbers: KpiNumbers;
      try {
        // All at once: the page's request and one per past period end (none depends on another).
        const [answers, ...past] = await Promise.all([queryData(main), ...history.map(answersOrErrors)]);
        const all: QueryAnswers = Object.assign({}, ...past, answers);
        numbers = {
          value: buildValueModel(answers[VALUE_REF_ID], undefined, from),
          slos: buildSloModels(detail.kpi, all, periods),
          from,
          to: at,
          comparisonPending: false,
        };
        const comparison = numbers.value.comparison;
        numbers.comparisonPending = comparison !== undefined;
        update({ numbers: { status: 'done', value: numbers } });
        if (!comparison) {
          return;
        }
        const step = main.queries[0].intervalMs;
        try {
          const answer = await queryData(comparisonRequest(uid, detail.kpi.id, comparison, step));
          const value = buildValueModel(answers[VALUE_REF_ID], answer[COMPARISON_REF_ID], from);
          update({
            numbers: {
              status: 'done',
              value: { ...numbers, value, comparisonPending: false, comparisonError: answer[COMPARISON_REF_ID]?.error },
            },
          });
        } catch (error: unknown) {
          update({
            numbers: {
              status: 'done',
              value: { ...numbers, comparisonPending: false, comparisonError: errorMessage(error) },
            },
          });
        }
      } catch (error: unknown) {
        update({ numbers: failed(error) });
      }
    })();

    return () => {
      cancelled = true;
    };
    // `now` is read once per load.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, api]);

  return state?.key === key ? state.data : { detail: LOADING, numbers: LOADING, rules: LOADING };
}
