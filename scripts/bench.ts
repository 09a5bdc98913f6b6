// `npm run bench`: runs every benchmark in scripts/bench/ (each default-exports an async function) and prints its figures.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'bench');
const only = process.argv[2];

type Bench = () => Promise<void>;

// No top-level await: tsx runs .ts files as CommonJS here (package.json has no "type": "module"), and import()
// of such a file yields module.exports as `default`, so the function may sit one `default` deeper.
async function main(): Promise<void> {
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts')).sort()) {
    if (only && !file.includes(only)) continue;
    const module = (await import(pathToFileURL(path.join(dir, file)).href)) as { default: Bench | { default: Bench } };
    const run = typeof module.default === 'function' ? module.default : module.default.default;
    console.log(`\n### ${file.replace(/\.ts$/, '')}`);
    await run();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
