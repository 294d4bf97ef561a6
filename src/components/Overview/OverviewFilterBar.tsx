import React from 'react';
import { SelectableValue } from '@grafana/data';
import { Combobox, FilterInput, InlineField, InlineFieldRow, RadioButtonGroup } from '@grafana/ui';
import { FilterKey, OverviewViewState } from './overviewUrlState';
import type { OverviewSort } from './risk';

interface Props {
  view: OverviewViewState;
  choices: Record<FilterKey, string[]>;
  onChange: (view: OverviewViewState) => void;
}

const FILTERS: Array<{ key: FilterKey; label: string }> = [
  { key: 'owner', label: 'Owner' },
  { key: 'tag', label: 'Tag' },
  { key: 'category', label: 'Category' },
  { key: 'source', label: 'Source' },
];

const SORT_OPTIONS: Array<SelectableValue<OverviewSort>> = [
  { value: 'risk', label: 'Risk', description: 'Firing burn pairs, then least budget left, then soonest exhaustion' },
  { value: 'name', label: 'Name' },
];

export function OverviewFilterBar({ view, choices, onChange }: Props) {
  return (
    <InlineFieldRow>
      <InlineField label="Search" labelWidth={10} grow>
        <FilterInput
          id="kpi-overview-search"
          placeholder="KPI or SLO name, id…"
          value={view.search}
          onChange={(search) => onChange({ ...view, search })}
        />
      </InlineField>
      {FILTERS.map(({ key, label }) => (
        <InlineField key={key} label={label} labelWidth={10}>
          <Combobox<string>
            id={`kpi-overview-${key}`}
            width={22}
            placeholder="Any"
            options={choices[key].map((value) => ({ value }))}
            value={view[key] ?? null}
            isClearable
            onChange={(option) => onChange({ ...view, [key]: option?.value })}
          />
        </InlineField>
      ))}
      <InlineField label="Sort by" labelWidth={10}>
        <RadioButtonGroup<OverviewSort>
          options={SORT_OPTIONS}
          value={view.sort}
          onChange={(sort) => onChange({ ...view, sort })}
        />
      </InlineField>
    </InlineFieldRow>
  );
}
