/* global console, process */
// Measures the JavaScript a visitor downloads on first load of the public search (entry chunk and its static
// imports, gzip) from the Vite manifest, prints it, and fails the build above the budget.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const BUDGET = 300 * 1024;
const dir = join(import.meta.dirname, '..', 'dist', 'web');
const manifest = JSON.parse(readFileSync(join(dir, '.vite', 'manifest.json'), 'utf8'));
const seen = new Set();
function visit(key) {
  if (seen.has(key)) return;
  seen.add(key);
  for (const next of manifest[key]?.imports ?? []) visit(next);
}
visit('index.html');
let total = 0;
for (const key of seen) {
  const file = manifest[key]?.file;
  if (file?.endsWith('.js')) total += gzipSync(readFileSync(join(dir, file))).length;
}
console.log(
  `first-load JavaScript of the public search: ${(total / 1024).toFixed(1)} KB gzip (budget ${BUDGET / 1024} KB)`,
);
if (total > BUDGET) {
  console.error('over budget');
  process.exit(1);
}
