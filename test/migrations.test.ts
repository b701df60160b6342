import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../src/storage/index.js';
import { TEST_DATABASE_URL } from './stores.js';

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
