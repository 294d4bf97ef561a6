import React, { useState } from 'react';
import { getDataSourceSrv } from '@grafana/runtime';
import { Alert, Button, Stack, Text } from '@grafana/ui';
import { DataSource } from '../../datasource';
import { CatalogValidationResponse } from '../../types';
import { errorMessage } from '../../errors';

interface Props {
  /** Empty while the data source has not been saved yet. */
  datasourceUid: string;
  yaml: string;
}

type ValidationState =
  | { status: 'idle' }
  | { status: 'running' }
  | { status: 'done'; result: CatalogValidationResponse }
  | { status: 'failed'; message: string };

async function validateWithBackend(datasourceUid: string, yaml: string): Promise<CatalogValidationResponse> {
  const datasource = await getDataSourceSrv().get({ uid: datasourceUid });
  if (!(datasource instanceof DataSource)) {
    throw new Error('This data source is not a Northstar KPI data source.');
  }
  return datasource.validateCatalog(yaml);
}

/** Checks the inline catalog with the backend's `validate` resource, which needs a saved data source. */
export function CatalogValidation({ datasourceUid, yaml }: Props) {
  const [state, setState] = useState<ValidationState>({ status: 'idle' });
  const isSaved = datasourceUid !== '';
  const canValidate = isSaved && yaml.trim() !== '' && state.status !== 'running';

  const onValidate = async () => {
    setState({ status: 'running' });
    try {
      setState({ status: 'done', result: await validateWithBackend(datasourceUid, yaml) });
    } catch (error) {
      setState({ status: 'failed', message: errorMessage(error) });
    }
  };

  return (
    <Stack direction="column" gap={1}>
      <Stack alignItems="center">
        <Button variant="secondary" icon="check" disabled={!canValidate} onClick={onValidate}>
          Validate
        </Button>
        <Text color="secondary" variant="bodySmall">
          {isSaved
            ? 'Checks the YAML above with the backend, against the saved connections.'
            : 'Save the data source to validate the catalog.'}
        </Text>
      </Stack>
      <ValidationOutcome state={state} />
    </Stack>
  );
}

function ValidationOutcome({ state }: { state: ValidationState }) {
  switch (state.status) {
    case 'failed':
      return (
        <Alert severity="error" title="Validation failed">
          {state.message}
        </Alert>
      );
    case 'done':
      return state.result.valid ? (
        <Alert severity="success" title="The catalog is valid" />
      ) : (
        <Alert severity="error" title={`The catalog has ${state.result.problems.length} problem(s)`}>
          <ul aria-label="Catalog problems">
            {state.result.problems.map((problem, index) => (
              <li key={index}>
                <code>{problem.path || 'catalog'}</code>
                {problem.line ? ` (line ${problem.line})` : ''}: {problem.message}
              </li>
            ))}
          </ul>
        </Alert>
      );
    default:
      return null;
  }
}
