/* global console */
// Writes a brotli (.br) and a gzip (.gz) copy beside every text asset of the built web app, once at build time, so
// that the server sends compressed bytes without compressing on each request (@fastify/static's preCompressed).
// A copy that would not be smaller is not written.
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const dir = join(import.meta.dirname, '..', 'dist', 'web');
const TEXT = new Set(['.js', '.css', '.html', '.svg', '.json', '.txt', '.map']);

function* files(path) {
  for (const entry of readdirSync(path)) {
    if (entry === '.vite') continue;
    const full = join(path, entry);
    if (statSync(full).isDirectory()) yield* files(full);
    else if (TEXT.has(extname(entry))) yield full;
  }
}

let raw = 0;
let br = 0;
let written = 0;
for (const file of files(dir)) {
  const bytes = readFileSync(file);
  const brotli = brotliCompressSync(bytes, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
      [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
    },
  });
  const gzip = gzipSync(bytes, { level: 9 });
  raw += bytes.length;
  br += Math.min(brotli.length, bytes.length);
  if (brotli.length < bytes.length) {
    writeFileSync(`${file}.br`, brotli);
    written++;
  }
  if (gzip.length < bytes.length) {
    writeFileSync(`${file}.gz`, gzip);
    written++;
  }
}
console.log(
  `precompressed ${written} files: ${(raw / 1024).toFixed(1)} KB of text assets, ${(br / 1024).toFixed(1)} KB as brotli`,
);
