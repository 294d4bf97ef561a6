import React, { useEffect, useId, useState } from 'react';
import { GrafanaTheme2, TimeRange } from '@grafana/data';
import { getTemplateSrv } from '@grafana/runtime';
import { css } from '@emotion/css';
import { Alert, Collapse, LoadingPlaceholder, Stack, Text, useStyles2 } from '@grafana/ui';
import { KpiDetailResponse, QueryLanguage } from '../../types';
import { errorMessage } from '../../errors';
import { expandField } from '../../variables/interpolate';
import { GeneratedQueries, generatedQueriesOf, placeholderOf, PREVIEW_TITLES, QUERY_PARTS } from './generatedQueries';

/** What the preview needs from the data source. */
export interface QuerySource {
  getKpi(id: string, range: TimeRange, stepMs?: number): Promise<KpiDetailResponse>;
}

interface Props {
  datasource: QuerySource;
  kpi?: string;
  range: TimeRange;
  stepMs?: number;
}

type PreviewRequest = Omit<Props, 'kpi'> & { kpiId: string; onLanguage: (language: QueryLanguage) => void };

type PreviewState =
  { status: 'loading' } | { status: 'done'; generated: GeneratedQueries } | { status: 'failed'; message: string };

/**
 * Collapsible preview of the queries (PromQL or SQL, the KPI connection's language) the backend
 * generates for one KPI over the current range. It asks the backend only while open; its title
 * names the language once an answer has told it.
 */
export function QueryPreview({ datasource, kpi, range, stepMs }: Props) {
  const [isOpen, setIsOpen] = useState(false);
  const [known, setKnown] = useState<{ kpiId: string; language: QueryLanguage }>();
  // A multi-value KPI variable stands for several KPIs (docs/variables.md): the first is previewed.
  const kpiIds = kpi ? expandField(getTemplateSrv(), kpi, {}).values : [];
  const kpiId = kpiIds[0] ?? '';
  const title = known?.kpiId === kpiId ? PREVIEW_TITLES[known.language] : 'Generated query';

  return (
    <Collapse label={title} isOpen={isOpen} onToggle={() => setIsOpen(!isOpen)}>
      {isOpen && kpiIds.length > 1 && (
        <Text color="secondary">
          The KPI field stands for {kpiIds.length} KPIs; these are the queries of the first, {kpiId}.
        </Text>
      )}
      {isOpen &&
        (kpiId ? (
          <QueriesOfKpi
            datasource={datasource}
            kpiId={kpiId}
            range={range}
            stepMs={stepMs}
            onLanguage={(language) => setKnown({ kpiId, language })}
          />
        ) : (
          <Text color="secondary">Choose one KPI to see the queries generated for it.</Text>
        ))}
    </Collapse>
  );
}

/** Asks the backend for the queries of one KPI; asks again when the KPI, the range or the step change. */
function useGeneratedQueries({ datasource, kpiId, range, stepMs, onLanguage }: PreviewRequest): PreviewState {
  const [loaded, setLoaded] = useState<{ request: string; state: PreviewState }>();
  const request = JSON.stringify([kpiId, range.from.valueOf(), range.to.valueOf(), stepMs]);

  useEffect(() => {
    let cancelled = false;
    const settle = (state: PreviewState) => !cancelled && setLoaded({ request, state });
    datasource
      .getKpi(kpiId, range, stepMs)
      .then((detail) => {
        const generated = generatedQueriesOf(detail);
        if (!cancelled) {
          onLanguage(generated.language);
        }
        settle({ status: 'done', generated });
      })
      .catch((error: unknown) => settle({ status: 'failed', message: errorMessage(error) }));
    return () => {
      cancelled = true;
    };
    // `request` stands for kpiId, stepMs and the range bounds: the range object changes identity on every render.
    // onLanguage is a new function on every render and only reports back.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [datasource, request]);

  return loaded?.request === request ? loaded.state : { status: 'loading' };
}

function QueriesOfKpi(request: PreviewRequest) {
  const state = useGeneratedQueries(request);
  switch (state.status) {
    case 'loading':
      return <LoadingPlaceholder text="Loading the generated queries…" />;
    case 'failed':
      return (
        <Alert severity="error" title="Could not generate the queries">
          {state.message}
        </Alert>
      );
    case 'done':
      return <GeneratedStatements generated={state.generated} />;
  }
}

function GeneratedStatements({ generated }: { generated: GeneratedQueries }) {
  const styles = useStyles2(getStyles);
  const captionIdPrefix = useId();
  const { language, queries, parameters } = generated;

  return (
    <Stack direction="column" gap={1}>
      {QUERY_PARTS.map(([part, label]) => {
        const statement = queries[part];
        if (!statement) {
          return null;
        }
        const captionId = `${captionIdPrefix}-${part}`;
        const bound = parameters[part];
        return (
          <figure key={part} className={styles.figure} aria-labelledby={captionId}>
            <figcaption id={captionId}>
              <Text weight="medium">{label}</Text>
            </figcaption>
            <pre className={styles.statement} data-language={language}>
              {statement}
            </pre>
            {language === 'sql' && bound !== undefined && (
              <BoundParameters label={label} statement={statement} values={bound} />
            )}
          </figure>
        );
      })}
    </Stack>
  );
}

/** The values bound to a SQL statement's placeholders, in order. */
function BoundParameters({ label, statement, values }: { label: string; statement: string; values: string[] }) {
  const styles = useStyles2(getStyles);
  if (values.length === 0) {
    return (
      <Text color="secondary" variant="bodySmall">
        No bound parameters.
      </Text>
    );
  }
  return (
    <div>
      <Text color="secondary" variant="bodySmall">
        Bound parameters
      </Text>
      <ol className={styles.parameters} aria-label={`${label} parameters`}>
        {values.map((value, position) => (
          <li key={position}>
            <code>{placeholderOf(statement, position)}</code> = <code>{value === '' ? "''" : value}</code>
          </li>
        ))}
      </ol>
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  figure: css({ margin: 0 }),
  statement: css({
    fontFamily: theme.typography.fontFamilyMonospace,
    whiteSpace: 'pre-wrap',
    overflowX: 'auto',
    margin: theme.spacing(0.5, 0),
  }),
  parameters: css({
    listStyle: 'none',
    margin: 0,
    padding: 0,
    fontFamily: theme.typography.fontFamilyMonospace,
    fontSize: theme.typography.bodySmall.fontSize,
  }),
});
