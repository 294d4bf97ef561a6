import React from 'react';
import { EmptyState, LinkButton } from '@grafana/ui';
import { DATASOURCE_PLUGIN_ID } from '../../constants';
import { testIds } from '../testIds';

export function NoDatasource() {
  return (
    <div data-testid={testIds.catalog.noDatasource}>
      <EmptyState
        variant="call-to-action"
        message="No Northstar KPI data source yet"
        button={
          <LinkButton icon="plus" href={`/plugins/${DATASOURCE_PLUGIN_ID}`}>
            Add a Northstar KPI data source
          </LinkButton>
        }
      >
        The catalog lists the KPIs defined in a Northstar KPI data source.
      </EmptyState>
    </div>
  );
}
