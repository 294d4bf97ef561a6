import React, { useMemo } from 'react';
import { Combobox, ComboboxOption, InlineField } from '@grafana/ui';
import { isSloMeasure } from '../../measures';
import { describeSlo } from '../../slos';
import { KpiQuery, KpiSummary } from '../../types';
import { changeAndRun, QueryPartProps } from './queryPartProps';

/** The "All SLOs" choice: no `slo` in the query. */
export const ALL_SLOS = '';

interface Props extends QueryPartProps {
  /**
   * The chosen KPIs the catalog has: one, or each KPI a multi-value variable stands for; empty while
   * loading or for ids the catalog lacks.
   */
  kpis: KpiSummary[];
}

const nameOf = (kpi: KpiSummary) => kpi.name || kpi.id;

/** Every SLO name of the KPIs, once, described by the first KPI that has it (and which KPIs have it, for several). */
function sloOptions(kpis: KpiSummary[]): Array<ComboboxOption<string>> {
  const options: Array<ComboboxOption<string>> = [
    {
      value: ALL_SLOS,
      label: 'All SLOs',
      description: `SLO measures of every SLO of the KPI${kpis.length > 1 ? 's' : ''}`,
    },
  ];
  const seen = new Set<string>();
  for (const kpi of kpis) {
    for (const slo of kpi.slos ?? []) {
      if (seen.has(slo.name)) {
        continue;
      }
      seen.add(slo.name);
      const owners = kpis.filter((candidate) => (candidate.slos ?? []).some((other) => other.name === slo.name));
      const whose = kpis.length > 1 ? ` · ${owners.map(nameOf).join(', ')}` : '';
      options.push({ value: slo.name, label: slo.name, description: `${describeSlo(slo)}${whose}` });
    }
  }
  return options;
}

/** What the backend would refuse (or silently skip), said before the query runs. */
function sloProblem(query: KpiQuery, kpis: KpiSummary[]): string | undefined {
  if (kpis.length === 0) {
    return undefined;
  }
  const names = kpis.map(nameOf).join(', ');
  const withSlos = kpis.filter((kpi) => (kpi.slos ?? []).length > 0);
  if (withSlos.length === 0) {
    if (!(query.measures ?? []).some(isSloMeasure)) {
      return undefined;
    }
    return kpis.length === 1
      ? `${names} has no SLO: choose KPI measures, or a KPI with SLOs`
      : `None of ${names} has an SLO: choose KPI measures, or KPIs with SLOs`;
  }
  if (query.slo && !kpis.some((kpi) => (kpi.slos ?? []).some((slo) => slo.name === query.slo))) {
    return kpis.length === 1
      ? `${names} has no SLO named "${query.slo}"`
      : `None of ${names} has an SLO named "${query.slo}"`;
  }
  return undefined;
}

const withSlo = ({ slo: _previous, ...query }: KpiQuery, slo: string): KpiQuery =>
  slo === ALL_SLOS ? query : { ...query, slo };

/** Restricts the SLO measures to one SLO of the chosen KPI(s), or lets them cover every SLO. */
export function SloPicker({ kpis, ...partProps }: Props) {
  const { query } = partProps;
  const options = useMemo(() => sloOptions(kpis), [kpis]);
  const problem = sloProblem(query, kpis);

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
