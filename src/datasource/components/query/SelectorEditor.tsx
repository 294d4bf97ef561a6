import React, { useMemo } from 'react';
import { Combobox, ComboboxOption, InlineField, InlineFieldRow, MultiCombobox } from '@grafana/ui';
import { KpiSelector, KpiSummary } from '../../types';
import { changeAndRun, QueryPartProps } from './queryPartProps';
import { catalogOptions, variableOptions, withChosen } from './suggestions';

interface Props extends QueryPartProps {
  /** The loaded catalog: its owners, categories and tags are the suggestions. */
  kpis: KpiSummary[];
  loading: boolean;
}

const CUSTOM = 'Use this value (no KPI of the catalog has it yet)';

/**
 * Every KPI matching all of tags, owner and category; nothing set = the whole catalog. Each field
 * suggests the catalog's values (with how many KPIs carry them) and the dashboard's variables, and
 * takes any value typed in.
 */
export function SelectorEditor({ kpis, loading, ...partProps }: Props) {
  const { query } = partProps;
  const selector = query.selector ?? {};
  const withSelector = (changes: Partial<KpiSelector>) => ({ ...query, selector: { ...selector, ...changes } });
  const suggestions = useMemo(() => {
    const variables = variableOptions();
    const of = (field: 'owner' | 'category' | 'tags') => [...variables, ...catalogOptions(kpis, field)];
    return { owner: of('owner'), category: of('category'), tags: of('tags') };
  }, [kpis]);
  const tagOptions = withChosen(suggestions.tags, selector.tags ?? []);

  const single = (key: 'owner' | 'category', options: Array<ComboboxOption<string>>) => (
    <Combobox<string>
      id={`${partProps.idPrefix}-selector-${key}`}
      width={24}
      options={options}
      value={selector[key] ?? null}
      loading={loading}
      placeholder="Any"
      createCustomValue
      customValueDescription={CUSTOM}
      isClearable
      onChange={(option) => changeAndRun(partProps, withSelector({ [key]: option?.value || undefined }))}
    />
  );

  return (
    <InlineFieldRow>
      <InlineField label="Tags" labelWidth={14} tooltip="KPIs carrying every one of these tags">
        <MultiCombobox<string>
          id={`${partProps.idPrefix}-selector-tags`}
          width={40}
          options={tagOptions}
          value={selector.tags ?? []}
          loading={loading}
          placeholder="Any"
          createCustomValue
          customValueDescription={CUSTOM}
          isClearable
          onChange={(selected) => {
            const tags = selected.map((option) => option.value).filter((tag) => tag !== '');
            changeAndRun(partProps, withSelector({ tags: tags.length > 0 ? tags : undefined }));
          }}
        />
      </InlineField>
      <InlineField label="Owner" labelWidth={10}>
        {single('owner', suggestions.owner)}
      </InlineField>
      <InlineField label="Category" labelWidth={10}>
        {single('category', suggestions.category)}
      </InlineField>
    </InlineFieldRow>
  );
}
