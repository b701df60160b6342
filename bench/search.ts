/**
 * Search benchmark: generates a fictional corpus of N documents (20 % Persian, 1–5 KB each, names drawn from
 * generated Persian names and their romanizations; see search-corpus.ts), indexes it in bulk transactions
 * with the known people and places, and times name, phrase, Persian and broad queries with policy scopes
 * applied, on SQLite (FTS5) and PostgreSQL (tsvector + pg_trgm). Prints figures; asserts nothing.
 *
 *   npx tsx bench/search.ts [--docs 100000] [--dialect sqlite|postgres|both] [--queries 200] [--batch 1000]
 *                           [--keep NAME]
 *
 * With `--keep NAME` the corpus is kept (SQLite: $TMPDIR/dossier-bench-NAME.sqlite, PostgreSQL: schema
 * bench_NAME) and a later run with the same name and document count measures it again without indexing it
 * anew — to compare versions of the query code on one corpus, or both backends in one run after building
 * each on its own. Drop the schema and remove the file by hand.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import pg from 'pg';
import { readableLabels, type Actor } from '../src/auth/index.js';
import { searchIndexFor, type SearchEntry, type SearchScope } from '../src/search/index.js';
import { documentEntries, entriesFromRecord } from '../src/services/search.js';
import { openStore, type RecordValue, type Store } from '../src/storage/index.js';
import { documentText, GIVEN, label, PEOPLE, pick, PLACES, queries, reseed } from './search-corpus.js';

const { values } = parseArgs({
  options: {
    docs: { type: 'string', default: '100000' },
    dialect: { type: 'string', default: 'both' },
    queries: { type: 'string', default: '200' },
    batch: { type: 'string', default: '1000' },
    keep: { type: 'string' },
  },
});
const KEEP = values.keep?.replace(/[^a-z0-9_]/gi, '') || null;
const DOCS = Number(values.docs);
const QUERIES = Math.max(200, Number(values.queries));
const BATCH = Number(values.batch);
const PG_URL =
  process.env.BENCH_DATABASE_URL ??
  process.env.TEST_DATABASE_URL ??
  'postgres://postgres@127.0.0.1:5432/test';

// ---- The corpus: four cases, labels spread as in a real investigation. ----

// Fixed ids: a kept corpus is measured again with the same cases and scopes.
const CASES = [1, 2, 3, 4].map((n) => `00000000-0000-4000-8000-00000000000${n}`);

/** An investigator in two cases, a viewer in the third, a stranger to the fourth. */
const ACTOR: Actor = {
  kind: 'user',
  id: 'bench',
  username: 'bench',
  isAdmin: false,
  mustChangePassword: false,
  cases: new Map([
    [CASES[0]!, { role: 'investigator', protectedGrant: false }],
    [CASES[1]!, { role: 'investigator', protectedGrant: false }],
    [CASES[2]!, { role: 'viewer', protectedGrant: false }],
  ]),
};
const SCOPES: SearchScope[] = CASES.map((caseId) => ({
  caseId,
  labels: readableLabels(ACTOR, caseId, 'internal'),
})).filter((s) => s.labels.length > 0);

function entityEntries(): SearchEntry[] {
  const at = new Date().toISOString();
  const record = (fields: Record<string, unknown>) =>
    ({
      id: randomUUID(),
      caseId: pick(CASES),
      sensitivity: label(),
      createdAt: at,
      updatedAt: at,
      ...fields,
    }) as RecordValue;
  const people = PEOPLE.map((p, i) =>
    entriesFromRecord(
      'person',
      record({
        // A third known only in Persian script, a third only romanized, a third in both.
        names: [...(i % 3 !== 1 ? [{ text: p.fa }] : []), ...(i % 3 !== 0 ? [{ text: p.latin[0]! }] : [])],
        fatherName: pick(GIVEN)[0],
        notes: '',
      }),
    ),
  );
  const places = PLACES.map(([fa, en]) =>
    entriesFromRecord('place', record({ names: [{ text: fa }, { text: en }], description: '' })),
  );
  return [...people, ...places].flat();
}

// ---- Running. ----

async function withStore(
  dialect: string,
  body: (store: Store, size: () => Promise<string>) => Promise<void>,
) {
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'dossier-bench-search-'));
    const path = KEEP ? join(tmpdir(), `dossier-bench-${KEEP}.sqlite`) : join(dir, 'bench.sqlite');
    const store = await openStore({ kind: 'sqlite', path });
    const size = async () => {
      await sql`pragma wal_checkpoint(TRUNCATE)`.execute(store.db);
      const { rows } = await sql<{ name: string; bytes: number }>`
        select name, sum(pgsize) as bytes from dbstat
         where name like 'search%' or name like 'sqlite_autoindex_search%' group by name`.execute(store.db);
      const fts = rows.filter((r) => r.name.startsWith('search_fts')).reduce((s, r) => s + r.bytes, 0);
      const entries = rows.filter((r) => !r.name.startsWith('search_fts')).reduce((s, r) => s + r.bytes, 0);
      return `file ${mb(statSync(path).size)}; FTS5 index ${mb(fts)}, search_entries + indexes ${mb(entries)}`;
    };
    try {
      await body(store, size);
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
    return;
  }
  const schema = `bench_${KEEP ?? randomUUID().replaceAll('-', '').slice(0, 12)}`;
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  await admin.query(`create schema ${KEEP ? 'if not exists ' : ''}${schema}`);
  const store = await openStore({ kind: 'postgres', url: PG_URL, schema });
  const size = async () => {
    const table = `${schema}.search_entries`;
    const { rows } = await admin.query<Record<string, string>>(
      `select pg_total_relation_size($1) as total, pg_relation_size($1) as heap,
              pg_total_relation_size($1) - pg_relation_size($1) - pg_indexes_size($1) as toast,
              pg_relation_size($2) as gin, pg_relation_size($3) as trgm,
              pg_total_relation_size($4) as phrases`,
      [table, `${schema}.search_entries_tsv`, `${schema}.search_entries_trgm`, `${schema}.search_phrases`],
    );
    const r = rows[0]!;
    return `search_entries total ${mb(+r.total!)} (heap ${mb(+r.heap!)}, TOAST ${mb(+r.toast!)}, GIN tsv ${mb(+r.gin!)}, trigram ${mb(+r.trgm!)}); search_phrases ${mb(+r.phrases!)}`;
  };
  try {
    await body(store, size);
  } finally {
    await store.close();
    if (!KEEP) await admin.query(`drop schema ${schema} cascade`);
    await admin.end();
  }
}

const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

interface Figures {
  dialect: string;
  docs: number;
  megabytes: number;
  seconds: number;
  size: string;
  latency: Record<string, { p50: number; p95: number; hits: number }>;
}

async function run(dialect: string): Promise<Figures> {
  console.log(`\n${dialect}: ${DOCS.toLocaleString('en')} documents, batches of ${BATCH}`);
  reseed(1367);
  const index = searchIndexFor({ name: dialect as 'sqlite' | 'postgres' });
  let figures: Figures | undefined;
  await withStore(dialect, async (store, size) => {
    // A kept corpus that holds its cases already is measured as it is.
    const reused = KEEP !== null && (await store.db.selectFrom('cases').select('id').execute()).length > 0;
    let started: number;
    let bytes = 0;
    let seconds = Number.NaN;
    if (reused) console.log('  reusing the kept corpus: nothing indexed');
    else {
      const at = new Date().toISOString();
      await store.db
        .insertInto('cases')
        .values(
          CASES.map((id, i) => ({
            id,
            title: `Case ${i}`,
            description: '',
            sensitivity: 'internal',
            createdAt: at,
            updatedAt: at,
          })),
        )
        .execute();
      const entities = entityEntries();
      started = performance.now();
      await store.db.transaction().execute((trx) => index.upsert(trx, entities));
      console.log(
        `  ${entities.length.toLocaleString('en')} entities indexed in ${((performance.now() - started) / 1000).toFixed(1)} s`,
      );
      let indexing = 0;
      let parts = 0;
      for (let done = 0; done < DOCS; done += BATCH) {
        const batch = Array.from({ length: Math.min(BATCH, DOCS - done) }, (_, i) => {
          const persian = (done + i) % 5 === 0;
          const text = documentText(persian);
          bytes += Buffer.byteLength(text);
          return documentEntries({
            caseId: pick(CASES),
            sensitivity: label(),
            sourceId: null,
            fileId: randomUUID(),
            title: `${persian ? 'سند' : 'Document'} ${done + i}`,
            fileName: `doc-${done + i}.pdf`,
            text,
            language: persian ? 'fa' : 'en',
            dateStart: null,
            dateEnd: null,
          }).entries;
        });
        const entries = batch.flat();
        parts += entries.length;
        started = performance.now();
        await store.db.transaction().execute((trx) => index.upsert(trx, entries));
        indexing += performance.now() - started;
        if ((done / BATCH) % 10 === 9)
          process.stdout.write(`  ${(done + BATCH).toLocaleString('en')} documents\r`);
      }
      seconds = indexing / 1000;
      console.log(
        `  ingest: ${DOCS.toLocaleString('en')} documents (${parts.toLocaleString('en')} parts, ${mb(bytes)}) in ${seconds.toFixed(1)} s: ${(DOCS / seconds).toFixed(0)} documents/s, ${(bytes / 1e6 / seconds).toFixed(2)} MB/s`,
      );
    }
    const measure = async (when: string): Promise<Figures['latency']> => {
      const latency: Figures['latency'] = {};
      for (const [sort, list] of Object.entries(queries(QUERIES))) {
        for (const q of list.slice(0, 20))
          await index.search(store.db, { text: q, scopes: SCOPES, limit: 20, offset: 0 });
        const times: number[] = [];
        let hits = 0;
        for (const q of list) {
          const t0 = performance.now();
          const result = await index.search(store.db, { text: q, scopes: SCOPES, limit: 20, offset: 0 });
          times.push(performance.now() - t0);
          hits += result.total;
        }
        times.sort((a, b) => a - b);
        latency[sort] = { p50: percentile(times, 50), p95: percentile(times, 95), hits: hits / list.length };
        console.log(
          `  ${when}, ${sort.padEnd(7)} queries: p50 ${latency[sort].p50.toFixed(1)} ms, p95 ${latency[sort].p95.toFixed(1)} ms, max ${times.at(-1)!.toFixed(1)} ms, mean total ${latency[sort].hits.toFixed(0)} hits (${list.length} queries)`,
        );
      }
      return latency;
    };
    if (dialect === 'postgres') {
      started = performance.now();
      await sql`vacuum analyze search_entries`.execute(store.db);
      console.log(`  vacuum analyze: ${((performance.now() - started) / 1000).toFixed(1)} s`);
    } else if (!reused) {
      await measure('as ingested');
      started = performance.now();
      await index.optimize(store.db);
      console.log(`  index.optimize(): ${((performance.now() - started) / 1000).toFixed(1)} s`);
    }
    const sizeText = await size();
    console.log(`  index size: ${sizeText}`);
    const latency = await measure(dialect === 'postgres' ? 'after vacuum' : 'optimized');
    figures = { dialect, docs: DOCS, megabytes: bytes / 1e6, seconds, size: sizeText, latency };
  });
  return figures!;
}

const dialects = values.dialect === 'both' ? ['sqlite', 'postgres'] : [values.dialect];
const results: Figures[] = [];
for (const dialect of dialects) results.push(await run(dialect));

console.log(
  '\nbackend    docs      text MB  ingest docs/s  ingest MB/s  name p50/p95 ms    phrase p50/p95 ms  persian p50/p95 ms broad p50/p95 ms',
);
for (const r of results) {
  const l = (sort: string) =>
    `${r.latency[sort]!.p50.toFixed(1)} / ${r.latency[sort]!.p95.toFixed(1)}`.padEnd(19);
  console.log(
    `${r.dialect.padEnd(10)} ${String(r.docs).padEnd(9)} ${r.megabytes.toFixed(0).padEnd(8)} ${(r.docs / r.seconds).toFixed(0).padEnd(14)} ${(r.megabytes / r.seconds).toFixed(2).padEnd(12)} ${l('name')}${l('phrase')}${l('persian')}${l('broad')}`,
  );
}
for (const r of results) console.log(`${r.dialect} index size: ${r.size}`);
console.log(
  '\nLatency after optimize() (SQLite) or VACUUM ANALYZE (PostgreSQL); limit 20, first page, with snippets.',
);
console.log('Policy scopes: investigator in two cases, viewer in a third, no access to the fourth.');
