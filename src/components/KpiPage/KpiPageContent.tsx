import React, { ReactNode, useId } from 'react';
import { Link } from 'react-router-dom';
import { css } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import { Alert, LinkButton, LoadingPlaceholder, Stack, Text, useStyles2 } from '@grafana/ui';
import type { KpiCatalogApi } from '../Catalog/kpiCatalogApi';
import { PAGE_RANGE_DAYS } from '../Overview/pageRange';
import { rulesFor } from './grafanaRules';
import { KpiDefinition } from './KpiDefinition';
import { alertListUrl, catalogPath, exploreUrl, overviewPath } from './links';
import { SloSection } from './SloSection';
import { useKpiPageData } from './useKpiPageData';
import { ValueSection } from './ValueSection';

interface Props {
  uid: string;
  datasource: Pick<KpiCatalogApi, 'getKpi'>;
  kpiId: string;
  /** The `?datasource=` to keep in links, if the URL has one. */
  datasourceParam?: string;
}

function Section({ title, children, testId }: { title: string; children: ReactNode; testId?: string }) {
  const styles = useStyles2(getStyles);
  const id = useId();
  return (
    <section aria-labelledby={id} className={styles.section} data-testid={testId}>
      <Text element="h3" variant="h4" id={id}>
        {title}
      </Text>
      {children}
    </section>
  );
}

/** One KPI: its value with target and comparison, its definition and generated query, and every SLO. */
export function KpiPageContent({ uid, datasource, kpiId, datasourceParam }: Props) {
  const styles = useStyles2(getStyles);
  const { detail, numbers, rules } = useKpiPageData(uid, datasource, kpiId);
  const kpi = detail.status === 'done' ? detail.value.kpi : undefined;
  const name = kpi?.name || kpiId;

  return (
    <Stack direction="column" gap={3}>
      <div className={styles.header}>
        <div>
          <Text element="h2" variant="h2">
            {name}
          </Text>
          {kpi?.description && (
            <Text color="secondary" element="p">
              {kpi.description}
            </Text>
          )}
        </div>
        <Stack direction="row" gap={1} wrap="wrap">
          <Link className={styles.link} to={overviewPath(datasourceParam)}>
            All KPIs and SLOs
          </Link>
          <Link className={styles.link} to={catalogPath(kpiId, datasourceParam)}>
            Catalog entry
          </Link>
          <LinkButton
            variant="secondary"
            size="sm"
            icon="compass"
            href={exploreUrl(uid, { kpi: kpiId, measures: ['series'] })}
          >
            Explore
          </LinkButton>
          <LinkButton variant="secondary" size="sm" icon="bell" href={alertListUrl(kpiId)}>
            Alert rules
          </LinkButton>
        </Stack>
      </div>

      {detail.status === 'loading' && <LoadingPlaceholder text="Loading the KPI…" />}
      {detail.status === 'failed' && (
        <Alert severity="error" title={`Cannot load the KPI ${kpiId}`}>
          {detail.message}
        </Alert>
      )}

      {kpi && (
        <Section title={`Value over the last ${PAGE_RANGE_DAYS} days`} testId="data-testid kpi-value">
          {numbers.status === 'loading' && <LoadingPlaceholder text="Computing the KPI…" />}
          {numbers.status === 'failed' && (
            <Alert severity="error" title="Cannot compute the KPI">
              {numbers.message}
            </Alert>
          )}
          {numbers.status === 'done' && (
            <>
              {numbers.value.comparisonError && (
                <Alert severity="warning" title="Cannot show the comparison period">
                  {numbers.value.comparisonError}
                </Alert>
              )}
              <ValueSection kpi={kpi} model={numbers.value.value} from={numbers.value.from} to={numbers.value.to} />
            </>
          )}
        </Section>
      )}

      {detail.status === 'done' && (
        <Section title="Definition" testId="data-testid kpi-definition">
          <KpiDefinition detail={detail.value} />
        </Section>
      )}

      {kpi && (
        <Section title="SLOs" testId="data-testid kpi-slos">
          {!kpi.slos?.length && <Text color="secondary">This KPI has no SLO.</Text>}
          {numbers.status === 'done' &&
            numbers.value.slos.map((model) => (
              <SloSection
                key={model.slo.name}
                kpi={kpi}
                model={model}
                uid={uid}
                rules={rules.status === 'done' ? rulesFor(rules.value, kpi.id, model.slo.name) : undefined}
                rulesError={rules.status === 'failed' ? rules.message : undefined}
              />
            ))}
          {numbers.status === 'loading' && (kpi.slos?.length ?? 0) > 0 && (
            <LoadingPlaceholder text="Computing the SLOs…" />
          )}
        </Section>
      )}
    </Stack>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  header: css({
    display: 'flex',
    flexWrap: 'wrap',
    justifyContent: 'space-between',
    alignItems: 'flex-start',
    gap: theme.spacing(2),
    h2: { margin: 0 },
  }),
  section: css({ display: 'flex', flexDirection: 'column', gap: theme.spacing(1.5) }),
  link: css({
    alignSelf: 'center',
    color: theme.colors.text.link,
    '&:hover': { textDecoration: 'underline' },
  }),
});
