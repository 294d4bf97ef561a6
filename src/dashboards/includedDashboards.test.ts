// The dashboards the app ships (plugin.json `includes`, type dashboard) as they are in the
// built plugin: run `npm run build` first.
import { existsSync, readFileSync } from 'fs';
import { join } from 'path';

const root = join(__dirname, '..', '..');
const dist = join(root, 'dist');

interface Include {
  type: string;
  name: string;
  path: string;
}

interface Target {
  refId: string;
  datasource?: { type?: string; uid?: string };
  selector?: Record<string, unknown>;
  measures?: string[];
  filters?: Record<string, string[]>;
}

interface Panel {
  type: string;
  title: string;
  datasource?: { type?: string; uid?: string };
  targets?: Target[];
}

interface Dashboard {
  uid: string;
  title: string;
  panels: Panel[];
  templating: { list: Array<{ type: string; name: string; query?: unknown }> };
}

const readJSON = <T>(path: string): T => JSON.parse(readFileSync(path, 'utf8')) as T;

const distPluginJson = join(dist, 'plugin.json');
if (!existsSync(distPluginJson)) {
  throw new Error('dist/plugin.json is missing: run `npm run build` before these tests');
}
const builtIncludes: Include[] = readJSON<{ includes?: Include[] }>(distPluginJson).includes ?? [];
const dashboardIncludes = builtIncludes.filter((include) => include.type === 'dashboard');

/** Every value of a `datasource` key anywhere in the document. */
function datasourceRefs(value: unknown, out: unknown[] = []): unknown[] {
  if (Array.isArray(value)) {
    value.forEach((item) => datasourceRefs(item, out));
  } else if (value && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) {
      if (key === 'datasource') {
        out.push(child);
      }
      datasourceRefs(child, out);
    }
  }
  return out;
}

describe('dashboards included in the built app', () => {
  it('are listed in dist/plugin.json: the executive and on-call dashboards', () => {
    expect(dashboardIncludes.map((include) => include.path).sort()).toEqual([
      'dashboards/kpi-executive.json',
      'dashboards/kpi-oncall.json',
    ]);
    const sourceIncludes = readJSON<{ includes: Include[] }>(join(root, 'src', 'plugin.json')).includes;
    expect(sourceIncludes.filter((include) => include.type === 'dashboard')).toEqual(dashboardIncludes);
  });

  describe.each(dashboardIncludes)('$path', ({ path }) => {
    const file = join(dist, path);

    it('exists in dist and parses', () => {
      expect(existsSync(file)).toBe(true);
      expect(() => readJSON<Dashboard>(file)).not.toThrow();
    });

    it('uses only the ${datasource} variable, never a fixed datasource uid', () => {
      const dashboard = readJSON<Dashboard>(file);
      const refs = datasourceRefs(dashboard.panels);
      expect(refs.length).toBeGreaterThan(0);
      for (const ref of refs) {
        expect(ref).toEqual({ type: 'northstar-kpi-datasource', uid: '${datasource}' });
      }
      expect(readFileSync(file, 'utf8')).not.toMatch(/"uid":\s*"northstar-kpi"/);
    });

    it('has the datasource, region and owner variables, and its queries use them', () => {
      const dashboard = readJSON<Dashboard>(file);
      const variables = dashboard.templating.list;
      expect(variables.find((v) => v.name === 'datasource')).toMatchObject({
        type: 'datasource',
        query: 'northstar-kpi-datasource',
      });
      expect(variables.map((v) => v.name)).toEqual(expect.arrayContaining(['region', 'owner']));
      for (const variable of variables.filter((v) => v.name !== 'datasource')) {
        expect(['custom', 'textbox', 'constant']).toContain(variable.type);
      }
      const targets = dashboard.panels.flatMap((panel) => panel.targets ?? []);
      expect(targets.length).toBeGreaterThan(0);
      for (const target of targets) {
        expect(target.selector?.owner).toBe('$owner');
        expect(target.filters).toEqual({ region: ['$region'] });
      }
    });

    it('shows the same panels as the file-provisioned dashboard, under its own uid', () => {
      const included = readJSON<Dashboard>(file);
      const provisioned = readJSON<Dashboard>(join(root, 'provisioning', path));
      expect(included.uid).not.toBe(provisioned.uid);
      expect(included.title).toBe(provisioned.title);
      const shape = (d: Dashboard) =>
        d.panels.map((panel) => ({
          type: panel.type,
          title: panel.title,
          targets: (panel.targets ?? []).map((t) => ({ refId: t.refId, measures: t.measures, tags: t.selector?.tags })),
        }));
      expect(shape(included)).toEqual(shape(provisioned));
    });
  });
});
