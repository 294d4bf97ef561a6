import React from 'react';
import { Combobox, FilterInput, InlineField, InlineFieldRow } from '@grafana/ui';
import { KpiSummary } from '../../datasource/types';
import { CatalogFilters, filterChoices } from './catalogFilters';

interface Props {
  kpis: KpiSummary[];
  filters: CatalogFilters;
  onChange: (filters: CatalogFilters) => void;
}

type ChoiceFilter = 'tag' | 'owner' | 'category';

export function CatalogFilterBar({ kpis, filters, onChange }: Props) {
  const choices = filterChoices(kpis);
  const choiceFilters: Array<{ key: ChoiceFilter; label: string; values: string[] }> = [
    { key: 'tag', label: 'Tag', values: choices.tags },
    { key: 'owner', label: 'Owner', values: choices.owners },
    { key: 'category', label: 'Category', values: choices.categories },
  ];

  return (
    <InlineFieldRow>
      <InlineField label="Search" labelWidth={10} grow>
        <FilterInput
          id="kpi-catalog-search"
          placeholder="Name, id, description…"
          value={filters.search}
          onChange={(search) => onChange({ ...filters, search })}
        />
      </InlineField>
      {choiceFilters.map(({ key, label, values }) => (
        <InlineField key={key} label={label} labelWidth={10}>
          <Combobox<string>
            id={`kpi-catalog-${key}`}
            width={24}
            placeholder="Any"
            options={values.map((value) => ({ value }))}
            value={filters[key] ?? null}
            isClearable
            onChange={(option) => onChange({ ...filters, [key]: option?.value })}
          />
        </InlineField>
      ))}
    </InlineFieldRow>
  );
}
