/**
 * How long the synchronous link route (`POST /api/cases/:id/link`, i.e. `LinkRuns.run`) keeps the event loop
 * from answering other requests: synthetic lists are imported into a temporary SQLite store, linked once, and
 * the longest event-loop stall during the run is printed with the run's total time. Prints figures; asserts
 * nothing.
 *
 *   npx tsx bench/link-responsiveness.ts [--size 20000]
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { Actor } from '../src/auth/index.js';
import { createCase } from '../src/services/cases.js';
import { createServiceContext } from '../src/services/context.js';
import { LinkRuns } from '../src/services/link-runs.js';
import { importList } from '../src/services/registry.js';
import { openStore } from '../src/storage/index.js';
import { generateVictimLists } from './linkage-synthetic-data.js';

const { values } = parseArgs({ options: { size: { type: 'string', default: '20000' } } });
const size = Number(values.size);
const SYSTEM: Actor = { kind: 'system', name: 'bench' };
const dir = mkdtempSync(join(tmpdir(), 'dossier-link-bench-'));
const store = await openStore({ kind: 'sqlite', path: join(dir, 'dossier.sqlite') });
const ctx = createServiceContext(store, randomBytes(32), { blobDir: join(dir, 'blobs') });
try {
  const caseId = (await createCase(ctx, SYSTEM, { title: 'Bench', description: '', sensitivity: 'internal' }))
    .id;
  const { records } = generateVictimLists(size);
  const columns = ['given', 'surname', 'father', 'birth_year', 'city', 'prison'] as const;
  const quote = (v: string | number | null | undefined) => `"${String(v ?? '').replaceAll('"', '""')}"`;
  for (const list of [...new Set(records.lists)]) {
    const lines = ['id,' + columns.join(',')];
    records.ids.forEach((id, i) => {
      // Rows without any name cannot be imported; the synthetic lists drop a few.
      if (records.lists[i] === list && (records.fields.given![i] || records.fields.surname![i]))
        lines.push([id, ...columns.map((c) => records.fields[c]![i])].map(quote).join(','));
    });
    await importList(ctx, SYSTEM, caseId, {
      name: list,
      reliability: 'medium',
      sensitivity: 'internal',
      fileName: `${list}.csv`,
      bytes: Buffer.from(lines.join('\n')),
      format: 'csv',
      idColumn: 'id',
      mapping: {
        given: 'given_name',
        surname: 'surname',
        father: 'father_name',
        birth_year: 'birth_year',
        city: 'city',
        prison: 'place_of_detention',
      },
    });
  }
  const histogram = monitorEventLoopDelay({ resolution: 10 });
  histogram.enable();
  const started = performance.now();
  await new LinkRuns(ctx).run(SYSTEM, caseId, {});
  const seconds = (performance.now() - started) / 1000;
  histogram.disable();
  console.log(
    `${size} rows: link run ${seconds.toFixed(1)} s; longest event-loop stall ${(histogram.max / 1e6).toFixed(0)} ms, ` +
      `99th percentile ${(histogram.percentile(99) / 1e6).toFixed(0)} ms`,
  );
} finally {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
}
