import React from 'react';
import {
  Button,
  Combobox,
  ComboboxOption,
  IconButton,
  InlineField,
  InlineFieldRow,
  Stack,
  TagsInput,
} from '@grafana/ui';
import { KpiQuery } from '../../types';
import { changeAndRun, QueryPartProps } from './queryPartProps';

interface Props extends QueryPartProps {
  /** Dimension names to offer; any name can be typed too. */
  dimensions: string[];
}

type Filters = Record<string, string[]>;

/** Rebuilds the filters in order, replacing the row at `index` (or dropping it when `row` is undefined). */
function replaceRow(filters: Filters, index: number, row?: [string, string[]]): Filters {
  const rows = Object.entries(filters).flatMap((entry, entryIndex) => {
    if (entryIndex !== index) {
      return [entry];
    }
    return row ? [row] : [];
  });
  return Object.fromEntries(rows);
}

const withFilters = (query: KpiQuery, filters: Filters): KpiQuery => ({
  ...query,
  filters: Object.keys(filters).length > 0 ? filters : undefined,
});

/** Dimension -> allowed values rows. A row without a dimension is kept while editing and not sent. */
export function FiltersEditor({ dimensions, ...partProps }: Props) {
  const { query, onChange } = partProps;
  const filters = query.filters ?? {};
  const rows = Object.entries(filters);
  const dimensionOptions: Array<ComboboxOption<string>> = dimensions.map((name) => ({ value: name }));

  return (
    <Stack direction="column" gap={0}>
      {rows.map(([dimension, values], index) => (
        <InlineFieldRow key={index}>
          <InlineField label="Filter" labelWidth={14}>
            <Combobox<string>
              id={`${partProps.idPrefix}-filter-${index}-dimension`}
              width={24}
              options={dimensionOptions}
              value={dimension || null}
              placeholder="Dimension"
              createCustomValue
              onChange={(option) => {
                const changed = withFilters(query, replaceRow(filters, index, [option.value, values]));
                // A row without values filters nothing yet: run only once it does.
                if (values.length > 0) {
                  changeAndRun(partProps, changed);
                } else {
                  onChange(changed);
                }
              }}
            />
          </InlineField>
          <InlineField label="is any of" labelWidth={10}>
            <TagsInput
              id={`${partProps.idPrefix}-filter-${index}-values`}
              tags={values}
              placeholder="Value (Enter to add)"
              onChange={(tags) =>
                changeAndRun(partProps, withFilters(query, replaceRow(filters, index, [dimension, tags])))
              }
            />
          </InlineField>
          <IconButton
            name="trash-alt"
            aria-label={`Remove filter ${index + 1}`}
            onClick={() => changeAndRun(partProps, withFilters(query, replaceRow(filters, index)))}
          />
        </InlineFieldRow>
      ))}
      <div>
        <Button
          variant="secondary"
          size="sm"
          icon="plus"
          disabled={'' in filters}
          onClick={() => onChange({ ...query, filters: { ...filters, '': [] } })}
        >
          Add filter
        </Button>
      </div>
    </Stack>
  );
}
