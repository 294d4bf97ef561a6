import React from 'react';
import { Field, FieldSet, Input } from '@grafana/ui';
import { parsePositiveInteger } from './numberInput';
import { SettingsSectionProps } from './settingsProps';

export function QueryLimitSettings({ settings, onChange }: SettingsSectionProps) {
  const onMaxConcurrentQueriesChange = (event: React.ChangeEvent<HTMLInputElement>) =>
    onChange({
      ...settings,
      jsonData: { ...settings.jsonData, maxConcurrentQueries: parsePositiveInteger(event.currentTarget.value) },
    });

  return (
    <FieldSet label="Limits">
      <Field
        label="Max concurrent queries"
        description="How many Prometheus queries one request may run at the same time. Empty: the backend default."
      >
        <Input
          id="kpi-max-concurrent-queries"
          type="number"
          min={1}
          width={20}
          value={settings.jsonData.maxConcurrentQueries ?? ''}
          onChange={onMaxConcurrentQueriesChange}
        />
      </Field>
    </FieldSet>
  );
}
