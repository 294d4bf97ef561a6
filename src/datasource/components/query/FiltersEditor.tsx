import React, { useCallback, useEffect, useRef } from 'react';
import { getTemplateSrv } from '@grafana/runtime';
import {
  Button,
  Combobox,
  ComboboxOption,
  IconButton,
  InlineField,
  InlineFieldRow,
  MultiCombobox,
  Stack,
} from '@grafana/ui';
import { KpiQuery } from '../../types';
import { errorMessage } from '../../errors';
import { expandField } from '../../variables/interpolate';
import { DimensionValuesResponse } from '../../variables/model';
import { changeAndRun, QueryPartProps } from './queryPartProps';
import { variableOptions } from './suggestions';

/**
 * Where the values of a dimension come from: the dimension-values routes of the backend for the
 * query's KPIs (docs/variables.md). `key` changes whenever the answers would (other KPIs, another range).
 */
export interface FilterValuesSource {
  key: string;
  load(dimension: string, filters: Record<string, string[]>): Promise<DimensionValuesResponse>;
}

interface Props extends QueryPartProps {
  /** Dimension names to offer; any name can be typed too. */
  dimensions: string[];
  values?: FilterValuesSource;
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

/** The other rows, their variables resolved, as the filters that narrow this row's values. */
function otherFilters(filters: Filters, index: number): Filters {
  const templateSrv = getTemplateSrv();
  const result: Filters = {};
  Object.entries(filters).forEach(([dimension, values], rowIndex) => {
    if (rowIndex === index || dimension === '' || dimension.includes('$')) {
      return;
    }
    const expanded = values.map((value) => expandField(templateSrv, value, {}));
    if (expanded.some((expansion) => expansion.any)) {
      return; // a custom all value: no restriction
    }
    const resolved = expanded.flatMap((expansion) => expansion.values).filter((value) => !value.includes('$'));
    if (resolved.length > 0) {
      result[dimension] = resolved;
    }
  });
  return result;
}

const info = (label: string): ComboboxOption<string> => ({ value: `\u0000${label}`, label, infoOption: true });

const matches = (search: string) => (value: string) => value.toLowerCase().includes(search.toLowerCase());

/** Dimension -> allowed values rows. A row without a dimension is kept while editing and not sent. */
export function FiltersEditor({ dimensions, values, ...partProps }: Props) {
  const { query, onChange } = partProps;
  const filters = query.filters ?? {};
  const rows = Object.entries(filters);

  return (
    <Stack direction="column" gap={0}>
      {rows.map(([dimension, chosen], index) => (
        <FilterRow
          key={index}
          {...partProps}
          index={index}
          dimension={dimension}
          chosen={chosen}
          dimensions={dimensions}
          values={values}
        />
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

interface RowProps extends QueryPartProps {
  index: number;
  dimension: string;
  chosen: string[];
  dimensions: string[];
  values?: FilterValuesSource;
}

/**
 * One row: the dimension (the KPIs' dimensions offered) and its values, suggested from the source
 * (the values of the dimension over the range, narrowed by the other rows) and the variables.
 */
function FilterRow({ index, dimension, chosen, dimensions, values, ...partProps }: RowProps) {
  const { query, onChange } = partProps;
  const filters = query.filters ?? {};
  const dimensionOptions: Array<ComboboxOption<string>> = dimensions.map((name) => ({ value: name }));
  const narrowing = JSON.stringify(otherFilters(filters, index));

  // One request per KPIs, range, dimension and narrowing; typing filters what it answered.
  const cache = useRef(new Map<string, Promise<DimensionValuesResponse>>());
  useEffect(() => cache.current.clear(), [values?.key]);

  const loadOptions = useCallback(
    async (search: string): Promise<Array<ComboboxOption<string>>> => {
      const variables = variableOptions().filter((option) => matches(search)(option.value));
      if (!values || dimension === '' || dimension.includes('$')) {
        return variables;
      }
      const key = `${values.key}\u0000${dimension}\u0000${narrowing}`;
      let answer = cache.current.get(key);
      if (!answer) {
        answer = values.load(dimension, JSON.parse(narrowing));
        cache.current.set(key, answer);
        answer.catch(() => cache.current.delete(key));
      }
      try {
        const { values: found, truncated, limit } = await answer;
        const group = `Values of ${dimension}`;
        const options: Array<ComboboxOption<string>> = found.filter(matches(search)).map((value) => ({ value, group }));
        if (found.length === 0) {
          options.push(info(`No values of ${dimension} in the range`));
        } else if (truncated) {
          options.push(info(`Only the first ${limit} values are listed: narrow them with other filters`));
        }
        return [...options, ...variables];
      } catch (error) {
        return [info(`Could not load the values: ${errorMessage(error)}`), ...variables];
      }
    },
    [values, dimension, narrowing]
  );

  return (
    <InlineFieldRow>
      <InlineField label="Filter" labelWidth={14}>
        <Combobox<string>
          id={`${partProps.idPrefix}-filter-${index}-dimension`}
          width={24}
          options={dimensionOptions}
          value={dimension || null}
          placeholder="Dimension"
          createCustomValue
          onChange={(option) => {
            const changed = withFilters(query, replaceRow(filters, index, [option.value, chosen]));
            // A row without values filters nothing yet: run only once it does.
            if (chosen.length > 0) {
              changeAndRun(partProps, changed);
            } else {
              onChange(changed);
            }
          }}
        />
      </InlineField>
      <InlineField label="is any of" labelWidth={10}>
        <MultiCombobox<string>
          id={`${partProps.idPrefix}-filter-${index}-values`}
          width={40}
          options={loadOptions}
          value={chosen}
          placeholder="Values"
          createCustomValue
          customValueDescription="Use this value"
          onChange={(selected) => {
            const next = selected.filter((option) => !option.infoOption).map((option) => option.value);
            changeAndRun(partProps, withFilters(query, replaceRow(filters, index, [dimension, next])));
          }}
        />
      </InlineField>
      <IconButton
        name="trash-alt"
        aria-label={`Remove filter ${index + 1}`}
        onClick={() => changeAndRun(partProps, withFilters(query, replaceRow(filters, index)))}
      />
    </InlineFieldRow>
  );
}
