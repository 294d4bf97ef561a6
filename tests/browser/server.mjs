// Bundles the harness with esbuild and serves it with the built plugin, the fixtures and
// Grafana's icons on 127.0.0.1. `node tests/browser/server.mjs [port]`; also imported by bench.mjs.
import { build } from 'esbuild';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { dirname, extname, join, normalize, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '..', '..');
const outDir = join(here, 'dist');

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
  ['/dist/', join(repo, 'dist')],
  ['/fixtures/', join(here, 'fixtures')],
  ['/public/build/img/', join(repo, 'node_modules', '@grafana', 'ui', 'dist', 'public', 'img')],
  ['/', outDir],
];

export async function bundleHarness() {
  if (!existsSync(join(repo, 'dist', 'panel', 'module.js'))) {
    throw new Error('dist/panel/module.js is missing: run `npm run build` first');
  }
  await build({
    entryPoints: [join(here, 'harness', 'main.tsx')],
    outfile: join(outDir, 'harness.js'),
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
  await build({
    entryPoints: [join(here, 'harness', 'index.html')],
    outdir: outDir,
    loader: { '.html': 'copy' },
    logLevel: 'warning',
  });
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
    const file = fileFor(req.url ?? '/');
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
  const { port } = await serve(Number(process.argv[2] ?? process.env.KPI_HARNESS_PORT ?? 4173));
  console.log(`KPI Cards harness on http://127.0.0.1:${port}/`);
}
