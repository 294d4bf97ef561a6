import React, { useCallback, useEffect, useRef } from 'react';
import { css } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import {
  Alert,
  Button,
  CodeEditor,
  Field,
  FieldSet,
  Input,
  type Monaco,
  type MonacoEditor,
  Stack,
  TextLink,
  useStyles2,
} from '@grafana/ui';
import { CatalogProblem } from '../../types';
import { KpiSettings } from '../../connections';
import { CatalogValidation } from './CatalogValidation';
import { parsePositiveInteger } from './numberInput';
import { SettingsSectionProps } from './settingsProps';
import { CATALOG_DOCS_URL, starterCatalog } from './starterCatalog';

/** The owner of the editor's problem markers. */
const MARKER_OWNER = 'northstar-catalog';

export function CatalogSettings({ settings, onChange }: SettingsSectionProps) {
  const styles = useStyles2(getStyles);
  const { catalog = '', catalogPath = '' } = settings.jsonData;
  // The code editor calls the onChange it mounted with: it must read the latest settings.
  const latest = useRef<{ settings: KpiSettings; onChange: SettingsSectionProps['onChange'] }>({ settings, onChange });
  useEffect(() => {
    latest.current = { settings, onChange };
  });
  const editor = useRef<{ editor: MonacoEditor; monaco: Monaco }>();

  const setCatalog = useCallback((yaml: string) => {
    const { settings: current, onChange: change } = latest.current;
    if ((current.jsonData.catalog ?? '') !== yaml) {
      change({ ...current, jsonData: { ...current.jsonData, catalog: yaml } });
    }
  }, []);

  const onCatalogPathChange = (event: React.ChangeEvent<HTMLInputElement>) =>
    onChange({ ...settings, jsonData: { ...settings.jsonData, catalogPath: event.currentTarget.value.trim() } });

  const onRecheckChange = (event: React.ChangeEvent<HTMLInputElement>) =>
    onChange({
      ...settings,
      jsonData: { ...settings.jsonData, catalogRecheckSeconds: parsePositiveInteger(event.currentTarget.value) },
    });

  /** Marks the problems' lines in the editor (Monaco's own squiggles and hover messages). */
  const showProblems = useCallback((problems: CatalogProblem[]) => {
    const mounted = editor.current;
    const model = mounted?.editor.getModel();
    if (!mounted || !model) {
      return;
    }
    const lines = model.getLineCount();
    const markers = problems
      .filter((problem) => problem.line && problem.line <= lines)
      .map((problem) => {
        const line = problem.line ?? 1;
        return {
          startLineNumber: line,
          endLineNumber: line,
          startColumn: model.getLineFirstNonWhitespaceColumn(line) || 1,
          endColumn: model.getLineMaxColumn(line),
          message: `${problem.path || 'catalog'}: ${problem.message}`,
          severity: mounted.monaco.MarkerSeverity.Error,
        };
      });
    mounted.monaco.editor.setModelMarkers(model, MARKER_OWNER, markers);
  }, []);

  const goToLine = useCallback((line: number) => {
    const mounted = editor.current?.editor;
    if (mounted) {
      mounted.revealLineInCenter(line);
      mounted.setPosition({ lineNumber: line, column: 1 });
      mounted.focus();
    }
  }, []);

  return (
    <FieldSet label="Catalog">
      <Field
        label="Catalog YAML"
        // The editor's own text area is Monaco's (named by ariaLabel): the label names its container.
        htmlFor="kpi-catalog-yaml"
        description={
          <>
            KPI definitions, inline. Combined with the file below, if any: a KPI id may be defined in only one of them.
            Reference:{' '}
            <TextLink href={CATALOG_DOCS_URL} external inline>
              the KPI catalog (docs/catalog.md)
            </TextLink>
            .
          </>
        }
      >
        <Stack direction="column" gap={1}>
          {catalog.trim() === '' && (
            <Alert severity="info" title="The inline catalog is empty">
              <Stack direction="column" gap={1} alignItems="flex-start">
                <span>
                  Start from an example: one KPI with a ratio query, a target and an SLO, for the first connection
                  below. Or leave it empty and read the catalog from a file.
                </span>
                <Button
                  variant="secondary"
                  size="sm"
                  icon="file-alt"
                  onClick={() => setCatalog(starterCatalog(settings.jsonData.connections))}
                >
                  Insert the starter catalog
                </Button>
              </Stack>
            </Alert>
          )}
          <div id="kpi-catalog-yaml" className={styles.editor}>
            <CodeEditor
              value={catalog}
              language="yaml"
              height={400}
              showLineNumbers
              showMiniMap={false}
              monacoOptions={{ ariaLabel: 'Catalog YAML', tabSize: 2, scrollBeyondLastLine: false }}
              onChange={setCatalog}
              onBlur={setCatalog}
              onEditorDidMount={(mounted, monaco) => {
                editor.current = { editor: mounted, monaco };
              }}
            />
          </div>
        </Stack>
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
      <CatalogValidation
        datasourceUid={settings.uid}
        yaml={catalog}
        catalogPath={catalogPath}
        onInlineProblems={showProblems}
        onGoToLine={goToLine}
      />
    </FieldSet>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  editor: css({ width: '100%', minWidth: theme.spacing(60) }),
});
