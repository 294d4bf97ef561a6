import React, { useEffect, useId, useState } from 'react';
import { TimeRange } from '@grafana/data';
import { getTemplateSrv } from '@grafana/runtime';
import { css } from '@emotion/css';
import { Alert, Collapse, LoadingPlaceholder, Stack, Text, useStyles2 } from '@grafana/ui';
import { KpiPromql } from '../../types';
import { errorMessage } from '../../errors';

/** What the preview needs from the data source. */
export interface PromqlSource {
  getKpi(id: string, range: TimeRange, stepMs?: number): Promise<{ promql: KpiPromql }>;
}

interface Props {
  datasource: PromqlSource;
  kpi?: string;
  range: TimeRange;
  stepMs?: number;
}

type PromqlRequest = Omit<Props, 'kpi'> & { kpiId: string };

type PreviewState =
  { status: 'loading' } | { status: 'done'; promql: KpiPromql } | { status: 'failed'; message: string };

const PROMQL_LABELS: Array<[keyof KpiPromql, string]> = [
  ['series', 'Series'],
  ['value', 'Value'],
  ['previous', 'Previous period'],
];

/** Collapsible preview of the PromQL the backend generates for one KPI over the current range. */
export function PromqlPreview({ datasource, kpi, range, stepMs }: Props) {
  const [isOpen, setIsOpen] = useState(false);
  const kpiId = kpi ? getTemplateSrv().replace(kpi) : '';

  return (
    <Collapse label="Generated PromQL" isOpen={isOpen} onToggle={() => setIsOpen(!isOpen)}>
      {isOpen &&
        (kpiId ? (
          <PromqlOfKpi datasource={datasource} kpiId={kpiId} range={range} stepMs={stepMs} />
        ) : (
          <Text color="secondary">Choose one KPI to see its PromQL.</Text>
        ))}
    </Collapse>
  );
}

/** Asks the backend for the PromQL of one KPI; asks again when the KPI, the range or the step change. */
function useKpiPromql({ datasource, kpiId, range, stepMs }: PromqlRequest): PreviewState {
  const [loaded, setLoaded] = useState<{ request: string; state: PreviewState }>();
  const request = JSON.stringify([kpiId, range.from.valueOf(), range.to.valueOf(), stepMs]);

  useEffect(() => {
    let cancelled = false;
    const settle = (state: PreviewState) => !cancelled && setLoaded({ request, state });
    datasource
      .getKpi(kpiId, range, stepMs)
      .then((detail) => settle({ status: 'done', promql: detail.promql }))
      .catch((error: unknown) => settle({ status: 'failed', message: errorMessage(error) }));
    return () => {
      cancelled = true;
    };
    // `request` stands for kpiId, stepMs and the range bounds: the range object changes identity on every render.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [datasource, request]);

  return loaded?.request === request ? loaded.state : { status: 'loading' };
}

function PromqlOfKpi(request: PromqlRequest) {
  const state = useKpiPromql(request);
  switch (state.status) {
    case 'loading':
      return <LoadingPlaceholder text="Loading PromQL…" />;
    case 'failed':
      return (
        <Alert severity="error" title="Could not generate the PromQL">
          {state.message}
        </Alert>
      );
    case 'done':
      return <PromqlQueries promql={state.promql} />;
  }
}

function PromqlQueries({ promql }: { promql: KpiPromql }) {
  const styles = useStyles2(getStyles);
  const captionIdPrefix = useId();
  return (
    <Stack direction="column" gap={1}>
      {PROMQL_LABELS.filter(([key]) => promql[key]).map(([key, label]) => (
        <figure key={key} className={styles.figure} aria-labelledby={`${captionIdPrefix}-${key}`}>
          <figcaption id={`${captionIdPrefix}-${key}`}>
            <Text weight="medium">{label}</Text>
          </figcaption>
          <pre>{promql[key]}</pre>
        </figure>
      ))}
    </Stack>
  );
}

const getStyles = () => ({
  figure: css({ margin: 0 }),
});
