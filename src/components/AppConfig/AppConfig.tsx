import React from 'react';
import { AppPluginMeta, PluginConfigPageProps } from '@grafana/data';
import { FieldSet, LinkButton, Stack, Text } from '@grafana/ui';
import { DATASOURCE_PLUGIN_ID, PLUGIN_BASE_URL, ROUTES } from '../../constants';
import { testIds } from '../testIds';

/** The app itself has no settings: catalogs and connections belong to each data source. */
export interface AppConfigProps extends PluginConfigPageProps<AppPluginMeta<{}>> {}

const AppConfig = ({ plugin }: AppConfigProps) => (
  <div data-testid={testIds.appConfig.container}>
    <FieldSet label="Northstar KPI">
      <Stack direction="column" gap={2}>
        <Text element="p">
          KPIs are defined in the catalog of a Northstar KPI data source, together with the Prometheus connections they
          are computed from. Show them with the KPI Cards panel, in Explore, or use them in alert rules.
        </Text>
        <Stack>
          <LinkButton
            icon="plus"
            href={`/plugins/${DATASOURCE_PLUGIN_ID}`}
            data-testid={testIds.appConfig.addDatasource}
          >
            Add a Northstar KPI data source
          </LinkButton>
          {plugin.meta.enabled && (
            <LinkButton variant="secondary" icon="list-ul" href={`${PLUGIN_BASE_URL}/${ROUTES.Catalog}`}>
              Open the KPI catalog
            </LinkButton>
          )}
        </Stack>
      </Stack>
    </FieldSet>
  </div>
);

export default AppConfig;
