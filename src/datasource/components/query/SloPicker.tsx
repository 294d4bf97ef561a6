import React, { useMemo } from 'react';
import { Combobox, ComboboxOption, InlineField } from '@grafana/ui';
import { isSloMeasure } from '../../measures';
import { describeSlo } from '../../slos';
import { KpiQuery, KpiSummary, Slo } from '../../types';
import { changeAndRun, QueryPartProps } from './queryPartProps';

/** The "All SLOs" choice: no `slo` in the query. */
export const ALL_SLOS = '';

interface Props extends QueryPartProps {
  /** The chosen KPI when the catalog has it; undefined while loading or for an id the catalog lacks. */
  kpi?: KpiSummary;
}

function sloOptions(slos: Slo[]): Array<ComboboxOption<string>> {
  return [
    { value: ALL_SLOS, label: 'All SLOs', description: 'SLO measures of every SLO of the KPI' },
    ...slos.map((slo) => ({ value: slo.name, label: slo.name, description: describeSlo(slo) })),
  ];
}

/** What the backend would refuse, said before the query runs. */
function sloProblem(query: KpiQuery, kpi: KpiSummary | undefined): string | undefined {
  if (!kpi) {
    return undefined;
  }
  const slos = kpi.slos ?? [];
  if (slos.length === 0) {
    return (query.measures ?? []).some(isSloMeasure)
      ? `${kpi.name || kpi.id} has no SLO: choose KPI measures, or a KPI with SLOs`
      : undefined;
  }
  if (query.slo && !slos.some((slo) => slo.name === query.slo)) {
    return `${kpi.name || kpi.id} has no SLO named "${query.slo}"`;
  }
  return undefined;
}

const withSlo = ({ slo: _previous, ...query }: KpiQuery, slo: string): KpiQuery =>
  slo === ALL_SLOS ? query : { ...query, slo };

/** Restricts the SLO measures to one SLO of the chosen KPI, or lets them cover every SLO. */
export function SloPicker({ kpi, ...partProps }: Props) {
  const { query } = partProps;
  const options = useMemo(() => sloOptions(kpi?.slos ?? []), [kpi]);
  const problem = sloProblem(query, kpi);

  return (
    <InlineField
      label="SLO"
      labelWidth={14}
      tooltip="The SLO whose measures to compute (SLI, budget, burn rates, alert pairs); All SLOs: each SLO of the KPI"
      invalid={problem !== undefined}
      error={problem}
    >
      <Combobox<string>
        id={`${partProps.idPrefix}-slo`}
        width={40}
        options={options}
        value={query.slo ?? ALL_SLOS}
        onChange={(option) => changeAndRun(partProps, withSlo(query, option.value))}
      />
    </InlineField>
  );
}
