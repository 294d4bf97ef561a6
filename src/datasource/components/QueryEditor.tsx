import React, { useId, useMemo, useState } from 'react';
import { getDefaultTimeRange, QueryEditorProps, SelectableValue } from '@grafana/data';
import { getTemplateSrv } from '@grafana/runtime';
import { InlineField, RadioButtonGroup, Stack } from '@grafana/ui';
import { DataSource } from '../datasource';
import { isSloMeasure } from '../measures';
import { findKpi } from '../slos';
import { KpiDataSourceOptions, KpiQuery, KpiSummary, Slo } from '../types';
import { FiltersEditor } from './query/FiltersEditor';
import { KpiPicker } from './query/KpiPicker';
import { MeasuresPicker } from './query/MeasuresPicker';
import { QueryPreview } from './query/QueryPreview';
import { changeAndRun, QueryPartProps } from './query/queryPartProps';
import { SelectorEditor } from './query/SelectorEditor';
import { SloPicker } from './query/SloPicker';
import { useKpiSummaries } from '../useKpiSummaries';

export type KpiQueryEditorProps = QueryEditorProps<DataSource, KpiQuery, KpiDataSourceOptions>;

type TargetMode = 'kpi' | 'selector';

const TARGET_MODE_OPTIONS: Array<SelectableValue<TargetMode>> = [
  { label: 'One KPI', value: 'kpi' },
  { label: 'KPI selector', value: 'selector' },
];

/**
 * Switching to the selector drops the KPI id (and the SLO, which only the KPI mode shows), and back:
 * the query then means what the editor shows.
 */
function withTargetMode(query: KpiQuery, mode: TargetMode): KpiQuery {
  const { kpi, selector, slo, ...rest } = query;
  if (mode === 'selector') {
    return { ...rest, selector: selector ?? {} };
  }
  return slo === undefined ? { ...rest, kpi } : { ...rest, kpi, slo };
}

/** Dimensions of the chosen KPI, or of every KPI when a selector is used. */
function dimensionsFor(query: KpiQuery, kpis: KpiSummary[]): string[] {
  const candidates = query.selector === undefined ? kpis.filter((kpi) => kpi.id === query.kpi) : kpis;
  return Array.from(new Set(candidates.flatMap((kpi) => kpi.dimensions ?? []))).sort();
}

/** The catalog entry of the chosen KPI (a template variable resolves to its current value). */
function chosenKpi(query: KpiQuery, kpis: KpiSummary[]): KpiSummary | undefined {
  return query.kpi ? findKpi(kpis, getTemplateSrv().replace(query.kpi).trim()) : undefined;
}

/** SLOs whose concrete burn measures to offer: the chosen SLO, the chosen KPI's, or every KPI's for a selector. */
function burnSourceSlos(mode: TargetMode, kpis: KpiSummary[], kpi?: KpiSummary, sloName?: string): Slo[] {
  if (mode === 'selector') {
    return kpis.flatMap((candidate) => candidate.slos ?? []);
  }
  const slos = kpi?.slos ?? [];
  const chosen = slos.filter((slo) => slo.name === sloName);
  return chosen.length > 0 ? chosen : slos;
}

/** Works in dashboards, Explore and alert rules alike: it only relies on its own props. */
export function QueryEditor({ datasource, query, onChange, onRunQuery, range, data }: KpiQueryEditorProps) {
  const { kpis, loading, error } = useKpiSummaries(datasource);
  const [defaultRange] = useState(getDefaultTimeRange);
  const idPrefix = useId();
  const partProps: QueryPartProps = { query, onChange, onRunQuery, idPrefix };
  const mode: TargetMode = query.selector === undefined ? 'kpi' : 'selector';
  const kpi = mode === 'kpi' ? chosenKpi(query, kpis) : undefined;
  const kpiHasSlos = (kpi?.slos ?? []).length > 0;
  const asksForSloMeasures = (query.measures ?? []).some(isSloMeasure);
  // A selector query has no one KPI to choose an SLO of: it gets the SLO measures of every SLO.
  const showSloPicker = mode === 'kpi' && (kpiHasSlos || asksForSloMeasures || Boolean(query.slo));
  const burnSlos = useMemo(() => burnSourceSlos(mode, kpis, kpi, query.slo), [mode, kpis, kpi, query.slo]);

  return (
    <Stack direction="column" gap={1}>
      <InlineField label="Query" labelWidth={14}>
        <RadioButtonGroup<TargetMode>
          aria-label="Query one KPI or a KPI selector"
          options={TARGET_MODE_OPTIONS}
          value={mode}
          onChange={(nextMode) => changeAndRun(partProps, withTargetMode(query, nextMode))}
        />
      </InlineField>
      {mode === 'kpi' ? (
        <KpiPicker {...partProps} kpis={kpis} loading={loading} error={error} />
      ) : (
        <SelectorEditor {...partProps} />
      )}
      {showSloPicker && <SloPicker {...partProps} kpi={kpi} />}
      <MeasuresPicker {...partProps} offerSloMeasures={kpi === undefined || kpiHasSlos} slos={burnSlos} />
      <FiltersEditor {...partProps} dimensions={dimensionsFor(query, kpis)} />
      <QueryPreview
        datasource={datasource}
        kpi={mode === 'kpi' ? query.kpi : undefined}
        range={range ?? defaultRange}
        stepMs={data?.request?.intervalMs}
      />
    </Stack>
  );
}
