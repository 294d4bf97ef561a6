import { readdirSync, readFileSync } from 'fs';
import { join } from 'path';

import { migrateOptions } from './migrations';
import pluginJson from './plugin.json';

const dir = join(__dirname, '..', '..', 'provisioning', 'dashboards');

interface DashboardPanel {
  type: string;
  datasource?: { type: string; uid: string };
  targets?: Array<{ selector?: object; measures?: string[] }>;
  options: unknown;
}

const dashboards = readdirSync(dir)
  .filter((name) => name.endsWith('.json'))
  .map((name) => ({
    name,
    panels: (JSON.parse(readFileSync(join(dir, name), 'utf8')) as { panels: DashboardPanel[] }).panels,
  }));

describe('provisioned dashboards', () => {
  it('exist', () => {
    expect(dashboards.map((d) => d.name).sort()).toEqual(['kpi-executive.json', 'kpi-oncall.json']);
  });

  it.each(dashboards)(
    '$name uses the panel with the Northstar datasource and saves options in the current shape',
    ({ panels }) => {
      const kpiPanels = panels.filter((p) => p.type === pluginJson.id);
      expect(kpiPanels.length).toBeGreaterThan(0);
      for (const panel of kpiPanels) {
        expect(panel.datasource).toEqual({ type: 'northstar-kpi-datasource', uid: 'northstar-kpi' });
        expect(panel.targets?.[0]).toMatchObject({ selector: {} });
        expect(panel.targets?.[0].measures?.length).toBeGreaterThan(0);
        expect(migrateOptions(panel.options)).toEqual(panel.options);
      }
    }
  );
});
