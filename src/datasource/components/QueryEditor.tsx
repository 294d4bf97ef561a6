import React, { useId, useState } from 'react';
import { getDefaultTimeRange, QueryEditorProps, SelectableValue } from '@grafana/data';
import { InlineField, RadioButtonGroup, Stack } from '@grafana/ui';
import { DataSource } from '../datasource';
import { KpiDataSourceOptions, KpiQuery, KpiSummary } from '../types';
import { FiltersEditor } from './query/FiltersEditor';
import { KpiPicker } from './query/KpiPicker';
import { MeasuresPicker } from './query/MeasuresPicker';
import { PromqlPreview } from './query/PromqlPreview';
import { changeAndRun, QueryPartProps } from './query/queryPartProps';
import { SelectorEditor } from './query/SelectorEditor';
import { useKpiSummaries } from '../useKpiSummaries';

export type KpiQueryEditorProps = QueryEditorProps<DataSource, KpiQuery, KpiDataSourceOptions>;

type TargetMode = 'kpi' | 'selector';

const TARGET_MODE_OPTIONS: Array<SelectableValue<TargetMode>> = [
  { label: 'One KPI', value: 'kpi' },
  { label: 'KPI selector', value: 'selector' },
];

/** Switching to the selector drops the KPI id, and back: the query then means what the editor shows. */
function withTargetMode(query: KpiQuery, mode: TargetMode): KpiQuery {
  const { kpi, selector, ...rest } = query;
  return mode === 'selector' ? { ...rest, selector: selector ?? {} } : { ...rest, kpi };
}

/** Dimensions of the chosen KPI, or of every KPI when a selector is used. */
function dimensionsFor(query: KpiQuery, kpis: KpiSummary[]): string[] {
  const candidates = query.selector === undefined ? kpis.filter((kpi) => kpi.id === query.kpi) : kpis;
  return Array.from(new Set(candidates.flatMap((kpi) => kpi.dimensions ?? []))).sort();
}

/** Works in dashboards, Explore and alert rules alike: it only relies on its own props. */
export function QueryEditor({ datasource, query, onChange, onRunQuery, range, data }: KpiQueryEditorProps) {
  const { kpis, loading, error } = useKpiSummaries(datasource);
  const [defaultRange] = useState(getDefaultTimeRange);
  const idPrefix = useId();
  const partProps: QueryPartProps = { query, onChange, onRunQuery, idPrefix };
  const mode: TargetMode = query.selector === undefined ? 'kpi' : 'selector';

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
      <MeasuresPicker {...partProps} />
      <FiltersEditor {...partProps} dimensions={dimensionsFor(query, kpis)} />
      <PromqlPreview
        datasource={datasource}
        kpi={mode === 'kpi' ? query.kpi : undefined}
        range={range ?? defaultRange}
        stepMs={data?.request?.intervalMs}
      />
    </Stack>
  );
}
