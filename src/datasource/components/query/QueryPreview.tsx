import React, { useEffect, useId, useState } from 'react';
import { GrafanaTheme2, TimeRange } from '@grafana/data';
import { getTemplateSrv } from '@grafana/runtime';
import { css } from '@emotion/css';
import {
  Alert,
  Collapse,
  InlineField,
  LoadingPlaceholder,
  RadioButtonGroup,
  Stack,
  Text,
  useStyles2,
} from '@grafana/ui';
import { KpiDetailResponse, KpiQuery, PreviewCall, PreviewWindows, QueryLanguage } from '../../types';
import { errorMessage } from '../../errors';
import { isKpiMeasure } from '../../measures';
import { expandField, interpolateQuery } from '../../variables/interpolate';
import { GeneratedQueries, generatedQueriesOf, placeholderOf, PREVIEW_TITLES, QUERY_PARTS } from './generatedQueries';

/** The query's measures and filters that change the calls, as the backend's preview takes them. */
export interface PreviewOptions {
  measures?: string[];
  filters?: Record<string, string[]>;
}

/** What the preview needs from the data source. */
export interface QuerySource {
  getKpi(id: string, range: TimeRange, stepMs?: number, options?: PreviewOptions): Promise<KpiDetailResponse>;
}

interface Props {
  datasource: QuerySource;
  /** The KPI field: an id or a variable, maybe standing for several KPIs. */
  kpi?: string;
  /** The whole query: its KPI measures and filters narrow the calls previewed. */
  query?: KpiQuery;
  range: TimeRange;
  stepMs?: number;
}

type PreviewRequest = Omit<Props, 'kpi' | 'query'> & {
  kpiId: string;
  options?: PreviewOptions;
  onLanguage: (language: QueryLanguage) => void;
};

type PreviewState =
  | { status: 'loading' }
  | { status: 'done'; generated: GeneratedQueries; detail: KpiDetailResponse }
  | { status: 'failed'; message: string };

/** The measures and the filters (variables resolved) of the query, when they narrow anything. */
function previewOptions(query: KpiQuery | undefined): PreviewOptions | undefined {
  if (!query) {
    return undefined;
  }
  const options: PreviewOptions = {};
  const measures = (query.measures ?? []).filter(isKpiMeasure);
  if (measures.length > 0) {
    options.measures = measures;
  }
  const { filters } = interpolateQuery(getTemplateSrv(), { refId: query.refId, filters: query.filters }, {});
  if (filters && Object.keys(filters).length > 0) {
    options.filters = filters;
  }
  return Object.keys(options).length > 0 ? options : undefined;
}

/**
 * Collapsible preview of the calls (PromQL or SQL, the KPI connection's language) a query of one KPI
 * sends over the current range: each with its evaluation time or range, or its bound values. It asks
 * the backend only while open; its title names the language once an answer has told it.
 */
export function QueryPreview({ datasource, kpi, query, range, stepMs }: Props) {
  const styles = useStyles2(getStyles);
  const [isOpen, setIsOpen] = useState(false);
  const [known, setKnown] = useState<{ kpiId: string; language: QueryLanguage }>();
  const [picked, setPicked] = useState<string>();
  // A multi-value KPI variable stands for several KPIs (docs/variables.md): the first is previewed, or the one picked.
  const kpiIds = kpi ? expandField(getTemplateSrv(), kpi, {}).values : [];
  const kpiId = picked && kpiIds.includes(picked) ? picked : (kpiIds[0] ?? '');
  const title = known?.kpiId === kpiId ? PREVIEW_TITLES[known.language] : 'Generated query';
  const options = previewOptions(query);

  return (
    <Collapse label={title} isOpen={isOpen} onToggle={() => setIsOpen(!isOpen)}>
      {isOpen && kpiIds.length > 1 && (
        <Stack direction="column" gap={1}>
          <Text color="secondary">
            The KPI field stands for {kpiIds.length} KPIs;{' '}
            {kpiId === kpiIds[0]
              ? `these are the queries of the first, ${kpiId}.`
              : `these are the queries of ${kpiId}.`}
          </Text>
          <InlineField label="Preview of" labelWidth={14}>
            <RadioButtonGroup<string>
              aria-label="The KPI to preview"
              className={styles.choices}
              size="sm"
              options={kpiIds.map((id) => ({ value: id, label: id }))}
              value={kpiId}
              onChange={setPicked}
            />
          </InlineField>
        </Stack>
      )}
      {isOpen &&
        (kpiId ? (
          <QueriesOfKpi
            datasource={datasource}
            kpiId={kpiId}
            range={range}
            stepMs={stepMs}
            options={options}
            onLanguage={(language) => setKnown({ kpiId, language })}
          />
        ) : (
          <Text color="secondary">Choose one KPI to see the queries generated for it.</Text>
        ))}
    </Collapse>
  );
}

/** Asks the backend for the calls of one KPI; asks again when the KPI, the range, the step or the query change. */
function useGeneratedQueries({ datasource, kpiId, range, stepMs, options, onLanguage }: PreviewRequest): PreviewState {
  const [loaded, setLoaded] = useState<{ request: string; state: PreviewState }>();
  const request = JSON.stringify([kpiId, range.from.valueOf(), range.to.valueOf(), stepMs, options]);

  useEffect(() => {
    let cancelled = false;
    const settle = (state: PreviewState) => !cancelled && setLoaded({ request, state });
    // Without options, the call of backends before options: (id, range, step).
    const asked = options ? datasource.getKpi(kpiId, range, stepMs, options) : datasource.getKpi(kpiId, range, stepMs);
    asked
      .then((detail) => {
        const generated = generatedQueriesOf(detail);
        if (!cancelled) {
          onLanguage(generated.language);
        }
        settle({ status: 'done', generated, detail });
      })
      .catch((error: unknown) => settle({ status: 'failed', message: errorMessage(error) }));
    return () => {
      cancelled = true;
    };
    // `request` stands for kpiId, stepMs, the options and the range bounds: the range object changes identity on every render.
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
      return state.detail.calls ? (
        <PreviewCalls calls={state.detail.calls} windows={state.detail.windows} language={state.generated.language} />
      ) : (
        <GeneratedStatements generated={state.generated} />
      );
  }
}

const PART_LABELS: Record<PreviewCall['parts'][number], string> = {
  series: 'Series',
  value: 'Value',
  previous: 'Previous period',
  baseline: 'Target baseline',
};

/** "2026-11-20 00:00:00 UTC" from the backend's RFC 3339 (always UTC). */
function formatTime(time?: string): string {
  if (!time) {
    return '';
  }
  return time.replace('T', ' ').replace(/(\.\d+)?Z$/, ' UTC');
}

function describeCall(call: PreviewCall): string {
  switch (call.kind) {
    case 'instant':
      return `Instant query evaluated at ${formatTime(call.time)} (the end of its window)`;
    case 'range':
      return `Range query from ${formatTime(call.start)} to ${formatTime(call.end)}, step ${call.step}`;
    default:
      return 'Statement';
  }
}

function describeWindows(windows: PreviewWindows): string {
  const { range, previous } = windows;
  const label = previous.label ? ` (${previous.label})` : '';
  return `Range ${formatTime(range.from)} to ${formatTime(range.to)}; previous period${label} ${formatTime(previous.from)} to ${formatTime(previous.to)}.`;
}

/** Every call the backend listed, in the order it plans them, each with what it answers and when it is evaluated. */
function PreviewCalls({
  calls,
  windows,
  language,
}: {
  calls: PreviewCall[];
  windows?: PreviewWindows;
  language: QueryLanguage;
}) {
  const styles = useStyles2(getStyles);
  const captionIdPrefix = useId();
  return (
    <Stack direction="column" gap={1}>
      {windows && (
        <Text color="secondary" variant="bodySmall">
          {describeWindows(windows)}
        </Text>
      )}
      {calls.length === 0 && <Text color="secondary">These measures send no query.</Text>}
      {calls.map((call, index) => {
        const label = call.parts.map((part) => PART_LABELS[part] ?? part).join(', ');
        const captionId = `${captionIdPrefix}-${index}`;
        return (
          <figure key={index} className={styles.figure} aria-labelledby={captionId}>
            <figcaption id={captionId}>
              <Text weight="medium">{label}</Text>
            </figcaption>
            <Text color="secondary" variant="bodySmall">
              {describeCall(call)}
              {call.reduce && call.parts.some((part) => part !== 'series')
                ? `; the value is the ${call.reduce} of its points`
                : ''}
            </Text>
            <pre className={styles.statement} data-language={language}>
              {call.query}
            </pre>
            {call.kind === 'statement' && (
              <BoundParameters label={label} statement={call.query} values={call.parameters ?? []} />
            )}
          </figure>
        );
      })}
    </Stack>
  );
}

/** Answers of backends before calls: one query per part. */
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
  choices: css({ flexWrap: 'wrap' }),
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
