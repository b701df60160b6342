/**
 * Hostile list files against the guarded reader: for each, the file size, how long `readTable` takes to
 * refuse it, what it says, and the peak resident memory of a process that did nothing else (each case runs
 * in its own child process). Prints figures; asserts nothing.
 *
 *   npx tsx bench/list-bombs.ts
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { readTable, TableReadError, type ListFormat } from '../src/registry/read-table.js';
import {
  deepWorkbook,
  expandingWorkbook,
  laughingWorkbook,
  lyingWorkbook,
  nestedArchiveWorkbook,
  oversizedWorkbook,
  tallWorkbook,
  wideWorkbook,
} from '../test/list-bombs.js';

const CASES: Record<string, () => { bytes: Buffer; format: ListFormat }> = {
  'expanding sheet (40 MB of blanks)': () => ({ bytes: expandingWorkbook(40), format: 'xlsx' }),
  'parts declaring 270 MB': () => ({ bytes: oversizedWorkbook(), format: 'xlsx' }),
  'sheet lying about its size (64 MB)': () => ({ bytes: lyingWorkbook(64), format: 'xlsx' }),
  'XML nested 100,000 deep': () => ({ bytes: deepWorkbook(100_000), format: 'xlsx' }),
  'billion laughs': () => ({ bytes: laughingWorkbook(), format: 'xlsx' }),
  'cell at row 1,048,576': () => ({ bytes: tallWorkbook(), format: 'xlsx' }),
  'cell at column XFD': () => ({ bytes: wideWorkbook(), format: 'xlsx' }),
  'archive inside': () => ({ bytes: nestedArchiveWorkbook(), format: 'xlsx' }),
  'JSON nested 1,000,000 deep': () => ({
    bytes: Buffer.from('['.repeat(1_000_000) + ']'.repeat(1_000_000)),
    format: 'json',
  }),
  'CSV of 2,000,000 rows': () => ({ bytes: Buffer.from('id\n' + '1\n'.repeat(2_000_000)), format: 'csv' }),
};

const one = process.argv[2];
if (one) {
  const make = CASES[one];
  if (!make) throw new Error(`no case "${one}"`);
  const { bytes, format } = make();
  const started = performance.now();
  let outcome: string;
  try {
    await readTable(bytes, format);
    outcome = 'read (not refused)';
  } catch (error) {
    outcome = error instanceof TableReadError ? error.message : `crashed: ${(error as Error).message}`;
  }
  const ms = performance.now() - started;
  const rss = process.resourceUsage().maxRSS / 1024;
  console.log(JSON.stringify({ size: bytes.length, ms, rss, outcome }));
} else {
  console.log('case | file | refused in | peak RSS | answer');
  console.log('--- | --: | --: | --: | ---');
  const self = fileURLToPath(import.meta.url);
  for (const name of Object.keys(CASES)) {
    const out = execFileSync(process.execPath, ['--import', 'tsx', self, name], { encoding: 'utf8' });
    const r = JSON.parse(out.trim().split('\n').pop()!) as {
      size: number;
      ms: number;
      rss: number;
      outcome: string;
    };
    console.log(
      `${name} | ${(r.size / 1024).toFixed(0)} KB | ${(r.ms / 1000).toFixed(2)} s | ${r.rss.toFixed(0)} MB | ${r.outcome}`,
    );
  }
}
