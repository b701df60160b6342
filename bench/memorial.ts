/**
 * Memorial benchmark: a public case with N public victims (names in Persian script and romanized, with the
 * spelling noise and typos of the synthetic victim lists, fathers' names, birth years, prisons and burial
 * places) and some accused, written through the record service (so the memorial index is built as in use);
 * then the real server on a loopback port, driven over HTTP from child processes (bench/http-load.ts):
 *
 *   1. anonymous family searches alone: as fast as 50 connections get answers (the most it serves), and
 *      arriving at a fixed rate (default 500/s, latency counted from each request's scheduled time);
 *   2. logged-in record reads (GET a person) alone, flat out (how many) and at 50/s (how long each waits);
 *   3. both at once (logged-in p99 under the anonymous load, at the fixed rate and flat out).
 *
 * Prints figures; asserts nothing. The load generators share the machine with the server.
 *
 *   npx tsx bench/memorial.ts [--people 10000] [--accused 200] [--dialect sqlite|postgres]
 *                             [--connections 50] [--seconds 10] [--rate 500] [--read-rate 50]
 */
import { fork } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import pg from 'pg';
import type { Actor } from '../src/auth/index.js';
import { buildApp } from '../src/http/app.js';
import { unifyDigits } from '../src/names/index.js';
import { createUser } from '../src/services/accounts.js';
import { addMemberById, createCase } from '../src/services/cases.js';
import { createServiceContext } from '../src/services/context.js';
import { getMemorialPerson, searchMemorial } from '../src/services/memorial.js';
import { createRecordsInBatch } from '../src/services/records.js';
import { openStore, specForType, type RecordSpec, type Store } from '../src/storage/index.js';
import type { LoadJob, LoadResult } from './http-load.js';
import { generateVictimLists, LISTS } from './linkage-synthetic-data.js';

const { values } = parseArgs({
  options: {
    people: { type: 'string', default: '10000' },
    accused: { type: 'string', default: '200' },
    dialect: { type: 'string', default: 'sqlite' },
    connections: { type: 'string', default: '50' },
    seconds: { type: 'string', default: '10' },
    rate: { type: 'string', default: '500' },
    'read-rate': { type: 'string', default: '50' },
    'service-only': { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
  },
});
const PEOPLE = Number(values.people);
const ACCUSED = Number(values.accused);
const CONNECTIONS = Number(values.connections);
const SECONDS = Number(values.seconds);
const RATE = Number(values.rate);
const READ_RATE = Number(values['read-rate']);
const PG_URL =
  process.env.BENCH_DATABASE_URL ??
  process.env.TEST_DATABASE_URL ??
  'postgres://postgres@127.0.0.1:5432/test';
const SYSTEM: Actor = { kind: 'system', name: 'bench' };
const PASSWORD = 'correct horse battery staple';

async function openBenchStore(): Promise<{ store: Store; blobDir: string; cleanup: () => Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'dossier-bench-memorial-'));
  const blobDir = join(dir, 'blobs');
  if (values.dialect !== 'postgres') {
    const store = await openStore({ kind: 'sqlite', path: join(dir, 'dossier.sqlite') });
    return {
      store,
      blobDir,
      cleanup: async () => {
        await store.close();
        if (values.keep) console.log(`kept ${dir}`);
        else rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const schema = `bench_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  const store = await openStore({ kind: 'postgres', url: PG_URL, schema });
  return {
    store,
    blobDir,
    cleanup: async () => {
      await store.close();
      if (values.keep) console.log(`kept schema ${schema}`);
      else await admin.query(`drop schema ${schema} cascade`);
      await admin.end();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

// ---- The population: one person per synthetic entity, named as the lists name them ----

interface Synthetic {
  names: string[];
  father: string | null;
  year: string;
  prison: number;
  queries: string[];
}

function population(count: number): Synthetic[] {
  const { records, truth, people } = generateVictimLists(Math.ceil(count * 3.2), 7);
  const persian = new Set(LISTS.filter((l) => l.persian).map((l) => l.name));
  const out = new Map<number, Synthetic>();
  for (let i = 0; i < truth.length; i++) {
    const entity = truth[i]!;
    const f = records.fields as Record<'given' | 'surname' | 'father', Array<string | null>>;
    const name = [f.given[i], f.surname[i]].filter(Boolean).join(' ');
    if (!name) continue;
    const truthOf = people[entity]!;
    let p = out.get(entity);
    if (!p) {
      p = {
        names: [],
        father: null,
        year: truthOf.birth_year,
        prison: entity % PRISONS.length,
        queries: [],
      };
      out.set(entity, p);
    }
    // The first Persian-script and the first romanized rendering become the person's names; every rendering
    // (with its noise) is a query a relative might type.
    const script = persian.has(records.lists[i]!) ? 'fa' : 'en';
    if (!p.names.some((n) => /[\u0600-\u06ff]/.test(n) === (script === 'fa'))) p.names.push(name);
    p.queries.push(name);
    if (!p.father && f.father[i] && script === 'en') p.father = f.father[i]!;
  }
  return [...out.values()].filter((p) => p.names.length > 0).slice(0, count);
}

const PRISONS: Array<[string, string]> = [
  ['Evin prison', 'زندان اوین'],
  ['Gohardasht prison', 'زندان گوهردشت'],
  ['Qezel Hesar prison', 'زندان قزلحصار'],
  ['Dizel Abad prison', 'زندان دیزل‌آباد'],
  ['Vakilabad prison', 'زندان وکیل‌آباد'],
  ['Adelabad prison', 'زندان عادل‌آباد'],
];
const GRAVES: Array<[string, string]> = [
  ['Khavaran', 'خاوران'],
  ['Behesht-e Zahra, section 93', 'بهشت زهرا، قطعه ۹۳'],
  ['Mass grave near Ahvaz', 'گور جمعی نزدیک اهواز'],
];
const CERTAINTIES = ['confirmed', 'probable', 'possible'] as const;

async function seed(store: Store, blobDir: string) {
  const ctx = createServiceContext(store, randomBytes(32), { blobDir });
  const found = await createCase(ctx, SYSTEM, {
    title: 'Memorial benchmark',
    description: '',
    sensitivity: 'public',
  });
  const caseId = found.id;
  const spec = (type: string) => specForType(type)!;
  const item = (type: string, input: Record<string, unknown>) => {
    const parsed = spec(type).createSchema.parse(input) as Record<string, unknown>;
    return { spec: spec(type), input: { ...parsed, id: randomUUID() } };
  };
  const base: Array<{ spec: RecordSpec; input: Record<string, unknown> }> = [];
  const prisons = PRISONS.map(([en, fa]) => {
    base.push(item('place', { names: [{ text: en }, { text: fa }], kind: 'prison', sensitivity: 'public' }));
    return base[base.length - 1]!.input.id as string;
  });
  const graves = GRAVES.map(([en, fa]) => {
    base.push(
      item('place', { names: [{ text: en }, { text: fa }], kind: 'mass_grave', sensitivity: 'public' }),
    );
    return base[base.length - 1]!.input.id as string;
  });
  const executions = prisons.map((placeId, i) => {
    base.push(
      item('event', {
        kind: 'execution',
        title: `Executions at ${PRISONS[i]![0]}, summer 1988`,
        date: 'between 27 July and 6 September 1988',
        placeId,
        sensitivity: 'public',
      }),
    );
    return base[base.length - 1]!.input.id as string;
  });
  await createRecordsInBatch(ctx, SYSTEM, caseId, base);

  const all = population(PEOPLE + ACCUSED);
  const victims = all.slice(0, PEOPLE);
  const accused = all.slice(PEOPLE);
  const ids: string[] = [];
  const t0 = performance.now();
  const BATCH = 2500;
  for (let start = 0; start < all.length; start += BATCH) {
    const batch: typeof base = [];
    all.slice(start, start + BATCH).forEach((p, k) => {
      const n = start + k;
      const victim = n < PEOPLE;
      const person = item('person', {
        names: p.names.map((text) => ({ text })),
        fatherName: p.father,
        birthDate: unifyDigits(p.year),
        gender: 'male',
        sensitivity: 'public',
      });
      batch.push(person);
      const personId = person.input.id as string;
      if (victim) ids.push(personId);
      batch.push(
        item('involvement', {
          eventId: executions[p.prison]!,
          actorType: 'person',
          actorId: personId,
          role: victim ? 'victim' : 'perpetrator',
          ...(victim ? {} : { perpetratorDegree: 'present' }),
          sensitivity: 'public',
        }),
      );
      if (!victim) return;
      batch.push(
        item('relation', {
          kind: 'detention',
          subjectType: 'person',
          subjectId: personId,
          objectType: 'place',
          objectId: prisons[p.prison]!,
          certainty: 'confirmed',
          sensitivity: 'public',
        }),
        item('relation', {
          kind: 'burial',
          subjectType: 'person',
          subjectId: personId,
          objectType: 'place',
          objectId: graves[n % graves.length]!,
          certainty: CERTAINTIES[n % CERTAINTIES.length]!,
          sensitivity: 'public',
        }),
      );
    });
    await createRecordsInBatch(ctx, SYSTEM, caseId, batch);
  }
  const seeded = (performance.now() - t0) / 1000;
  // The steady state autovacuum reaches after a bulk load: visibility map set (index-only scans), statistics.
  if (store.dialect.name === 'postgres') {
    await sql`vacuum analyze memorial_keys`.execute(store.db);
    await sql`vacuum analyze memorial_people`.execute(store.db);
  }
  const user = await createUser(ctx, SYSTEM, { username: 'reader', password: PASSWORD, isAdmin: false });
  await addMemberById(ctx, SYSTEM, caseId, user.id, 'investigator', false);
  return { ctx, caseId, victims, accused, ids, seeded };
}

function load(job: LoadJob): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const child = fork(new URL('./http-load.ts', import.meta.url), [], { execArgv: process.execArgv });
    child.once('message', (result) => resolve(result as LoadResult));
    child.once('error', reject);
    child.send(job);
  });
}

function report(label: string, r: LoadResult): string {
  const sorted = Float64Array.from(r.latencies).sort();
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
  return `${label.padEnd(52)} ${String(r.requests).padStart(7)} req in ${r.elapsed.toFixed(1)} s = ${(
    r.requests / r.elapsed
  ).toFixed(0)} req/s   p50 ${at(0.5).toFixed(1)} ms   p99 ${at(0.99).toFixed(1)} ms   errors ${r.errors}`;
}

async function main() {
  const { store, blobDir, cleanup } = await openBenchStore();
  try {
    const { ctx, caseId, victims, accused, ids, seeded } = await seed(store, blobDir);
    const indexed = await store.db
      .selectFrom('memorialKeys')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirst();
    console.log(
      `${values.dialect}: ${victims.length} public victims and ${accused.length} accused written in ${seeded.toFixed(
        1,
      )} s (memorial index kept in the same transactions: ${String(indexed?.n)} keys)`,
    );
    // The load stands for many visitors, all on 127.0.0.1 here: the per-address limits would otherwise stop it.
    const visitors = { burst: 1_000_000_000, perHour: 1_000_000_000 };
    const app = await buildApp({
      ctx,
      cookieSecure: false,
      anonymousLimits: { search: visitors, submission: visitors },
    });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : 0;

    const login = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'reader', password: PASSWORD },
    });
    const cookie = login.cookies.find((c) => c.name === 'dossier_session');
    const headers = { cookie: `${cookie!.name}=${cookie!.value}` };

    // Family searches as relatives type them: one rendering of a victim's name (Persian script or a
    // romanization, with the lists' typos), a third with the father's name, a fifth with the birth year.
    const searches: string[] = [];
    for (let i = 0; searches.length < 2000; i++) {
      const p = victims[(i * 7919) % victims.length]!;
      const params = new URLSearchParams({ q: p.queries[i % p.queries.length]! });
      if (i % 3 === 0 && p.father) params.set('fatherName', p.father);
      if (i % 5 === 0) params.set('birthYear', unifyDigits(p.year));
      searches.push(`/api/public/search?${params.toString()}`);
    }
    const reads = Array.from(
      { length: 500 },
      (_, i) => `/api/cases/${caseId}/people/${ids[(i * 104729) % ids.length]!}`,
    );
    const anonymous = (seconds: number, rate?: number): LoadJob => ({
      port,
      paths: searches,
      connections: CONNECTIONS,
      seconds,
      maxRequests: 2_000_000,
      ...(rate ? { rate } : {}),
    });
    // Investigators at work: 50 record reads a second (flat out, 4 connections would measure how many reads the
    // server can do, not how long one waits).
    const loggedIn = (seconds: number, rate: number | undefined = READ_RATE): LoadJob => ({
      port,
      paths: reads,
      connections: 4,
      seconds,
      maxRequests: 2_000_000,
      headers,
      ...(rate ? { rate } : {}),
    });

    // The service alone, in process: what one search costs the server, beside a one-row read.
    const timeIt = async (label: string, run: (params: URLSearchParams) => Promise<unknown>) => {
      const timings: number[] = [];
      for (const path of searches.slice(0, 1000)) {
        const params = new URL(path, 'http://x').searchParams;
        const t = performance.now();
        await run(params);
        timings.push(performance.now() - t);
      }
      timings.sort((a, b) => a - b);
      const mean = timings.reduce((a, b) => a + b, 0) / timings.length;
      console.log(
        `${label.padEnd(52)} mean ${mean.toFixed(2)} ms   p50 ${timings[500]!.toFixed(2)} ms   p99 ${timings[990]!.toFixed(2)} ms`,
      );
    };
    await timeIt('in process: one memorial page (1 row)', () => getMemorialPerson(ctx, ids[0]!));
    await timeIt('in process: searchMemorial', (params) =>
      searchMemorial(ctx, {
        q: params.get('q')!,
        fatherName: params.get('fatherName') ?? undefined,
        birthYear: params.has('birthYear') ? Number(params.get('birthYear')) : undefined,
      }),
    );
    await timeIt('in process: one memorial page (1 row)', () => getMemorialPerson(ctx, ids[0]!));

    await load(anonymous(2)); // warm-up
    if (values['service-only']) return app.close();
    console.log(
      report(`anonymous search, ${CONNECTIONS} connections flat out`, await load(anonymous(SECONDS))),
    );
    console.log(report(`anonymous search arriving at ${RATE}/s`, await load(anonymous(SECONDS, RATE))));
    console.log(
      report('logged-in reads alone, 4 connections flat out', await load(loggedIn(SECONDS / 2, 0))),
    );
    console.log(report(`logged-in reads alone at ${READ_RATE}/s`, await load(loggedIn(SECONDS / 2))));
    const [paced, pacedReader] = await Promise.all([load(anonymous(SECONDS, RATE)), load(loggedIn(SECONDS))]);
    console.log(report(`logged-in reads at ${READ_RATE}/s during ${RATE}/s of searches`, pacedReader));
    console.log(report(`  the searches arriving at ${RATE}/s meanwhile`, paced));
    const [anon, reader] = await Promise.all([load(anonymous(SECONDS)), load(loggedIn(SECONDS))]);
    console.log(report(`logged-in reads at ${READ_RATE}/s during searches flat out`, reader));
    console.log(report(`  the searches, ${CONNECTIONS} connections flat out`, anon));
    await app.close();
  } finally {
    await cleanup();
  }
}

await main();
