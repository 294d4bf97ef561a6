import React from 'react';
import { css } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import { Field, FieldSet, Input, TextArea, useStyles2 } from '@grafana/ui';
import { CatalogValidation } from './CatalogValidation';
import { parsePositiveInteger } from './numberInput';
import { SettingsSectionProps } from './settingsProps';

const CATALOG_PLACEHOLDER = '# KPI catalog (YAML)';

export function CatalogSettings({ settings, onChange }: SettingsSectionProps) {
  const styles = useStyles2(getStyles);
  const { catalog = '', catalogPath = '' } = settings.jsonData;

  const onCatalogChange = (event: React.ChangeEvent<HTMLTextAreaElement>) =>
    onChange({ ...settings, jsonData: { ...settings.jsonData, catalog: event.currentTarget.value } });

  const onCatalogPathChange = (event: React.ChangeEvent<HTMLInputElement>) =>
    onChange({ ...settings, jsonData: { ...settings.jsonData, catalogPath: event.currentTarget.value.trim() } });

  const onRecheckChange = (event: React.ChangeEvent<HTMLInputElement>) =>
    onChange({
      ...settings,
      jsonData: { ...settings.jsonData, catalogRecheckSeconds: parsePositiveInteger(event.currentTarget.value) },
    });

  return (
    <FieldSet label="Catalog">
      <Field
        label="Catalog YAML"
        description="KPI definitions, inline. Combined with the file below, if any: a KPI id may be defined in only one of them."
      >
        <TextArea
          id="kpi-catalog-yaml"
          className={styles.code}
          rows={16}
          spellCheck={false}
          placeholder={CATALOG_PLACEHOLDER}
          value={catalog}
          onChange={onCatalogChange}
        />
      </Field>
      <Field label="Catalog file path" description="A catalog YAML file on the Grafana server.">
        <Input
          id="kpi-catalog-path"
          width={60}
          placeholder="/etc/grafana/kpi-catalog.yaml"
          value={catalogPath}
          onChange={onCatalogPathChange}
        />
      </Field>
      <Field
        label="File re-check interval (seconds)"
        description="How often the file is checked for changes. Empty: 5."
      >
        <Input
          id="kpi-catalog-recheck-seconds"
          type="number"
          min={1}
          width={20}
          value={settings.jsonData.catalogRecheckSeconds ?? ''}
          onChange={onRecheckChange}
        />
      </Field>
      <CatalogValidation datasourceUid={settings.uid} yaml={catalog} />
    </FieldSet>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  code: css({ fontFamily: theme.typography.fontFamilyMonospace }),
});
