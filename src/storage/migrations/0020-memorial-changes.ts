import type { Kysely } from 'kysely';

/* Frozen once released: add a new migration instead of editing this one. */

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run before the typed schema exists
type Db = Kysely<any>;

/**
 * Two pieces of bookkeeping. What changed in the memorial index, so that a server process can keep its copy of the index in memory
 * (services/memorial-memory.ts) current without reading it all again: one version number, raised by every
 * transaction that writes memorial entries, and the people each version touched (a null person: a whole case,
 * read everything again). And which one-time upgrades of the data have run (`data_upgrades`).
 */
export async function up(db: Db): Promise<void> {
  await db.schema
    .createTable('memorial_state')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('version', 'bigint', (c) => c.notNull())
    .execute();
  await db.insertInto('memorial_state').values({ id: 1, version: 0 }).execute();
  await db.schema
    .createTable('memorial_changes')
    .addColumn('version', 'bigint', (c) => c.notNull())
    .addColumn('person_id', 'text')
    .execute();
  await db.schema.createIndex('memorial_changes_version').on('memorial_changes').column('version').execute();
  // Upgrades of the data itself that run once, at the first start of a version that needs them (serve).
  await db.schema
    .createTable('data_upgrades')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('done_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(): Promise<void> {
  throw new Error('irreversible; restore a backup instead');
}
