// Bundles the harness with esbuild and serves it with the built plugin, the fixtures and
// Grafana's icons on 127.0.0.1. `node tests/browser/server.mjs [port]` (default: a free port);
// also imported by bench.mjs.
// The catalog harness answers /a/<app>/... (the app's pages) and the data source's resource URL
// /api/datasources/uid/<uid>/resources/<path> with the real backend's recorded answers.
import { build } from 'esbuild';
import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { dirname, extname, join, normalize, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '..', '..');
const outDir = join(here, 'dist');
/** The built plugin; KPI_HARNESS_DIST points elsewhere (e.g. an older build, to see a test fail). */
const distDir = resolve(process.env.KPI_HARNESS_DIST ?? join(repo, 'dist'));

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.map': 'application/json',
  '.woff2': 'font/woff2',
};

/** URL prefix → directory. */
const ROUTES = [
  ['/dist/', distDir],
  ['/fixtures/', join(here, 'fixtures')],
  ['/public/build/img/', join(repo, 'node_modules', '@grafana', 'ui', 'dist', 'public', 'img')],
  ['/', outDir],
];

const BUNDLES = [
  ['main.tsx', 'harness.js'],
  ['catalog.tsx', 'catalog.js'],
];

export async function bundleHarness() {
  for (const module of ['panel/module.js', 'module.js', 'datasource/module.js']) {
    if (!existsSync(join(distDir, module))) {
      throw new Error(`dist/${module} is missing: run \`npm run build\` first`);
    }
  }
  await Promise.all(BUNDLES.map(([entry, outfile]) => bundle(entry, outfile)));
  await build({
    entryPoints: [join(here, 'harness', 'index.html'), join(here, 'harness', 'catalog.html')],
    outdir: outDir,
    loader: { '.html': 'copy' },
    logLevel: 'warning',
  });
}

async function bundle(entry, outfile) {
  await build({
    entryPoints: [join(here, 'harness', entry)],
    outfile: join(outDir, outfile),
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2020',
    jsx: 'automatic',
    minify: true,
    sourcemap: false,
    logLevel: 'warning',
    define: { 'process.env.NODE_ENV': '"production"', global: 'window' },
    loader: { '.svg': 'dataurl', '.woff': 'dataurl', '.woff2': 'dataurl', '.ttf': 'dataurl' },
  });
}

const RESOURCE_URL = /^\/api\/datasources\/uid\/[^/]+\/resources\/(.+)$/;

/** The real backend's answers to the resource routes (pkg/datasource/catalog_fixture_test.go). */
function resourceAnswers() {
  const file = join(here, 'fixtures', 'catalog-resources.json');
  return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')).resources : {};
}

/** Answers a data source resource call with the recorded answer for its path (whatever the query). */
function answerResource(path, res) {
  const answer = resourceAnswers()[path];
  const status = answer?.status ?? 404;
  const body = answer ? answer.body : { error: `no recorded backend answer for ${path}` };
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

function fileFor(urlPath) {
  const path = decodeURIComponent(urlPath.split('?')[0]);
  const [prefix, dir] = ROUTES.find(([p]) => path.startsWith(p));
  const relative = path === '/' ? 'index.html' : path.slice(prefix.length);
  const file = normalize(join(dir, relative));
  return file.startsWith(dir) && existsSync(file) && statSync(file).isFile() ? file : undefined;
}

export function serve(port = 0) {
  const server = createServer((req, res) => {
    const urlPath = decodeURIComponent((req.url ?? '/').split('?')[0]);
    const resource = RESOURCE_URL.exec(urlPath);
    if (resource) {
      answerResource(resource[1], res);
      return;
    }
    // The app's pages: one harness page; react-router reads the path.
    const file = urlPath.startsWith('/a/') ? join(outDir, 'catalog.html') : fileFor(req.url ?? '/');
    if (!file) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, {
      'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
      'cache-control': 'no-store',
    });
    createReadStream(file).pipe(res);
  });
  return new Promise((resolvePort) =>
    server.listen(port, '127.0.0.1', () => resolvePort({ server, port: server.address().port }))
  );
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await bundleHarness();
  // No port given: any free one (the URL is printed).
  const { port } = await serve(Number(process.argv[2] ?? process.env.KPI_HARNESS_PORT ?? 0));
  console.log(`KPI Cards harness on http://127.0.0.1:${port}/`);
}
