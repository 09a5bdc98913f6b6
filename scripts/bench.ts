// `npm run bench`: runs every benchmark in scripts/bench/ (each default-exports an async function) and prints its figures.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'bench');
const only = process.argv[2];
for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts')).sort()) {
  if (only && !file.includes(only)) continue;
  const module = (await import(pathToFileURL(path.join(dir, file)).href)) as { default: () => Promise<void> };
  console.log(`\n### ${file.replace(/\.ts$/, '')}`);
  await module.default();
}
process.exit(0);
