import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { createServiceContext } from '../src/services/context.js';
import { createRecord } from '../src/services/records.js';
import { searchCases } from '../src/services/search.js';
import { openStore, specForType } from '../src/storage/index.js';
import { makeCase, SYSTEM } from './factories.js';
import { parsedInput } from './samples.js';
import { createTestStore, DIALECTS, TEST_DATABASE_URL } from './stores.js';

describe('migrations on a shared PostgreSQL database', () => {
  const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
  const schemas = [0, 1].map(() => `m_${randomUUID().replaceAll('-', '').slice(0, 16)}`);
  afterAll(async () => {
    for (const schema of schemas) await admin.query(`drop schema if exists ${schema} cascade`);
    await admin.end();
  });

  it('migrates a schema even when a neighbouring schema already holds migration tables', async () => {
    await admin.connect();
    for (const schema of schemas) await admin.query(`create schema ${schema}`);
    for (const schema of schemas) {
      const store = await openStore({ kind: 'postgres', url: TEST_DATABASE_URL, schema });
      await store.close();
    }
    const found = await admin.query<{ schema: string }>(
      `select table_schema as schema from information_schema.tables
        where table_name = 'kysely_migration_lock' and table_schema = any($1)`,
      [schemas],
    );
    expect(found.rows.map((r) => r.schema).sort()).toEqual([...schemas].sort());
  });
});

describe('0012: the SQLite full-text index made again for deletion by value', () => {
  it('indexes the existing entries again, so a store upgraded keeps finding what it found', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dossier-migrate-'));
    const path = join(dir, 'dossier.sqlite');
    try {
      let store = await openStore({ kind: 'sqlite', path });
      let ctx = createServiceContext(store, randomBytes(32), { blobDir: join(dir, 'blobs') });
      const caseId = (await makeCase(ctx)).id;
      await createRecord(ctx, SYSTEM, specForType('person')!, caseId, {
        ...parsedInput('person', {}),
        names: [{ text: 'Ostad Migratorpour', script: 'latin', kind: 'birth' }],
      });
      // As if the store predated 0012: forget that it ran, and run it again on the next open.
      // Migrations after 0012 are undone too, since the migrator runs them in order.
      await sql`drop table link_runs`.execute(store.db);
      await sql`drop table case_settings`.execute(store.db);
      await sql`drop table list_import_reports`.execute(store.db);
      await sql`drop table memorial_changes`.execute(store.db);
      await sql`drop table memorial_state`.execute(store.db);
      await sql`drop table data_upgrades`.execute(store.db);
      await sql`alter table ledger_checkpoints drop column root`.execute(store.db);
      await sql`drop table positions`.execute(store.db);
      await sql`drop table findings`.execute(store.db);
      await sql`delete from kysely_migration where name >= '0012-secure-delete'`.execute(store.db);
      await store.close();
      store = await openStore({ kind: 'sqlite', path });
      ctx = createServiceContext(store, randomBytes(32), { blobDir: join(dir, 'blobs') });
      const found = await searchCases(ctx, SYSTEM, { q: 'migratorpour' });
      expect(found.hits.map((h) => h.title)).toContain('Ostad Migratorpour');
      await store.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe.each(DIALECTS)('0024: the search index written again (%s)', (dialect) => {
  it('finds, after the upgrade, what an index of the former analyser could not', async () => {
    const t = await createTestStore(dialect);
    try {
      const caseId = (await makeCase(t.ctx)).id;
      await createRecord(t.ctx, SYSTEM, specForType('person')!, caseId, {
        ...parsedInput('person', {}),
        names: [{ text: 'اسدالله لاجوردی', script: 'persian', kind: 'birth' }],
      });
      const typo = async () => (await searchCases(t.ctx, SYSTEM, { q: 'لاجودی ' })).hits.map((h) => h.title);
      expect(await typo()).toContain('اسدالله لاجوردی');
      // As if the store predated 0024: an index without the terms it adds, and the migration not yet run.
      if (dialect === 'postgres') await t.raw(`update search_entries set tsv = to_tsvector('simple', title)`);
      else await t.raw(`insert into search_fts (search_fts) values ('delete-all')`);
      // Later migrations are undone with it (their own work is repeatable), as the migrator runs them in order.
      await t.raw(`delete from kysely_migration where name >= '0024-search-speed'`);
      expect(await typo()).toEqual([]);
      const where = t.where;
      const store = await openStore(
        dialect === 'postgres'
          ? { kind: 'postgres', url: TEST_DATABASE_URL, schema: where }
          : { kind: 'sqlite', path: where },
      );
      try {
        const ctx = createServiceContext(store, randomBytes(32), { blobDir: join(tmpdir(), 'unused') });
        const found = await searchCases(ctx, SYSTEM, { q: 'لاجودی ' });
        expect(found.hits.map((h) => h.title)).toContain('اسدالله لاجوردی');
      } finally {
        await store.close();
      }
      if (dialect === 'postgres') {
        const [options] =
          await t.raw(`select reloptions::text as o from pg_class where relname = 'search_entries'
                                        and relnamespace = current_schema()::regnamespace`);
        expect(String(options?.o)).toContain('toast_tuple_target=512');
      }
    } finally {
      await t.cleanup();
    }
  });
});

describe('0026: phrases by their pairs of words (postgres)', () => {
  it('finds, after the upgrade, the phrases of a store indexed without pairs', async () => {
    const t = await createTestStore('postgres');
    try {
      const caseId = (await makeCase(t.ctx)).id;
      await createRecord(t.ctx, SYSTEM, specForType('event')!, caseId, {
        ...parsedInput('event', {}),
        title: 'Hearing before the death commission',
      });
      const phrase = async (ctx = t.ctx) =>
        (await searchCases(ctx, SYSTEM, { q: '"death commission"' })).hits.map((h) => h.title);
      expect(await phrase()).toContain('Hearing before the death commission');
      // As if the store predated 0026: tsvectors without their pairs, and the migration not yet run.
      await t.raw(`update search_entries
                      set tsv = ts_delete(tsv, array(select lexeme from unnest(tsv) where lexeme like '>%'))`);
      await t.raw(`delete from kysely_migration where name >= '0026-search-pairs'`);
      expect(await phrase()).toEqual([]);
      const store = await openStore({ kind: 'postgres', url: TEST_DATABASE_URL, schema: t.where });
      try {
        const ctx = createServiceContext(store, randomBytes(32), { blobDir: join(tmpdir(), 'unused') });
        expect(await phrase(ctx)).toContain('Hearing before the death commission');
      } finally {
        await store.close();
      }
    } finally {
      await t.cleanup();
    }
  });
});

describe('0028: phrase positions beside the tsvector (postgres)', () => {
  it('fills the positions of a store indexed before, and keeps them with every later write', async () => {
    const t = await createTestStore('postgres');
    try {
      const caseId = (await makeCase(t.ctx)).id;
      const event = async (title: string) =>
        createRecord(t.ctx, SYSTEM, specForType('event')!, caseId, { ...parsedInput('event', {}), title });
      await event('Prisoners transferred to Gohardasht at night');
      await event('Transferred to Evin, then moved to Gohardasht');
      const phrase = async (ctx = t.ctx) =>
        (await searchCases(ctx, SYSTEM, { q: '"transferred to Gohardasht"' })).hits.map((h) => h.title);
      // As if the store predated 0028.
      await t.raw(`drop trigger search_phrases_write on search_entries`);
      await t.raw(`drop table search_phrases`);
      await t.raw(`delete from kysely_migration where name >= '0028-search-phrase-positions'`);
      const store = await openStore({ kind: 'postgres', url: TEST_DATABASE_URL, schema: t.where });
      try {
        const ctx = createServiceContext(store, randomBytes(32), { blobDir: join(tmpdir(), 'unused') });
        expect(await phrase(ctx)).toEqual(['Prisoners transferred to Gohardasht at night']);
        // Words and their positions only: no pair, key, spelling key or facet.
        const [row] =
          await t.raw(`select p.phrase_tsv::text as p from search_phrases p join search_entries e using (id)
                                    where e.title = 'Prisoners transferred to Gohardasht at night'`);
        expect(String(row?.p)).toContain("'gohardasht':4");
        expect(String(row?.p)).not.toMatch(/'[>~@#]/);
        await event('Later transferred to Gohardasht too');
        const [counts] = await t.raw(`select (select count(*) from search_entries) as entries,
                                             (select count(*) from search_phrases) as phrases`);
        expect(counts?.phrases).toBe(counts?.entries);
        expect((await phrase(ctx)).sort()).toEqual([
          'Later transferred to Gohardasht too',
          'Prisoners transferred to Gohardasht at night',
        ]);
      } finally {
        await store.close();
      }
    } finally {
      await t.cleanup();
    }
  });
});

describe.each(DIALECTS)('opening a store that needs an upgrade (%s)', (dialect) => {
  it('names the migrations about to run on an existing store, and nothing on a new one', async () => {
    const t = await createTestStore(dialect);
    const where = t.where;
    const options =
      dialect === 'postgres'
        ? ({ kind: 'postgres', url: TEST_DATABASE_URL, schema: where } as const)
        : ({ kind: 'sqlite', path: where } as const);
    const told: string[][] = [];
    const open = async () => (await openStore(options, { onUpgrade: (m) => told.push(m) })).close();
    try {
      await open();
      expect(told).toEqual([]);
      await t.raw(`delete from kysely_migration where name >= '0026-search-pairs'`);
      await open();
      expect(told).toEqual([['0026-search-pairs', '0027-search-window', '0028-search-phrase-positions']]);
      await open();
      expect(told).toHaveLength(1);
    } finally {
      await t.cleanup();
    }
    // A new store: every migration runs, and none is an upgrade.
    const dir = mkdtempSync(join(tmpdir(), 'dossier-new-'));
    const schema = `m_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
    const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
    try {
      if (dialect === 'postgres') {
        await admin.connect();
        await admin.query(`create schema ${schema}`);
      }
      const fresh = await openStore(
        dialect === 'postgres'
          ? { kind: 'postgres', url: TEST_DATABASE_URL, schema }
          : { kind: 'sqlite', path: join(dir, 'new.sqlite') },
        { onUpgrade: (m) => told.push(m) },
      );
      await fresh.close();
      expect(told).toHaveLength(1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
      if (dialect === 'postgres') {
        await admin.query(`drop schema if exists ${schema} cascade`);
        await admin.end();
      }
    }
  });
});
