import React, { useMemo, useState } from 'react';
import { ComboboxOption, InlineField, MultiCombobox } from '@grafana/ui';
import { KpiMeasure, Measure, Slo, SloFixedMeasure, SloMeasureGroup } from '../../types';
import { isMeasure, measureProblem, PATTERN_HELP, sloBurnMeasures } from '../../measures';
import { changeAndRun, QueryPartProps } from './queryPartProps';

export const KPI_MEASURES_GROUP = 'KPI measures';
export const SLO_MEASURES_GROUP = 'SLO measures';
export const SLO_BURN_GROUP = 'SLO burn rates and alert pairs';

const inGroup = <T extends string>(group: string, options: Array<ComboboxOption<T>>): Array<ComboboxOption<T>> =>
  options.map((option) => ({ ...option, group }));

export const MEASURE_OPTIONS = inGroup<KpiMeasure>(KPI_MEASURES_GROUP, [
  { value: 'series', label: 'Series', description: 'The KPI over time (and its target)' },
  { value: 'value', label: 'Value', description: 'The KPI over the range' },
  { value: 'previous', label: 'Previous', description: 'The KPI over the comparison period' },
  { value: 'delta', label: 'Delta', description: 'Value minus previous' },
  { value: 'delta_pct', label: 'Delta %', description: 'Delta relative to previous' },
  { value: 'target', label: 'Target', description: 'The target in force at the end of the range' },
  { value: 'attainment', label: 'Attainment', description: 'Value against target (1 = on target)' },
  { value: 'status', label: 'Status', description: '0 ok, 1 warning, 2 critical' },
]);

/** The fixed-name SLO measures and groups (docs/frames.md, "SLO measures"). */
export const SLO_MEASURE_OPTIONS = inGroup<SloFixedMeasure | SloMeasureGroup>(SLO_MEASURES_GROUP, [
  { value: 'slo', label: 'SLO card', description: 'SLO: SLI, budget left, time to exhaustion, burn rates and pairs' },
  { value: 'sli', label: 'SLI', description: 'SLO: good / total over the SLO window' },
  { value: 'budget_total', label: 'Budget total', description: 'SLO: the error budget as a share of events' },
  { value: 'budget_consumed', label: 'Budget consumed', description: 'SLO: share of the error budget spent' },
  {
    value: 'budget_remaining',
    label: 'Budget remaining',
    description: 'SLO: share of the error budget left; negative when overspent',
  },
  {
    value: 'budget_events_total',
    label: 'Budget total (events)',
    description: 'SLO: the error budget in events (slices for timeslice SLOs)',
  },
  { value: 'budget_events_consumed', label: 'Budget consumed (events)', description: 'SLO: bad events so far' },
  { value: 'budget_events_remaining', label: 'Budget remaining (events)', description: 'SLO: bad events left' },
  {
    value: 'budget_time_total',
    label: 'Budget total (time)',
    description: 'SLO: the error budget as time over the window, in seconds',
  },
  { value: 'budget_time_consumed', label: 'Budget consumed (time)', description: 'SLO: budget time spent' },
  { value: 'budget_time_remaining', label: 'Budget remaining (time)', description: 'SLO: budget time left' },
  {
    value: 'time_to_exhaustion',
    label: 'Time to exhaustion',
    description: "SLO: seconds until the budget is spent at the first pair's long-window burn rate",
  },
  {
    value: 'budget_burndown',
    label: 'Budget burndown',
    description: 'SLO: the budget left after each step (a time series)',
  },
  {
    value: 'burn_rates',
    label: 'All burn rates',
    description: "SLO: the burn rate over every window of the SLO's alert pairs",
  },
  {
    value: 'burn_pairs',
    label: 'All alert pairs',
    description: 'SLO: 1 when a multiwindow burn-rate pair fires, else 0',
  },
]);

const CUSTOM_MEASURE_DESCRIPTION = `SLO measure: ${PATTERN_HELP}`;

const TOOLTIP =
  'None chosen: every KPI measure. SLO measures are asked for by name; type ' +
  `${PATTERN_HELP} for any window. ` +
  'Alert rules: choose exactly one measure, and never mix Series with numeric measures.';

interface Props extends QueryPartProps {
  /** Whether to offer SLO measures: not when the chosen KPI is known to have no SLO. */
  offerSloMeasures: boolean;
  /** SLOs whose alert pairs' concrete burn_rate_* and burn_pair_* measures to offer. */
  slos: Slo[];
}

/** Options for the SLOs' concrete burn measures, and for pattern measures of the query that no SLO offers. */
function burnOptions(slos: Slo[], chosen: Measure[]): Array<ComboboxOption<Measure>> {
  const { rates, pairs } = sloBurnMeasures(slos);
  const options: Array<ComboboxOption<Measure>> = [
    ...rates.map(({ measure, sources }) => ({
      value: measure,
      description: `SLO: burn rate over ${measure.slice('burn_rate_'.length)} (${sources.join(', ')})`,
    })),
    ...pairs.map(({ measure, sources }) => ({
      value: measure,
      description: `SLO alert pair: 1 when it fires; ${sources.join('; ')}`,
    })),
  ];
  const offered = new Set<string>([
    ...options.map((option) => option.value),
    ...MEASURE_OPTIONS.map((option) => option.value),
    ...SLO_MEASURE_OPTIONS.map((option) => option.value),
  ]);
  const typed = chosen.filter((measure) => !offered.has(measure));
  options.push(...typed.map((measure) => ({ value: measure, description: CUSTOM_MEASURE_DESCRIPTION })));
  return options.map((option) => ({ ...option, group: SLO_BURN_GROUP }));
}

/**
 * The measures to compute; none chosen means the KPI measures. SLO measures come in their own
 * groups, and burn_rate_<window> / burn_pair_<short>_<long> can be typed for any window.
 */
export function MeasuresPicker({ offerSloMeasures, slos, ...partProps }: Props) {
  const { query } = partProps;
  const chosen = useMemo(() => query.measures ?? [], [query.measures]);
  const [problem, setProblem] = useState<string>();

  const options = useMemo(() => {
    const burn = burnOptions(offerSloMeasures ? slos : [], chosen);
    return [...MEASURE_OPTIONS, ...(offerSloMeasures ? SLO_MEASURE_OPTIONS : []), ...burn];
  }, [offerSloMeasures, slos, chosen]);

  const onMeasuresChange = (selected: Array<ComboboxOption<Measure>>) => {
    // Typed values arrive as custom options: any string, whatever the option type says.
    const values: string[] = selected.map((option) => option.value);
    const firstProblem = values.map(measureProblem).find((message) => message !== undefined);
    setProblem(firstProblem);
    if (firstProblem !== undefined) {
      return;
    }
    const measures = values.filter(isMeasure);
    changeAndRun(partProps, { ...query, measures: measures.length > 0 ? measures : undefined });
  };

  return (
    <InlineField
      label="Measures"
      labelWidth={14}
      tooltip={TOOLTIP}
      invalid={problem !== undefined}
      error={problem}
      grow
    >
      <MultiCombobox<Measure>
        id={`${partProps.idPrefix}-measures`}
        options={options}
        value={chosen}
        placeholder="All KPI measures"
        createCustomValue
        customValueDescription={CUSTOM_MEASURE_DESCRIPTION}
        isClearable
        onChange={onMeasuresChange}
      />
    </InlineField>
  );
}
