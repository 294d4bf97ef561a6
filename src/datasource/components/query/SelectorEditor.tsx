import React from 'react';
import { InlineField, InlineFieldRow, Input, TagsInput } from '@grafana/ui';
import { KpiSelector } from '../../types';
import { changeAndRun, QueryPartProps } from './queryPartProps';

/** Every KPI matching all of tags, owner and category; nothing set = the whole catalog. */
export function SelectorEditor(partProps: QueryPartProps) {
  const { query, onChange, onRunQuery } = partProps;
  const selector = query.selector ?? {};
  const withSelector = (changes: Partial<KpiSelector>) => ({ ...query, selector: { ...selector, ...changes } });
  const onTextChange = (key: 'owner' | 'category') => (event: React.ChangeEvent<HTMLInputElement>) =>
    onChange(withSelector({ [key]: event.currentTarget.value || undefined }));

  return (
    <InlineFieldRow>
      <InlineField label="Tags" labelWidth={14} tooltip="KPIs carrying every one of these tags">
        <TagsInput
          id={`${partProps.idPrefix}-selector-tags`}
          tags={selector.tags ?? []}
          onChange={(tags) => changeAndRun(partProps, withSelector({ tags: tags.length > 0 ? tags : undefined }))}
        />
      </InlineField>
      <InlineField label="Owner" labelWidth={10}>
        <Input
          id={`${partProps.idPrefix}-selector-owner`}
          width={24}
          value={selector.owner ?? ''}
          onChange={onTextChange('owner')}
          onBlur={onRunQuery}
        />
      </InlineField>
      <InlineField label="Category" labelWidth={10}>
        <Input
          id={`${partProps.idPrefix}-selector-category`}
          width={24}
          value={selector.category ?? ''}
          onChange={onTextChange('category')}
          onBlur={onRunQuery}
        />
      </InlineField>
    </InlineFieldRow>
  );
}
