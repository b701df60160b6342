import type { Kysely } from 'kysely';

/* Frozen once released: add a new migration instead of editing this one. */

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run before the typed schema exists
type Db = Kysely<any>;

/**
 * What the import of a list inferred for its columns (order of day and month, calendar, event year) and the
 * options it was given, so that a corrected cell is read again as its column was. It holds no cell value. A
 * table of its own rather than a column of `victim_lists`: a new column would change the digest of every
 * audited list row already in the ledger.
 */
export async function up(db: Db): Promise<void> {
  await db.schema
    .createTable('list_import_reports')
    .addColumn('list_id', 'text', (c) => c.primaryKey())
    .addColumn('case_id', 'text', (c) => c.notNull())
    .addColumn('report', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Db): Promise<void> {
  await db.schema.dropTable('list_import_reports').execute();
}
