// Catalog readiness of the three plugins (the app, its datasource and its panel): what Grafana's
// plugin catalog shows from each plugin.json (logos, links, screenshots, the Grafana versions),
// the app's README with its images and a provisioning example, and the release build's versions.
// The built files are checked in dist/ too, so run `npm run build` before these tests.
import { createHash } from 'crypto';
import { existsSync, readFileSync } from 'fs';
import { dirname, join, posix, relative } from 'path';

const root = join(__dirname, '..');
const src = join(root, 'src');
const dist = join(root, 'dist');

interface PluginJson {
  type: 'app' | 'datasource' | 'panel';
  id: string;
  name: string;
  autoEnabled?: boolean;
  info: {
    description?: string;
    logos: { small: string; large: string };
    links?: Array<{ name?: string; url?: string }>;
    screenshots?: Array<{ name?: string; path?: string }>;
  };
  dependencies: { grafanaDependency: string };
}

const PLUGINS = ['plugin.json', 'datasource/plugin.json', 'panel/plugin.json'].map((file) => ({
  file,
  dir: dirname(join(src, file)),
  json: JSON.parse(readFileSync(join(src, file), 'utf8')) as PluginJson,
}));
const app = PLUGINS[0];

const readText = (path: string) => readFileSync(path, 'utf8');
const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

/** The logo create-plugin scaffolds for every plugin type: a plugin must bring its own. */
const SCAFFOLD_LOGO_SHA256 = '1defc6f7e585c67657bcfd8fddc599ee7dfa82f8674413f49fa274c2cd453ec6';

/** A catalog screenshot `img/screenshot-<name>.png` is the browser tests' screenshot `<name>` (npm run screenshots). */
const CATALOG_SCREENSHOT = /^img\/screenshot-([a-z0-9-]+)\.png$/;
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

type Version = [number, number, number];

/** `12.4.2`, `^12.4.2`, `~12.4.2`, `v22` → [12, 4, 2] (missing parts are 0). */
function parseVersion(text: string): Version {
  const m = /^[\^~v]?(\d+)(?:\.(\d+))?(?:\.(\d+))?$/.exec(text.trim());
  if (!m) {
    throw new Error(`not a version: ${text}`);
  }
  return [Number(m[1]), Number(m[2] ?? 0), Number(m[3] ?? 0)];
}

function compare(a: Version, b: Version): number {
  return a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
}

/**
 * The lowest version of a `>=X.Y.Z` range. grafanaDependency and engines.node are plain lower
 * bounds (what create-plugin writes); anything else fails here so that this test is revisited.
 */
function lowerBound(range: string): Version {
  const m = /^>=\s*(\d+(?:\.\d+){0,2})$/.exec(range.trim());
  if (!m) {
    throw new Error(`not a plain ">=X.Y.Z" range: ${range}`);
  }
  return parseVersion(m[1]);
}

const packageJson = JSON.parse(readText(join(root, 'package.json'))) as {
  dependencies: Record<string, string>;
  engines: { node: string };
};

describe.each(PLUGINS)('$file', ({ file, dir, json }) => {
  it('has a type, id and description for the catalog', () => {
    expect(['app', 'datasource', 'panel']).toContain(json.type);
    expect(json.id).toMatch(new RegExp(`^northstar-[a-z0-9]+-${json.type}$`));
    expect(json.info.description?.length).toBeGreaterThan(20);
  });

  it('has its own SVG logo in its img/ folder', () => {
    for (const logo of [json.info.logos.small, json.info.logos.large]) {
      expect(logo).toMatch(/^img\/[a-z0-9-]+\.svg$/);
      const path = join(dir, logo);
      expect(existsSync(path)).toBe(true);
      const svg = readText(path);
      expect(svg).toMatch(/^<svg [^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
      expect(svg).toMatch(/viewBox="0 0 \d+ \d+"/);
      expect(svg).toContain('<title');
      expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
      expect(sha256(path)).not.toBe(SCAFFOLD_LOGO_SHA256);
    }
  });

  it('links to its source, its documentation and the issue tracker', () => {
    const links = json.info.links ?? [];
    expect(links.length).toBeGreaterThanOrEqual(3);
    for (const link of links) {
      expect(link.name?.trim()).toBeTruthy();
      expect(link.url).toMatch(/^https:\/\/github\.com\/northstar\/kpi(\/|$)/);
    }
    const urls = links.map((link) => link.url);
    expect(urls).toContain('https://github.com/northstar/kpi');
    expect(urls).toContain('https://github.com/northstar/kpi/issues');
    // Every link into the repository's files names a file that exists.
    for (const url of urls) {
      const inRepo = /^https:\/\/github\.com\/northstar\/kpi\/(?:blob|tree)\/main\/(.+)$/.exec(url ?? '');
      if (inRepo) {
        expect({ url, exists: existsSync(join(root, inRepo[1])) }).toEqual({ url, exists: true });
      }
    }
  });

  it('has named PNG screenshots in its img/ folder, the same pictures the browser tests take', () => {
    const screenshots = json.info.screenshots ?? [];
    expect(screenshots.length).toBeGreaterThan(0);
    for (const { name, path } of screenshots) {
      expect(name?.trim()).toBeTruthy();
      const shot = CATALOG_SCREENSHOT.exec(path ?? '');
      expect({ path, convention: Boolean(shot) }).toEqual({ path, convention: true });
      const file = join(dir, path as string);
      expect(existsSync(file)).toBe(true);
      expect(readFileSync(file).subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
      // `npm run screenshots` writes both from one run: they never drift apart.
      const committed = join(root, 'tests', 'browser', 'screenshots', `${shot![1]}.png`);
      expect(existsSync(committed)).toBe(true);
      expect(sha256(file)).toBe(sha256(committed));
    }
  });

  it('is built into dist/ with its logos and screenshots', () => {
    const builtDir = join(dist, relative(src, dir));
    expect(existsSync(join(builtDir, 'plugin.json'))).toBe(true);
    const built = JSON.parse(readText(join(builtDir, 'plugin.json'))) as PluginJson;
    expect(built.info.logos).toEqual(json.info.logos);
    expect(built.info.screenshots).toEqual(json.info.screenshots);
    expect(built.info.links).toEqual(json.info.links);
    const assets = [json.info.logos.small, json.info.logos.large, ...(json.info.screenshots ?? []).map((s) => s.path!)];
    for (const asset of assets) {
      const builtAsset = join(builtDir, asset);
      expect({ asset: relative(root, builtAsset), built: existsSync(builtAsset) }).toEqual({
        asset: relative(root, builtAsset),
        built: true,
      });
      expect(sha256(builtAsset)).toBe(sha256(join(dir, asset)));
    }
  });
});

describe('the three plugins', () => {
  it('have three different logos', () => {
    const logos = PLUGINS.map(({ dir, json }) => sha256(join(dir, json.info.logos.large)));
    expect(new Set(logos).size).toBe(PLUGINS.length);
    const names = PLUGINS.map(({ file, json }) => `${dirname(file)}/${json.info.logos.large}`);
    expect(new Set(names).size).toBe(PLUGINS.length);
  });

  it('require one Grafana version, the one whose @grafana packages the plugins are built with', () => {
    const ranges = new Set(PLUGINS.map(({ json }) => json.dependencies.grafanaDependency));
    expect(ranges.size).toBe(1);
    const range = Array.from(ranges)[0];
    const lowest = lowerBound(range);

    // The @grafana packages Grafana provides at run time: the code is compiled against these.
    const grafanaPackages = ['@grafana/data', '@grafana/runtime', '@grafana/ui', '@grafana/schema'];
    const versions = new Set(grafanaPackages.map((name) => parseVersion(packageJson.dependencies[name]).join('.')));
    expect(versions.size).toBe(1);
    const built = parseVersion(Array.from(versions)[0]);

    // The lowest Grafana the range admits has the packages' major and is not older than their
    // major.minor: the plugin claims no Grafana whose APIs it was not compiled against. And the
    // Grafana it is built for is admitted.
    expect(lowest[0]).toBe(built[0]);
    expect(compare(lowest, [built[0], built[1], 0])).toBeGreaterThanOrEqual(0);
    expect(compare(built, lowest)).toBeGreaterThanOrEqual(0);

    // The README says so, and `npm run server` starts a Grafana that satisfies it.
    expect(readText(join(src, 'README.md'))).toContain(`Grafana ${lowest[0]}.${lowest[1]} or later`);
    const composeBase = readText(join(root, '.config', 'docker-compose-base.yaml'));
    const composeVersion = /GRAFANA_VERSION:-([0-9.]+)/.exec(composeBase)?.[1];
    expect(composeVersion).toBeDefined();
    expect(compare(parseVersion(composeVersion!), lowest)).toBeGreaterThanOrEqual(0);
  });

  it('come with the app, which Grafana enables in every organization', () => {
    expect(app.json.type).toBe('app');
    expect(app.json.autoEnabled).toBe(true);
    const includes = (app.json as unknown as { includes: Array<{ type: string; path?: string }> }).includes;
    for (const nested of PLUGINS.slice(1)) {
      expect(includes).toContainEqual(expect.objectContaining({ type: nested.json.type, path: nested.file }));
      // autoEnabled is an app setting; the nested plugins come with the app.
      expect(nested.json.autoEnabled).toBeUndefined();
    }
  });
});

describe('src/README.md (the app page of the plugin catalog)', () => {
  const readme = readText(join(src, 'README.md'));
  const images = Array.from(readme.matchAll(/!\[([^\]]*)\]\(([^)\s]+)\)/g), (m) => ({ alt: m[1], path: m[2] }));

  it('shows images by paths relative to the app, which the build copies into dist/', () => {
    expect(images.length).toBeGreaterThan(0);
    // The scaffold copies the app's logos and screenshots into dist/ (.config/bundler/copyFiles.ts).
    const copied = [
      app.json.info.logos.small,
      app.json.info.logos.large,
      ...(app.json.info.screenshots ?? []).map((s) => s.path),
    ];
    for (const { alt, path } of images) {
      expect(alt.trim()).toBeTruthy();
      expect(path).toMatch(/^img\//);
      expect(posix.normalize(path)).toBe(path);
      expect(copied).toContain(path);
      expect(existsSync(join(src, path))).toBe(true);
      expect(existsSync(join(dist, path))).toBe(true);
    }
    // And dist/README.md is this README.
    expect(readText(join(dist, 'README.md'))).toBe(readme);
  });

  it('has a provisioning example: a datasource with a Prometheus connection and an inline catalog', () => {
    // pkg/datasource/readme_example_test.go runs this example against a real Prometheus.
    const blocks = Array.from(readme.matchAll(/```yaml\n([\s\S]*?)```/g), (m) => m[1]);
    const example = blocks.find((block) => block.includes('type: northstar-kpi-datasource'));
    expect(example).toBeDefined();
    expect(example).toMatch(/^apiVersion: 1$/m);
    expect(example).toMatch(/^ {6}catalog: \|$/m);
    expect(example).toMatch(/^ {8}apiVersion: northstar\.kpi\/v1$/m);
    expect(example).toMatch(/^ {10}type: prometheus$/m);
    expect(example).toMatch(/^ {4}secureJsonData:$/m);
  });
});

describe('release build', () => {
  const release = readText(join(root, '.github', 'workflows', 'release.yml'));
  const input = (name: string) => new RegExp(`^\\s+${name}:\\s*'?([^'\\s]+)'?\\s*$`, 'm').exec(release)?.[1];

  it("pins Go to go.mod's version", () => {
    const goMod = readText(join(root, 'go.mod'));
    const toolchain = /^toolchain go(\S+)$/m.exec(goMod)?.[1];
    const goLine = /^go (\S+)$/m.exec(goMod)?.[1];
    expect(goLine).toBeDefined();
    expect(input('go-version')).toBe(toolchain ?? goLine);
  });

  it('pins Node to the major that package.json engines and .nvmrc ask for', () => {
    const nvmrc = readText(join(root, '.nvmrc')).trim();
    const node = input('node-version');
    expect(node).toBe(nvmrc);
    expect(compare(parseVersion(node!), lowerBound(packageJson.engines.node))).toBeGreaterThanOrEqual(0);
  });

  it('builds the backend for every platform', () => {
    expect(input('backend-target')).toBe('buildAll');
  });
});
