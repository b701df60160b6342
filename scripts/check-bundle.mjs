/* global console, process */
// Measures the JavaScript a visitor downloads on first load of the public memorial (its search and a victim's page:
// the entry chunk and its static imports) from the Vite manifest, compressed as the server sends it (brotli; gzip
// for browsers without it), prints it, and fails the build when the gzip figure is above the budget.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, gzipSync } from 'node:zlib';

const BUDGET = 150 * 1024;
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
let brotli = 0;
let raw = 0;
for (const key of seen) {
  const file = manifest[key]?.file;
  if (!file?.endsWith('.js')) continue;
  const bytes = readFileSync(join(dir, file));
  raw += bytes.length;
  total += gzipSync(bytes, { level: 9 }).length;
  brotli += brotliCompressSync(bytes).length;
}
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
console.log(
  `first-load JavaScript of the memorial: ${kb(brotli)} brotli, ${kb(total)} gzip (budget ${kb(BUDGET)}), ${kb(raw)} uncompressed`,
);
if (total > BUDGET) {
  console.error('over budget');
  process.exit(1);
}
