import React, { useMemo } from 'react';
import { getTemplateSrv } from '@grafana/runtime';
import { Combobox, ComboboxOption, InlineField } from '@grafana/ui';
import { KpiQuery, KpiSummary } from '../../types';
import { changeAndRun, QueryPartProps } from './queryPartProps';

interface Props extends QueryPartProps {
  kpis: KpiSummary[];
  loading: boolean;
  error?: string;
}

function kpiOptions(kpis: KpiSummary[]): Array<ComboboxOption<string>> {
  const variables = getTemplateSrv()
    .getVariables()
    .map((variable) => ({ value: `$${variable.name}`, label: `$${variable.name}`, group: 'Variables' }));
  const catalog = kpis.map((kpi) => ({ value: kpi.id, label: kpi.name || kpi.id, description: kpi.id, group: 'KPIs' }));
  return [...variables, ...catalog];
}

/** The query for another KPI: an SLO name that KPI is known not to have is dropped. */
function withKpi(query: KpiQuery, kpis: KpiSummary[], id: string | undefined): KpiQuery {
  const { slo, ...rest } = query;
  const next = kpis.find((kpi) => kpi.id === id);
  const keepSlo =
    slo !== undefined && (next === undefined || (next.slos ?? []).some((candidate) => candidate.name === slo));
  return keepSlo ? { ...rest, kpi: id, slo } : { ...rest, kpi: id };
}

/** Chooses one KPI of the catalog, or a template variable, or any id typed in. */
export function KpiPicker({ kpis, loading, error, ...partProps }: Props) {
  const { query } = partProps;
  const options = useMemo(() => kpiOptions(kpis), [kpis]);

  return (
    <InlineField label="KPI" labelWidth={14} invalid={error !== undefined} error={error} grow>
      <Combobox<string>
        id={`${partProps.idPrefix}-kpi`}
        options={options}
        value={query.kpi ?? null}
        loading={loading}
        placeholder="Choose a KPI"
        createCustomValue
        isClearable
        onChange={(option) => changeAndRun(partProps, withKpi(query, kpis, option?.value))}
      />
    </InlineField>
  );
}
