// The root playwright.config.ts is plugin-e2e's: it must list exactly the specs of tests/*.spec.ts
// (plus plugin-e2e's auth setup), never the harness browser tests of tests/browser/.
import { execFileSync } from 'child_process';
import { readdirSync } from 'fs';
import { join } from 'path';

const root = join(__dirname, '..');

interface Suite {
  file: string;
  suites?: Suite[];
  specs?: Array<{ title: string; file: string }>;
}

function files(suites: Suite[], out = new Set<string>()): Set<string> {
  for (const suite of suites) {
    for (const spec of suite.specs ?? []) {
      out.add(spec.file);
    }
    files(suite.suites ?? [], out);
  }
  return out;
}

/** The environment without Jest's markers, which Playwright refuses to run under. */
function withoutJest(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, CI: '' };
  for (const name of Object.keys(env)) {
    if (name.startsWith('JEST_')) {
      delete env[name];
    }
  }
  return env;
}

describe('root playwright.config.ts', () => {
  it('lists the plugin-e2e specs of tests/ and the auth setup, not the browser tests', () => {
    const out = execFileSync(
      process.execPath,
      [join(root, 'node_modules', '@playwright', 'test', 'cli.js'), 'test', '--list', '--reporter=json'],
      { cwd: root, encoding: 'utf8', env: withoutJest() }
    );
    const report = JSON.parse(out.slice(out.indexOf('{'))) as {
      config: { projects: Array<{ name: string }> };
      suites: Suite[];
    };
    expect(report.config.projects.map((p) => p.name)).toEqual(['auth', 'run-tests']);
    const listed = Array.from(files(report.suites)).sort();
    const specs = readdirSync(join(root, 'tests'))
      .filter((name) => name.endsWith('.spec.ts'))
      .sort();
    expect(specs).toEqual(
      expect.arrayContaining(['appNavigation.spec.ts', 'dashboards.spec.ts', 'datasource.spec.ts'])
    );
    expect(listed.filter((file) => !file.includes('auth'))).toEqual(specs);
    expect(listed.some((file) => file.includes('auth.setup'))).toBe(true);
    expect(listed.some((file) => file.includes('.browser.'))).toBe(false);
  }, 60_000);
});
