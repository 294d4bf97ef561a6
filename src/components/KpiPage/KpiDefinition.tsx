import React, { ReactNode } from 'react';
import { css } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import { TagList, Text, useStyles2 } from '@grafana/ui';
import { formatTarget, unitName } from '../Catalog/formatTarget';
import { definitionYaml, GENERATED_QUERY_LABELS, KpiDetail, languageLabel } from '../Catalog/kpiDetail';
import { describeComparison, DIRECTION_TEXT, formatThresholds } from '../Catalog/kpiText';
import { PREVIEW_RANGE_DAYS } from '../Catalog/kpiCatalogApi';

/** What the KPI is: the catalog's facts, its query definition, and the PromQL or SQL the backend generates. */
export function KpiDefinition({ detail }: { detail: KpiDetail }) {
  const styles = useStyles2(getStyles);
  const { kpi } = detail;
  const unit = unitName(kpi.unit);
  const facts: Array<[string, ReactNode]> = [
    ['Id', <code key="id">{kpi.id}</code>],
    ['Owner', kpi.owner],
    ['Category', kpi.category],
    ['Tags', kpi.tags?.length ? <TagList key="tags" tags={kpi.tags} /> : undefined],
    ['Unit', unit && unit !== kpi.unit ? `${unit} (${kpi.unit})` : unit],
    ['Direction', kpi.direction ? DIRECTION_TEXT[kpi.direction] : undefined],
    ['Version', kpi.version],
    ['Source', kpi.source],
    ['Target', kpi.target ? formatTarget(kpi) : undefined],
    ['Thresholds', formatThresholds(kpi)],
    ['Aggregation', kpi.aggregation],
    ['Compared with', describeComparison(kpi.comparison)],
    ['Dimensions', kpi.dimensions?.length ? kpi.dimensions.join(', ') : undefined],
    ['Time zone', kpi.timezone],
  ];
  const label = languageLabel(detail.language);
  const queries = GENERATED_QUERY_LABELS.filter(([key]) => detail.queries[key]);
  return (
    <div className={styles.definition}>
      <dl className={styles.facts} aria-label={`About ${kpi.name || kpi.id}`}>
        {facts
          .filter(([, value]) => value !== undefined && value !== '')
          .map(([name, value]) => (
            <div key={name} data-fact={name}>
              <dt>{name}</dt>
              <dd>{value}</dd>
            </div>
          ))}
      </dl>
      {kpi.query !== undefined && (
        <figure className={styles.figure} aria-label={`Definition of ${kpi.name || kpi.id}`}>
          <figcaption>
            <Text weight="medium">Definition (catalog)</Text>
          </figcaption>
          <pre>{definitionYaml(kpi.query)}</pre>
        </figure>
      )}
      <section
        aria-label={`Generated ${label}`}
        data-testid="data-testid kpi-generated"
        data-language={detail.language}
      >
        <Text color="secondary" element="p">
          Generated {label} for the last {PREVIEW_RANGE_DAYS} days, without filters:
        </Text>
        {queries.length === 0 ? (
          <Text color="secondary">The data source generated no query for this KPI.</Text>
        ) : (
          queries.map(([key, caption]) => (
            <figure key={key} className={styles.figure} aria-label={`${caption} (${label})`} data-query={key}>
              <figcaption>
                <Text weight="medium">
                  {caption} ({label})
                </Text>
              </figcaption>
              <pre>{detail.queries[key]}</pre>
              {detail.parameters?.[key]?.length ? (
                <ol aria-label="Bound parameters">
                  {detail.parameters[key]?.map((value, i) => (
                    <li key={i}>
                      <code>{value}</code>
                    </li>
                  ))}
                </ol>
              ) : null}
            </figure>
          ))
        )}
      </section>
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  definition: css({ display: 'flex', flexDirection: 'column', gap: theme.spacing(1.5) }),
  facts: css({
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fill, minmax(200px, 1fr))',
    gap: theme.spacing(1, 2),
    margin: 0,
    dt: { color: theme.colors.text.secondary, fontSize: theme.typography.bodySmall.fontSize },
    dd: { margin: 0 },
  }),
  figure: css({ margin: 0, pre: { whiteSpace: 'pre-wrap', overflowWrap: 'anywhere', margin: theme.spacing(0.5, 0) } }),
});
