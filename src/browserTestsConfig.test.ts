// The browser tests (tests/browser/playwright.config.ts) must leave the working tree clean and
// must not depend on a fixed port: their harness listens on a port free at the start of the run,
// and everything a run writes (screenshots, test results) goes to a folder git ignores. The
// committed screenshots change only through `npm run screenshots`.
import { execFileSync } from 'child_process';
import { readdirSync, readFileSync } from 'fs';
import { createServer, Server } from 'net';
import { join, relative, sep } from 'path';

const root = join(__dirname, '..');
const browserDir = join(root, 'tests', 'browser');
const configFile = join(browserDir, 'playwright.config.ts');

/** The environment without Jest's markers (Playwright refuses to run under them) and without a chosen port. */
function playwrightEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, CI: '' };
  for (const name of Object.keys(env)) {
    if (name.startsWith('JEST_') || name === 'KPI_HARNESS_PORT') {
      delete env[name];
    }
  }
  return { ...env, ...extra };
}

interface LoadedConfig {
  outputDir: string;
  baseURL: string;
  webServer: { command: string; url: string; reuseExistingServer: boolean };
}

/** The config as Playwright resolves it (`--list` loads it without starting the web server). */
function loadConfig(extraEnv: NodeJS.ProcessEnv = {}): LoadedConfig {
  const out = execFileSync(
    process.execPath,
    [
      join(root, 'node_modules', '@playwright', 'test', 'cli.js'),
      'test',
      '-c',
      configFile,
      '--list',
      '--reporter=json',
    ],
    { cwd: root, encoding: 'utf8', env: playwrightEnv(extraEnv) }
  );
  const report = JSON.parse(out.slice(out.indexOf('{'))) as {
    config: {
      webServer: LoadedConfig['webServer'];
      projects: Array<{ outputDir: string }>;
      filteredProjects?: Array<{ use: { baseURL: string } }>;
    };
  };
  const project = report.config.filteredProjects?.[0];
  if (!project) {
    throw new Error('the JSON report has no resolved project');
  }
  return {
    outputDir: report.config.projects[0].outputDir,
    baseURL: project.use.baseURL,
    webServer: report.config.webServer,
  };
}

/** The paths tests/browser/paths.cjs exports. */
function browserPaths(): Record<
  'OUTPUT_DIR' | 'SCREENSHOT_DIR' | 'TEST_RESULTS_DIR' | 'COMMITTED_SCREENSHOT_DIR',
  string
> {
  return require(join(browserDir, 'paths.cjs'));
}

function ignoredByGit(path: string): boolean {
  try {
    execFileSync('git', ['check-ignore', '-q', '--no-index', relative(root, path)], { cwd: root });
    return true;
  } catch {
    return false;
  }
}

function listen(port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}

function close(server: Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}

function portOf(url: string): number {
  return Number(new URL(url).port);
}

/** The harness's sources: tests/browser without fixtures, bundle and run output. */
function harnessSources(dir = browserDir): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      return ['fixtures', 'dist', 'output', 'screenshots'].includes(entry.name) ? [] : harnessSources(path);
    }
    return /\.(ts|tsx|mjs|cjs|js)$/.test(entry.name) ? [path] : [];
  });
}

describe('browser tests: ports', () => {
  it('no harness source hard-codes a port (4173 or a 127.0.0.1:<port> URL)', () => {
    const offenders = harnessSources().filter((file) => {
      const text = readFileSync(file, 'utf8');
      return /\b4173\b/.test(text) || /(localhost|127\.0\.0\.1):\d+/.test(text);
    });
    expect(offenders.map((file) => relative(root, file))).toEqual([]);
  });

  it('picks a free port when the config loads, used by baseURL and the web server alike', async () => {
    // Whatever holds 4173 (another run, another program) must not matter.
    const blocker = await listen(4173).catch(() => undefined);
    try {
      const config = loadConfig();
      const port = portOf(config.baseURL);
      expect(port).toBeGreaterThan(0);
      expect(port).not.toBe(4173);
      expect(config.baseURL).toBe(`http://127.0.0.1:${port}`);
      expect(portOf(config.webServer.url)).toBe(port);
      expect(config.webServer.command).toBe(`node tests/browser/server.mjs ${port}`);
      // A server already on the port is an error, never something to test against.
      expect(config.webServer.reuseExistingServer).toBe(false);
      // The port is free now: the run's server can take it.
      await close(await listen(port));
    } finally {
      if (blocker) {
        await close(blocker);
      }
    }
  }, 60_000);

  it('uses KPI_HARNESS_PORT when the caller sets it', () => {
    const config = loadConfig({ KPI_HARNESS_PORT: '45678' });
    expect(config.baseURL).toBe('http://127.0.0.1:45678');
    expect(config.webServer.command).toBe('node tests/browser/server.mjs 45678');
  }, 60_000);
});

describe('browser tests: what a run writes', () => {
  const paths = browserPaths();

  it('writes screenshots and test results below tests/browser/output/, which git ignores', () => {
    const output = join(browserDir, 'output');
    expect(paths.OUTPUT_DIR).toBe(output);
    for (const dir of [paths.SCREENSHOT_DIR, paths.TEST_RESULTS_DIR, loadConfig().outputDir]) {
      expect(dir.startsWith(output + sep)).toBe(true);
      expect(ignoredByGit(join(dir, 'probe.png'))).toBe(true);
    }
  }, 60_000);

  it('keeps the committed screenshots out of the run output and tracked by git', () => {
    expect(paths.COMMITTED_SCREENSHOT_DIR).toBe(join(browserDir, 'screenshots'));
    expect(paths.COMMITTED_SCREENSHOT_DIR.startsWith(paths.OUTPUT_DIR)).toBe(false);
    expect(ignoredByGit(join(paths.COMMITTED_SCREENSHOT_DIR, 'dark.png'))).toBe(false);
  });

  it('every screenshot a test takes goes to the run output, through a *screenshotPath helper', () => {
    const sources = harnessSources().map((file) => ({ file: relative(root, file), text: readFileSync(file, 'utf8') }));
    const calls = sources.flatMap(({ file, text }) =>
      Array.from(text.matchAll(/\.screenshot\(\{\s*path:\s*([^,}]+)/g), (m) => ({ file, path: m[1].trim() }))
    );
    expect(calls.length).toBeGreaterThan(0);
    expect(calls.filter((call) => !/^\w*[sS]creenshotPath\(/.test(call.path))).toEqual([]);

    // Each helper puts the file in the run's screenshot folder (SCREENSHOT_DIR of paths.cjs, or
    // output/screenshots spelled out).
    const helpers = sources.flatMap(({ file, text }) =>
      Array.from(text.matchAll(/export function (\w*[sS]creenshotPath)\([^)]*\)[^{]*\{([\s\S]*?)\n\}/g), (m) => ({
        file,
        name: m[1],
        writesToOutput: /SCREENSHOT_DIR|'output',\s*'screenshots'/.test(m[2]),
      }))
    );
    const used = new Set(calls.map((call) => /^(\w+)\(/.exec(call.path)![1]));
    for (const name of Array.from(used)) {
      const defined = helpers.filter((helper) => helper.name === name);
      expect({ name, defined: defined.length > 0 }).toEqual({ name, defined: true });
      for (const helper of defined) {
        expect(helper).toEqual({ ...helper, writesToOutput: true });
      }
    }
  });
});
