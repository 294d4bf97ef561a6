import { readFileSync } from 'fs';
import { join } from 'path';
import { AppConfigPage, AppPage, test as base } from '@grafana/plugin-e2e';
import pluginJson from '../src/plugin.json';

type AppTestFixture = {
  appConfigPage: AppConfigPage;
  gotoPage: (path?: string) => Promise<AppPage>;
};

export const test = base.extend<AppTestFixture>({
  appConfigPage: async ({ gotoAppConfigPage }, use) => {
    const configPage = await gotoAppConfigPage({
      pluginId: pluginJson.id,
    });
    await use(configPage);
  },
  gotoPage: async ({ gotoAppPage }, use) => {
    await use((path) =>
      gotoAppPage({
        path,
        pluginId: pluginJson.id,
      })
    );
  },
});

export { expect } from '@grafana/plugin-e2e';

/** The provisioned example catalog that `npm run server` (and the CI e2e job) mounts into Grafana. */
const exampleCatalog = readFileSync(join(__dirname, '..', 'provisioning', 'catalog', 'catalog.yaml'), 'utf8');

/** The ids of the KPIs of the example catalog, in file order. */
export const exampleKpiIds: string[] = Array.from(exampleCatalog.matchAll(/^ {2}- id: (\S+)\s*$/gm), (m) => m[1]);
