import type { Kysely } from 'kysely';

/* Frozen once released: add a new migration instead of editing this one. */

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run before the typed schema exists
type Db = Kysely<any>;

/**
 * A case's settings, one row per case that has any (no row: every setting at its default). The first is
 * `publish_suspects`: whether a public case gives the people it names as alleged perpetrators public pages of
 * allegations (off by default). Kept apart from `cases` so that the audited digest of every existing case row
 * stays what the ledger recorded.
 */
export async function up(db: Db): Promise<void> {
  await db.schema
    .createTable('case_settings')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('case_id', 'text', (c) => c.notNull().unique().references('cases.id').onDelete('cascade'))
    .addColumn('publish_suspects', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(): Promise<void> {
  throw new Error('irreversible; restore a backup instead');
}
