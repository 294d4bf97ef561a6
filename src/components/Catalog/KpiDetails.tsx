import React, { ReactNode, useEffect, useId, useRef } from 'react';
import { css } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import { Alert, IconButton, LoadingPlaceholder, Stack, TagList, Text, useStyles2 } from '@grafana/ui';
import type { KpiSummary } from '../../datasource/types';
import { kpiPagePath } from '../KpiPage/links';
import { catalogTestIds } from './catalogTestIds';
import { formatTarget, unitName } from './formatTarget';
import { KpiCatalogApi, PREVIEW_RANGE_DAYS } from './kpiCatalogApi';
import { definitionYaml, GENERATED_QUERY_LABELS, KpiDefinition, KpiDetail, languageLabel } from './kpiDetail';
import { describeComparison, DIRECTION_TEXT, formatThresholds } from './kpiText';
import { SloList } from './SloList';
import { useKpiDetail } from './useKpiDetail';

interface Props {
  datasource: Pick<KpiCatalogApi, 'getKpi'>;
  /** The KPI to show (from `?kpi=`). */
  kpiId: string;
  /** The KPI as the list has it, to name it while its details load. */
  summary?: KpiSummary;
  onClose: () => void;
}

/** One KPI of the catalog: what it is, how it is defined and the queries the backend generates for it. */
export function KpiDetails({ datasource, kpiId, summary, onClose }: Props) {
  const styles = useStyles2(getStyles);
  const headingId = useId();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const state = useKpiDetail(datasource, kpiId);
  const name = (state.status === 'done' ? state.detail.kpi.name : summary?.name) || kpiId;

  // Opened from a drill-down link or a click further down the table: bring the details into view.
  useEffect(() => {
    headingRef.current?.focus({ preventScroll: true });
    headingRef.current?.scrollIntoView?.({ block: 'nearest' });
  }, [kpiId]);

  return (
    <section
      className={styles.details}
      aria-labelledby={headingId}
      data-testid={catalogTestIds.details}
      data-kpi={kpiId}
    >
      <div className={styles.header}>
        <h2 id={headingId} ref={headingRef} tabIndex={-1} className={styles.heading}>
          {name}
        </h2>
        <Stack direction="row" alignItems="center" gap={2}>
          {/* A plain link (Grafana routes it in the app): the details are also rendered outside a router. */}
          <a
            className={styles.pageLink}
            href={kpiPagePath(kpiId, new URLSearchParams(window.location.search).get('datasource') ?? undefined)}
          >
            Open the KPI page
          </a>
          <IconButton name="times" size="lg" tooltip="Close the KPI details" onClick={onClose} />
        </Stack>
      </div>
      {state.status === 'loading' && <LoadingPlaceholder text="Loading the KPI…" />}
      {state.status === 'failed' && (
        <Alert severity="error" title={`Cannot load the KPI ${kpiId}`}>
          {state.message}
        </Alert>
      )}
      {state.status === 'done' && <DetailBody detail={state.detail} />}
    </section>
  );
}

function DetailBody({ detail }: { detail: KpiDetail }) {
  const { kpi } = detail;
  return (
    <Stack direction="column" gap={2}>
      {kpi.description && <Text element="p">{kpi.description}</Text>}
      <Facts kpi={kpi} />
      {kpi.query !== undefined && (
        <Block title="Definition" testId={catalogTestIds.definition}>
          <pre aria-label={`Definition of ${kpi.name || kpi.id}`}>{definitionYaml(kpi.query)}</pre>
        </Block>
      )}
      {kpi.slos?.length ? (
        <Block title="SLOs">
          <SloList kpiName={kpi.name || kpi.id} slos={kpi.slos} />
        </Block>
      ) : null}
      <GeneratedQueries detail={detail} />
    </Stack>
  );
}

function Block({ title, testId, children }: { title: string; testId?: string; children: ReactNode }) {
  const headingId = useId();
  return (
    <section aria-labelledby={headingId} data-testid={testId}>
      <Text element="h3" variant="h5" id={headingId}>
        {title}
      </Text>
      {children}
    </section>
  );
}

function Facts({ kpi }: { kpi: KpiDefinition }) {
  const styles = useStyles2(getStyles);
  const unit = unitName(kpi.unit);
  const facts: Array<[string, ReactNode]> = [
    ['Id', <code key="id">{kpi.id}</code>],
    ['Owner', kpi.owner],
    ['Category', kpi.category],
    ['Tags', kpi.tags?.length ? <TagList key="tags" tags={kpi.tags} /> : undefined],
    ['Unit', unit && unit !== kpi.unit ? `${unit} (${kpi.unit})` : unit],
    ['Direction', kpi.direction ? DIRECTION_TEXT[kpi.direction] : undefined],
    ['Target', kpi.target ? formatTarget(kpi) : undefined],
    ['Thresholds', formatThresholds(kpi)],
    ['Aggregation', kpi.aggregation],
    ['Compared with', describeComparison(kpi.comparison)],
    ['Dimensions', kpi.dimensions?.length ? kpi.dimensions.join(', ') : undefined],
    ['Time zone', kpi.timezone],
    ['Connection', kpi.source],
    ['Version', kpi.version],
  ];
  return (
    <dl className={styles.facts} aria-label={`About ${kpi.name || kpi.id}`}>
      {facts
        .filter(([, value]) => value !== undefined && value !== '')
        .map(([label, value]) => (
          <div key={label} className={styles.fact} data-fact={label}>
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
    </dl>
  );
}

function GeneratedQueries({ detail }: { detail: KpiDetail }) {
  const styles = useStyles2(getStyles);
  const captionIdPrefix = useId();
  const label = languageLabel(detail.language);
  const queries = GENERATED_QUERY_LABELS.filter(([key]) => detail.queries[key]);
  return (
    <Block title={`Generated ${label}`} testId={catalogTestIds.generatedQueries}>
      <Text color="secondary" element="p">
        For the last {PREVIEW_RANGE_DAYS} days, without filters.
      </Text>
      {queries.length === 0 ? (
        <Text color="secondary">The data source generated no query for this KPI.</Text>
      ) : (
        queries.map(([key, caption]) => (
          <figure
            key={key}
            className={styles.figure}
            aria-labelledby={`${captionIdPrefix}-${key}`}
            data-query={key}
            data-language={detail.language}
          >
            <figcaption id={`${captionIdPrefix}-${key}`}>
              <Text weight="medium">
                {caption} ({label})
              </Text>
            </figcaption>
            <pre>{detail.queries[key]}</pre>
            <Parameters values={detail.parameters?.[key]} />
          </figure>
        ))
      )}
    </Block>
  );
}

/** The values bound to a SQL statement, numbered like its placeholders. */
function Parameters({ values }: { values?: string[] }) {
  if (!values?.length) {
    return null;
  }
  return (
    <ol aria-label="Bound parameters">
      {values.map((value, i) => (
        <li key={i}>
          <code>{value}</code>
        </li>
      ))}
    </ol>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  details: css({
    padding: theme.spacing(2),
    border: `1px solid ${theme.colors.primary.border}`,
    borderRadius: theme.shape.radius.default,
    background: theme.colors.background.secondary,
  }),
  header: css({ display: 'flex', alignItems: 'center', justifyContent: 'space-between', gap: theme.spacing(1) }),
  heading: css({ margin: 0, fontSize: theme.typography.h3.fontSize, '&:focus': { outline: 'none' } }),
  pageLink: css({ color: theme.colors.text.link, '&:hover': { textDecoration: 'underline' } }),
  facts: css({
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fill, minmax(240px, 1fr))',
    gap: theme.spacing(1, 2),
    margin: 0,
    dt: { color: theme.colors.text.secondary, fontSize: theme.typography.bodySmall.fontSize },
    dd: { margin: 0 },
  }),
  fact: css({ minWidth: 0 }),
  figure: css({ margin: theme.spacing(0, 0, 1), pre: { whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' } }),
});
