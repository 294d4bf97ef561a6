import React from 'react';
import { ComboboxOption, InlineField, MultiCombobox } from '@grafana/ui';
import { Measure } from '../../types';
import { changeAndRun, QueryPartProps } from './queryPartProps';

export const MEASURE_OPTIONS: Array<ComboboxOption<Measure>> = [
  { value: 'series', label: 'Series', description: 'The KPI over time (and its target)' },
  { value: 'value', label: 'Value', description: 'The KPI over the range' },
  { value: 'previous', label: 'Previous', description: 'The KPI over the comparison period' },
  { value: 'delta', label: 'Delta', description: 'Value minus previous' },
  { value: 'delta_pct', label: 'Delta %', description: 'Delta relative to previous' },
  { value: 'target', label: 'Target', description: 'The target in force at the end of the range' },
  { value: 'attainment', label: 'Attainment', description: 'Value against target (1 = on target)' },
  { value: 'status', label: 'Status', description: '0 ok, 1 warning, 2 critical' },
];

/** The measures to compute; none chosen means all of them. An alert rule should choose exactly one. */
export function MeasuresPicker(partProps: QueryPartProps) {
  const { query } = partProps;

  const onMeasuresChange = (options: Array<ComboboxOption<Measure>>) => {
    const measures = options.map((option) => option.value);
    changeAndRun(partProps, { ...query, measures: measures.length > 0 ? measures : undefined });
  };

  return (
    <InlineField label="Measures" labelWidth={14} tooltip="None chosen: all measures. Alert rules: choose one." grow>
      <MultiCombobox<Measure>
        id={`${partProps.idPrefix}-measures`}
        options={MEASURE_OPTIONS}
        value={query.measures ?? []}
        placeholder="All measures"
        isClearable
        onChange={onMeasuresChange}
      />
    </InlineField>
  );
}
