// Builds dist/: Code.js (webpack + gas-webpack-plugin), one self-contained .html per client page, appsscript.json.
import { build as esbuild } from 'esbuild';
import { mkdir, readFile, readdir, rm, writeFile, copyFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import webpack from 'webpack';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'dist');
const require = createRequire(import.meta.url);

async function buildServer() {
  const config = require(path.join(root, 'webpack.config.cjs'));
  const stats = await new Promise((resolve, reject) =>
    webpack(config, (error, result) => (error ? reject(error) : resolve(result))),
  );
  if (stats.hasErrors()) throw new Error(stats.toString({ all: false, errors: true }));
  const code = await readFile(path.join(dist, 'Code.js'), 'utf8');
  // Apps Script loads one classic script: a surviving import/export would break `clasp push`.
  if (/^\s*(import|export)\s/m.test(code)) throw new Error('dist/Code.js still contains import/export');
}

/**
 * The sidebar's help link: docs/metrics.md in the repository named by package.json "repository" (a URL,
 * "git+https://…", "git@host:owner/repo.git" or "github:owner/repo"), or $METRICS_DOC_URL; '' when unknown.
 */
async function metricsDocUrl() {
  if (process.env.METRICS_DOC_URL) return process.env.METRICS_DOC_URL;
  const pkg = JSON.parse(await readFile(path.join(root, 'package.json'), 'utf8'));
  const repo = typeof pkg.repository === 'string' ? pkg.repository : pkg.repository?.url;
  if (typeof repo !== 'string' || repo === '') return '';
  const base = repo
    .replace(/^git\+/, '')
    .replace(/^github:/, 'https://github.com/')
    .replace(/^git@([^:]+):/, 'https://$1/')
    .replace(/^([\w.-]+\/[\w.-]+)$/, 'https://github.com/$1')
    .replace(/\.git$/, '')
    .replace(/\/+$/, '');
  return /^https?:\/\//.test(base) ? `${base}/blob/HEAD/docs/metrics.md` : '';
}

/** Each folder of src/client with an index.html and main.ts becomes dist/<folder>.html, JS and CSS inlined. */
async function buildClientPages() {
  const clientDir = path.join(root, 'src/client');
  const define = { __METRICS_DOC_URL__: JSON.stringify(await metricsDocUrl()) };
  const pages = [];
  for (const entry of await readdir(clientDir, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const dir = path.join(clientDir, entry.name);
    const files = await readdir(dir);
    if (!files.includes('index.html') || !files.includes('main.ts')) continue;
    pages.push(entry.name);
    const bundle = await esbuild({
      entryPoints: [path.join(dir, 'main.ts')],
      bundle: true,
      write: false,
      format: 'iife',
      target: 'es2019',
      minify: true,
      legalComments: 'none',
      outdir: dist,
      loader: { '.css': 'css' },
      define,
    });
    const js = bundle.outputFiles.find((f) => f.path.endsWith('.js'))?.text ?? '';
    const css = bundle.outputFiles.find((f) => f.path.endsWith('.css'))?.text ?? '';
    const template = await readFile(path.join(dir, 'index.html'), 'utf8');
    if (!template.includes('<!-- inline:css -->') || !template.includes('<!-- inline:js -->'))
      throw new Error(`${entry.name}/index.html needs <!-- inline:css --> and <!-- inline:js --> markers`);
    // A literal "</script" inside the bundle would end the inline script early.
    const safeJs = js.replace(/<\/(script)/gi, '<\\/$1');
    const html = template
      .replace('<!-- inline:css -->', () => `<style>${css}</style>`)
      .replace('<!-- inline:js -->', () => `<script>${safeJs}</script>`);
    await writeFile(path.join(dist, `${entry.name}.html`), html);
  }
  return pages;
}

await rm(dist, { recursive: true, force: true });
await mkdir(dist, { recursive: true });
await buildServer();
const pages = await buildClientPages();
await copyFile(path.join(root, 'appsscript.json'), path.join(dist, 'appsscript.json'));
console.log(`dist/: Code.js, appsscript.json${pages.map((p) => `, ${p}.html`).join('')}`);
