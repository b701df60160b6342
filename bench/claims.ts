/**
 * Inserts N claims, each with its excerpt, through the service layer, then times `verify` over them,
 * on SQLite and on PostgreSQL. Prints figures; asserts nothing.
 *
 *   npx tsx bench/claims.ts [--count 100000] [--batch 1000] [--dialect sqlite|postgres|both]
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import type { Actor } from '../src/auth/index.js';
import { createCase } from '../src/services/cases.js';
import { createServiceContext } from '../src/services/context.js';
import { createRecord, createRecordsInBatch } from '../src/services/records.js';
import { verifyLedger } from '../src/services/verify.js';
import { openStore, specForType, type Store } from '../src/storage/index.js';

const { values } = parseArgs({
  options: {
    count: { type: 'string', default: '100000' },
    batch: { type: 'string', default: '1000' },
    dialect: { type: 'string', default: 'both' },
  },
});
const COUNT = Number(values.count);
const BATCH = Number(values.batch);
const PG_URL =
  process.env.BENCH_DATABASE_URL ??
  process.env.TEST_DATABASE_URL ??
  'postgres://postgres@127.0.0.1:5432/test';
const ACTOR: Actor = { kind: 'system', name: 'bench' };

let peakRss = 0;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 100);

async function withStore(dialect: string, body: (store: Store) => Promise<void>): Promise<void> {
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'dossier-bench-'));
    const path = join(dir, 'bench.sqlite');
    const store = await openStore({ kind: 'sqlite', path });
    try {
      await body(store);
      console.log(`  database file: ${(statSync(path).size / 1e6).toFixed(1)} MB`);
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
    return;
  }
  const schema = `bench_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  const store = await openStore({ kind: 'postgres', url: PG_URL, schema });
  try {
    await body(store);
    const size = await admin.query(
      `select sum(pg_total_relation_size(quote_ident(schemaname) || '.' || quote_ident(tablename)))::bigint as bytes from pg_tables where schemaname = $1`,
      [schema],
    );
    console.log(`  schema size: ${(Number(size.rows[0].bytes) / 1e6).toFixed(1)} MB`);
  } finally {
    await store.close();
    await admin.query(`drop schema ${schema} cascade`);
    await admin.end();
  }
}

async function run(dialect: string): Promise<void> {
  console.log(`\n${dialect}: ${COUNT.toLocaleString('en')} claims with excerpts, batches of ${BATCH}`);
  await withStore(dialect, async (store) => {
    const ctx = createServiceContext(store, randomBytes(32), {
      blobDir: mkdtempSync(join(tmpdir(), 'dossier-bench-blobs-')),
    });
    const found = await createCase(ctx, ACTOR, {
      title: 'Benchmark',
      description: '',
      sensitivity: 'internal',
    });
    const excerptSpec = specForType('excerpt')!;
    const claimSpec = specForType('claim')!;
    const source = await createRecord(
      ctx,
      ACTOR,
      specForType('source')!,
      found.id,
      specForType('source')!.createSchema.parse({ kind: 'report', title: 'Benchmark source' }) as Record<
        string,
        unknown
      >,
    );
    const started = performance.now();
    for (let done = 0; done < COUNT; done += BATCH) {
      const items = [];
      for (let i = done; i < Math.min(COUNT, done + BATCH); i++) {
        const excerptId = randomUUID();
        items.push({
          spec: excerptSpec,
          input: {
            id: excerptId,
            sourceId: source.id,
            locator: { page: 1 + (i % 400) },
            quote: `Paraphrase number ${i} of a passage.`,
            translation: null,
            language: 'en',
            sensitivity: 'internal',
          },
        });
        items.push({
          spec: claimSpec,
          input: {
            subjectType: 'case',
            subjectId: found.id,
            property: 'death_toll',
            value: { type: 'number', value: 1000 + (i % 29000), bound: 'exact' },
            claimant: `Organisation ${i % 50}`,
            qualifiers: {},
            evidence: [{ excerptId, stance: 'supports' }],
            credibility: 1 + (i % 6),
            status: 'asserted',
            sensitivity: 'internal',
          },
        });
      }
      await createRecordsInBatch(ctx, ACTOR, found.id, items);
    }
    const seconds = (performance.now() - started) / 1000;
    console.log(
      `  insert: ${seconds.toFixed(1)} s — ${Math.round(COUNT / seconds).toLocaleString('en')} claims/s (${Math.round((2 * COUNT) / seconds).toLocaleString('en')} records/s, each with its ledger entry)`,
    );
    const verifyStart = performance.now();
    const report = await verifyLedger(ctx);
    const verifySeconds = (performance.now() - verifyStart) / 1000;
    console.log(
      `  verify: ${verifySeconds.toFixed(1)} s over ${report.entries.toLocaleString('en')} entries and ${report.rows.toLocaleString('en')} rows — ${report.ok ? 'OK' : `${report.problems.length} problems`}`,
    );
  });
}

for (const dialect of values.dialect === 'both' ? ['sqlite', 'postgres'] : [values.dialect!])
  await run(dialect);
clearInterval(sampler);
console.log(`\npeak RSS: ${(peakRss / 1e6).toFixed(0)} MB`);
