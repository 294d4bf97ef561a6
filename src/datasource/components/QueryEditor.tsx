import React, { useEffect, useId, useMemo, useRef, useState } from 'react';
import { CoreApp, dateTime, getDefaultTimeRange, QueryEditorProps, SelectableValue, TimeRange } from '@grafana/data';
import { InlineField, RadioButtonGroup, Stack, Text } from '@grafana/ui';
import { DataSource } from '../datasource';
import { isSloMeasure } from '../measures';
import { KpiDataSourceOptions, KpiQuery, KpiSummary, Slo } from '../types';
import { FiltersEditor, FilterValuesSource } from './query/FiltersEditor';
import { KpiPicker } from './query/KpiPicker';
import { MeasuresPicker } from './query/MeasuresPicker';
import { QueryPreview } from './query/QueryPreview';
import { changeAndRun, QueryPartProps } from './query/queryPartProps';
import { SelectorEditor } from './query/SelectorEditor';
import { SloPicker } from './query/SloPicker';
import { kpiIdsOf, kpisOf, matchesSelector } from './query/suggestions';
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

/** The dimensions of the KPIs the query reads, every KPI's when none is known. */
const dimensionsOf = (kpis: KpiSummary[]): string[] =>
  Array.from(new Set(kpis.flatMap((kpi) => kpi.dimensions ?? []))).sort();

/** SLOs whose concrete burn measures to offer: the chosen SLO of the chosen KPIs, or all their SLOs. */
function burnSourceSlos(kpis: KpiSummary[], sloName?: string): Slo[] {
  const slos = kpis.flatMap((kpi) => kpi.slos ?? []);
  const chosen = slos.filter((slo) => slo.name === sloName);
  return chosen.length > 0 ? chosen : slos;
}

/**
 * Values of a dimension for the query's KPIs over the range (key: `[ids, from, to]`): one KPI's own
 * route, or the union route for several.
 */
function valuesSource(datasource: DataSource, key: string, known: KpiSummary[]): FilterValuesSource {
  const [ids, from, to]: [string[], number, number] = JSON.parse(key);
  const range: TimeRange = { from: dateTime(from), to: dateTime(to), raw: { from: dateTime(from), to: dateTime(to) } };
  if (ids.length === 1) {
    // Only the KPI's own dimensions can narrow its values: the route refuses others.
    const own = known.find((kpi) => kpi.id === ids[0])?.dimensions;
    return {
      key,
      load: (dimension, filters) => {
        const usable = Object.fromEntries(Object.entries(filters).filter(([name]) => !own || own.includes(name)));
        return datasource.getKpiDimensionValues(ids[0], dimension, { range, filters: usable });
      },
    };
  }
  return { key, load: (dimension, filters) => datasource.getDimensionValues(ids, dimension, { range, filters }) };
}

/** What to do when the query names no KPI yet. */
function EmptyState({ kpis, loading, error }: { kpis: KpiSummary[]; loading: boolean; error?: string }) {
  if (loading || error) {
    return null;
  }
  if (kpis.length === 0) {
    return (
      <Text color="secondary" italic>
        The catalog has no KPIs yet: add them in the data source&apos;s settings (Catalog YAML or a catalog file).
      </Text>
    );
  }
  return (
    <Text color="secondary" italic>
      Choose one of the catalog&apos;s {kpis.length} KPIs above, or switch to KPI selector to query several by tag,
      owner or category (none set: the whole catalog).
    </Text>
  );
}

/** Works in dashboards, Explore and alert rules alike: it only relies on its own props. */
export function QueryEditor({ datasource, query, onChange, onRunQuery, range, data, app }: KpiQueryEditorProps) {
  const { kpis, loading, error } = useKpiSummaries(datasource);
  const [defaultRange] = useState(getDefaultTimeRange);
  const idPrefix = useId();
  const partProps: QueryPartProps = { query, onChange, onRunQuery, idPrefix };
  const mode: TargetMode = query.selector === undefined ? 'kpi' : 'selector';
  // A multi-value or All variable in the KPI field stands for several KPIs (docs/variables.md).
  const kpiIds = useMemo(() => (mode === 'kpi' ? kpiIdsOf(query.kpi) : []), [mode, query.kpi]);
  const chosen = useMemo(() => kpisOf(kpis, kpiIds), [kpis, kpiIds]);
  const selected = useMemo(
    () => (mode === 'selector' ? kpis.filter((kpi) => matchesSelector(kpi, query.selector ?? {})) : []),
    [mode, kpis, query.selector]
  );
  const queried = mode === 'kpi' ? chosen : selected;
  const anyHasSlos = chosen.some((kpi) => (kpi.slos ?? []).length > 0);
  const asksForSloMeasures = (query.measures ?? []).some(isSloMeasure);
  // A selector query has no one KPI to choose an SLO of: it gets the SLO measures of every SLO.
  const showSloPicker = mode === 'kpi' && (anyHasSlos || asksForSloMeasures || Boolean(query.slo));
  const burnSlos = useMemo(
    () => burnSourceSlos(mode === 'selector' ? selected : chosen, query.slo),
    [mode, selected, chosen, query.slo]
  );
  const timeRange = range ?? defaultRange;
  const valueIds = mode === 'kpi' ? kpiIds : selected.map((kpi) => kpi.id);
  // The range object changes identity on every render: the key stands for its bounds (and the KPIs).
  const valuesKey = JSON.stringify([valueIds, timeRange.from.valueOf(), timeRange.to.valueOf()]);
  const values = useMemo(() => valuesSource(datasource, valuesKey, kpis), [datasource, valuesKey, kpis]);

  // Explore: a query that names nothing gets the catalog's first KPI, once, so that it shows something.
  const picked = useRef(false);
  useEffect(() => {
    if (app !== CoreApp.Explore || picked.current || loading || kpis.length === 0) {
      return;
    }
    picked.current = true;
    if (query.kpi === undefined && query.selector === undefined) {
      changeAndRun(partProps, { ...query, kpi: kpis[0].id });
    }
    // Once, when the catalog has loaded: later edits are the user's.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [app, loading, kpis]);

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
        <SelectorEditor {...partProps} kpis={kpis} loading={loading} />
      )}
      {mode === 'kpi' && !query.kpi?.trim() && <EmptyState kpis={kpis} loading={loading} error={error} />}
      {mode === 'kpi' && kpiIds.length > 1 && (
        <Text color="secondary" variant="bodySmall">
          {query.kpi} stands for {kpiIds.length} KPIs: {kpiIds.join(', ')}.
        </Text>
      )}
      {mode === 'selector' && !loading && (
        <Text color="secondary" variant="bodySmall">
          {selected.length === kpis.length
            ? `Every KPI of the catalog (${kpis.length}).`
            : `${selected.length} of the catalog's ${kpis.length} KPIs match.`}
        </Text>
      )}
      {showSloPicker && <SloPicker {...partProps} kpis={chosen} />}
      <MeasuresPicker
        {...partProps}
        offerSloMeasures={mode === 'selector' || chosen.length === 0 || anyHasSlos}
        slos={burnSlos}
      />
      <FiltersEditor
        {...partProps}
        dimensions={dimensionsOf(queried.length > 0 ? queried : kpis)}
        values={valueIds.length > 0 || mode === 'selector' ? values : undefined}
      />
      <QueryPreview
        datasource={datasource}
        kpi={mode === 'kpi' ? query.kpi : undefined}
        query={query}
        range={timeRange}
        stepMs={data?.request?.intervalMs}
      />
    </Stack>
  );
}
