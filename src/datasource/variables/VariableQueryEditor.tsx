import React, { useEffect, useMemo, useState } from 'react';
import { QueryEditorProps, SelectableValue } from '@grafana/data';
import { getTemplateSrv } from '@grafana/runtime';
import {
  Alert,
  Combobox,
  ComboboxOption,
  InlineField,
  Input,
  RadioButtonGroup,
  Stack,
  TagsInput,
  Text,
} from '@grafana/ui';
import type { DataSource } from '../datasource';
import { KpiDataSourceOptions, KpiQuery, KpiSummary } from '../types';
import { formatVariableQuery, KpiVariableQuery, KpiVariableQueryKind, normalizeVariableQuery } from './model';

export type VariableQueryEditorProps = QueryEditorProps<DataSource, KpiQuery, KpiDataSourceOptions, KpiVariableQuery>;

const KIND_OPTIONS: Array<SelectableValue<KpiVariableQueryKind>> = [
  { label: 'KPIs', value: 'kpis', description: 'KPI ids, by tag, owner and category' },
  { label: 'Dimensions', value: 'dimensions', description: 'The dimension names of a KPI' },
  { label: 'Dimension values', value: 'dimensionValues', description: 'The values of a dimension, from the source' },
];

const HELP: Record<KpiVariableQueryKind, string> = {
  kpis: 'Lists the ids of the KPIs with the tag, owner and category (empty: any). Several values of a multi-value variable mean any of them.',
  dimensions: 'Lists the dimension names of the KPI (of every chosen KPI, for a multi-value variable).',
  dimensionValues:
    'Lists the values of the dimension in the KPI’s source over the dashboard’s time range, at most 1,000: Prometheus label values of the KPI’s series, or the distinct values of the column among the KPI’s rows (structured SQL KPIs). No KPI: every KPI with the dimension. Filters narrow the values by other dimensions.',
};

const LABEL_WIDTH = 20;

/** `$name` of every dashboard variable, offered first in the pickers. */
function variableOptions(): Array<ComboboxOption<string>> {
  return getTemplateSrv()
    .getVariables()
    .map((variable) => ({ value: `$${variable.name}`, label: `$${variable.name}`, group: 'Variables' }));
}

/** Filters as `dimension=value` entries, and back. */
const filtersToTags = (filters: Record<string, string[]> = {}): string[] =>
  Object.entries(filters).flatMap(([dimension, values]) => values.map((value) => `${dimension}=${value}`));

function tagsToFilters(tags: string[]): Record<string, string[]> | undefined {
  const filters: Record<string, string[]> = {};
  for (const tag of tags) {
    const separator = tag.indexOf('=');
    const dimension = separator > 0 ? tag.slice(0, separator).trim() : '';
    if (dimension) {
      filters[dimension] = [...(filters[dimension] ?? []), tag.slice(separator + 1).trim()];
    }
  }
  return Object.keys(filters).length > 0 ? filters : undefined;
}

interface TextFieldProps {
  id: string;
  label: string;
  value?: string;
  placeholder?: string;
  onCommit: (value: string | undefined) => void;
}

/** A text input that commits on blur, so that Grafana does not re-run the variable on every key. */
function TextField({ id, label, value, placeholder, onCommit }: TextFieldProps) {
  return (
    <InlineField label={label} labelWidth={LABEL_WIDTH} htmlFor={id}>
      <Input
        // A new saved value (another query type, an undo) replaces what is typed.
        key={value ?? ''}
        id={id}
        width={30}
        defaultValue={value ?? ''}
        placeholder={placeholder}
        onBlur={(event) => {
          const trimmed = event.currentTarget.value.trim();
          if (trimmed !== (value ?? '')) {
            onCommit(trimmed || undefined);
          }
        }}
      />
    </InlineField>
  );
}

/** Parses what the variable saved; an unreadable text query is shown, and replaced on the first change. */
function readQuery(saved: unknown): { query: KpiVariableQuery; problem?: string } {
  try {
    return { query: normalizeVariableQuery(saved) };
  } catch (error) {
    return {
      query: { refId: 'variable', kind: 'kpis' },
      problem: error instanceof Error ? error.message : String(error),
    };
  }
}

/** The editor of a query variable: what it lists, and from which KPI. */
export function VariableQueryEditor({ datasource, query: saved, onChange }: VariableQueryEditorProps) {
  const { query, problem } = useMemo(() => readQuery(saved), [saved]);
  const [kpis, setKpis] = useState<KpiSummary[]>([]);
  const [loadError, setLoadError] = useState<string>();

  useEffect(() => {
    let live = true;
    datasource
      .listKpis()
      .then((list) => live && setKpis(list))
      .catch(
        (error: unknown) => live && setLoadError(error instanceof Error ? error.message : 'the catalog did not load')
      );
    return () => {
      live = false;
    };
  }, [datasource]);

  const change = (next: KpiVariableQuery) => {
    const { query: _text, ...rest } = next;
    onChange({ ...rest, query: formatVariableQuery(rest) });
  };
  const set = (changes: Partial<KpiVariableQuery>) => change({ ...query, ...changes });

  const kpiOptions = useMemo(
    () => [
      ...variableOptions(),
      ...kpis.map((kpi) => ({ value: kpi.id, label: kpi.name || kpi.id, description: kpi.id, group: 'KPIs' })),
    ],
    [kpis]
  );
  const dimensionOptions = useMemo(() => {
    const chosen = kpis.find((kpi) => kpi.id === query.kpi);
    const names = chosen ? (chosen.dimensions ?? []) : kpis.flatMap((kpi) => kpi.dimensions ?? []);
    return [
      ...variableOptions(),
      ...Array.from(new Set(names)).map((name) => ({ value: name, label: name, group: 'Dimensions' })),
    ];
  }, [kpis, query.kpi]);

  return (
    <Stack direction="column" gap={1}>
      {problem && (
        <Alert severity="warning" title="The saved variable query could not be read">
          {problem}
        </Alert>
      )}
      {loadError && (
        <Alert severity="error" title="KPIs could not be listed">
          {loadError}
        </Alert>
      )}
      <InlineField label="Query type" labelWidth={LABEL_WIDTH}>
        <RadioButtonGroup<KpiVariableQueryKind>
          options={KIND_OPTIONS}
          value={query.kind}
          onChange={(kind) => change({ refId: query.refId, kind, kpi: kind === 'kpis' ? undefined : query.kpi })}
        />
      </InlineField>
      {query.kind === 'kpis' && (
        <>
          <TextField
            id="kpi-variable-tag"
            label="Tag"
            value={query.tag}
            placeholder="any"
            onCommit={(tag) => set({ tag })}
          />
          <TextField
            id="kpi-variable-owner"
            label="Owner"
            value={query.owner}
            placeholder="any"
            onCommit={(owner) => set({ owner })}
          />
          <TextField
            id="kpi-variable-category"
            label="Category"
            value={query.category}
            placeholder="any"
            onCommit={(category) => set({ category })}
          />
        </>
      )}
      {query.kind !== 'kpis' && (
        <InlineField label="KPI" labelWidth={LABEL_WIDTH} htmlFor="kpi-variable-kpi">
          <Combobox<string>
            id="kpi-variable-kpi"
            width={40}
            options={kpiOptions}
            value={query.kpi ?? null}
            placeholder={query.kind === 'dimensionValues' ? 'Every KPI with the dimension' : 'Choose a KPI'}
            createCustomValue
            isClearable
            onChange={(option) => set({ kpi: option?.value || undefined })}
          />
        </InlineField>
      )}
      {query.kind === 'dimensionValues' && (
        <>
          <InlineField label="Dimension" labelWidth={LABEL_WIDTH} htmlFor="kpi-variable-dimension">
            <Combobox<string>
              id="kpi-variable-dimension"
              width={40}
              options={dimensionOptions}
              value={query.dimension ?? null}
              placeholder="Choose a dimension"
              createCustomValue
              onChange={(option) => set({ dimension: option.value || undefined })}
            />
          </InlineField>
          <InlineField
            label="Filters"
            labelWidth={LABEL_WIDTH}
            htmlFor="kpi-variable-filters"
            tooltip="dimension=value, e.g. region=$region: only values that occur together with these"
          >
            <TagsInput
              id="kpi-variable-filters"
              width={40}
              tags={filtersToTags(query.filters)}
              placeholder="dimension=value (Enter to add)"
              onChange={(tags) => set({ filters: tagsToFilters(tags) })}
            />
          </InlineField>
        </>
      )}
      <Text color="secondary" variant="bodySmall">
        {HELP[query.kind]}
      </Text>
    </Stack>
  );
}
