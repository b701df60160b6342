import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { createServiceContext, type ServiceContext } from '../src/services/context.js';
import { openStore, type Store } from '../src/storage/index.js';

export const DIALECTS = ['sqlite', 'postgres'] as const;
export type DialectName = (typeof DIALECTS)[number];

/** PostgreSQL for tests; a missing server fails the run instead of skipping it. */
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface TestStore {
  store: Store;
  ctx: ServiceContext;
  /** Path of the SQLite file, or the PostgreSQL schema name. */
  where: string;
  /** Runs raw SQL behind the application's back (tampering tests). */
  raw(sql: string, params?: unknown[]): Promise<Array<Record<string, unknown>>>;
  cleanup(): Promise<void>;
}

/** A fresh, empty store of the given dialect: a temporary SQLite file, or a new PostgreSQL schema. */
export async function createTestStore(dialect: DialectName): Promise<TestStore> {
  const key = randomBytes(32);
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'dossier-test-'));
    const path = join(dir, 'dossier.sqlite');
    const store = await openStore({ kind: 'sqlite', path });
    const blobDir = join(dir, 'blobs');
    const { default: Database } = await import('better-sqlite3');
    return {
      store,
      ctx: createServiceContext(store, key, { blobDir }),
      where: path,
      raw: async (sql, params = []) => {
        const db = new Database(path);
        try {
          const statement = db.prepare(sql);
          return statement.reader
            ? (statement.all(...params) as Array<Record<string, unknown>>)
            : (statement.run(...params), []);
        } finally {
          db.close();
        }
      },
      cleanup: async () => {
        await store.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const schema = `t_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
  const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  const store = await openStore({ kind: 'postgres', url: TEST_DATABASE_URL, schema });
  const blobDir = mkdtempSync(join(tmpdir(), 'dossier-test-blobs-'));
  return {
    store,
    ctx: createServiceContext(store, key, { blobDir }),
    where: schema,
    raw: async (sql, params = []) => {
      let index = 0;
      const text = sql.replace(/\?/g, () => `$${++index}`);
      await admin.query(`set search_path to ${schema}`);
      return (await admin.query(text, params)).rows as Array<Record<string, unknown>>;
    },
    cleanup: async () => {
      await store.close();
      await admin.query(`drop schema ${schema} cascade`);
      await admin.end();
      rmSync(blobDir, { recursive: true, force: true });
    },
  };
}
