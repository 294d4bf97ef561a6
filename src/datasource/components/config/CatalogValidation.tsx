import React, { useState } from 'react';
import { Alert, Button, Stack, Text } from '@grafana/ui';
import { CatalogProblem, CatalogValidationResponse } from '../../types';
import { errorMessage } from '../../errors';
import { validateCatalogFile, validateCatalogYaml } from './catalogValidationApi';

interface Props {
  /** Empty while the data source has not been saved yet. */
  datasourceUid: string;
  /** The inline YAML, as edited. */
  yaml: string;
  /** The catalog file path, as edited (the backend reads the saved one). */
  catalogPath: string;
  /** The problems of the inline YAML after each validation (none: valid or not validated), for the editor's markers. */
  onInlineProblems?: (problems: CatalogProblem[]) => void;
  /** Shows a line of the inline YAML. */
  onGoToLine?: (line: number) => void;
}

type ValidationState =
  | { status: 'idle' }
  | { status: 'running' }
  | { status: 'done'; result: CatalogValidationResponse }
  | { status: 'failed'; message: string };

/**
 * Checks the inline catalog (POST `validate`) and the catalog file the data source reads (GET
 * `validate/file`) with the backend, against the saved connections. Both need a saved data source.
 */
export function CatalogValidation({ datasourceUid, yaml, catalogPath, onInlineProblems, onGoToLine }: Props) {
  const [inline, setInline] = useState<ValidationState>({ status: 'idle' });
  const [file, setFile] = useState<ValidationState>({ status: 'idle' });
  const isSaved = datasourceUid !== '';
  const canValidate = isSaved && yaml.trim() !== '' && inline.status !== 'running';
  const canValidateFile = isSaved && catalogPath.trim() !== '' && file.status !== 'running';

  const onValidate = async () => {
    setInline({ status: 'running' });
    try {
      const result = await validateCatalogYaml(datasourceUid, yaml);
      setInline({ status: 'done', result });
      onInlineProblems?.(result.problems);
    } catch (error) {
      setInline({ status: 'failed', message: errorMessage(error) });
      onInlineProblems?.([]);
    }
  };

  const onValidateFile = async () => {
    setFile({ status: 'running' });
    try {
      setFile({ status: 'done', result: await validateCatalogFile(datasourceUid) });
    } catch (error) {
      setFile({ status: 'failed', message: errorMessage(error) });
    }
  };

  return (
    <Stack direction="column" gap={1}>
      <Stack alignItems="center" wrap="wrap">
        <Button variant="secondary" icon="check" disabled={!canValidate} onClick={onValidate}>
          Validate
        </Button>
        <Button variant="secondary" icon="file-alt" disabled={!canValidateFile} onClick={onValidateFile}>
          Validate the file
        </Button>
        <Text color="secondary" variant="bodySmall">
          {isSaved
            ? 'Checks the YAML above, or the catalog file the data source reads, with the backend, against the saved connections.'
            : 'Save the data source to validate the catalog.'}
        </Text>
      </Stack>
      <ValidationOutcome state={inline} what="The catalog" listLabel="Catalog problems" onGoToLine={onGoToLine} />
      <ValidationOutcome
        state={file}
        what={file.status === 'done' ? `The catalog file ${file.result.path ?? ''}` : 'The catalog file'}
        listLabel="Catalog file problems"
      />
      {file.status === 'done' && file.result.path && file.result.path !== catalogPath.trim() && (
        <Alert severity="info" title="The file checked is the saved one">
          The data source reads {file.result.path}. Save the data source to check {catalogPath.trim() || 'no file'}.
        </Alert>
      )}
    </Stack>
  );
}

interface OutcomeProps {
  state: ValidationState;
  what: string;
  listLabel: string;
  onGoToLine?: (line: number) => void;
}

function ValidationOutcome({ state, what, listLabel, onGoToLine }: OutcomeProps) {
  switch (state.status) {
    case 'failed':
      return (
        <Alert severity="error" title="Validation failed">
          {state.message}
        </Alert>
      );
    case 'done':
      return state.result.valid ? (
        <Alert severity="success" title={`${what} is valid`} />
      ) : (
        <Alert severity="error" title={`${what} has ${state.result.problems.length} problem(s)`}>
          <ul aria-label={listLabel}>
            {state.result.problems.map((problem, index) => (
              <li key={index}>
                <code>{problem.path || 'catalog'}</code>
                {problem.line ? <LineRef line={problem.line} onGoToLine={onGoToLine} /> : ''}: {problem.message}
              </li>
            ))}
          </ul>
        </Alert>
      );
    default:
      return null;
  }
}

/** " (line 7)", a button that shows the line in the editor when it can. */
function LineRef({ line, onGoToLine }: { line: number; onGoToLine?: (line: number) => void }) {
  if (!onGoToLine) {
    return <> (line {line})</>;
  }
  return (
    <>
      {' ('}
      <Button
        variant="secondary"
        fill="text"
        size="sm"
        onClick={() => onGoToLine(line)}
        aria-label={`Show line ${line}`}
      >
        line {line}
      </Button>
      {')'}
    </>
  );
}
