import type { Kysely } from 'kysely';

/* Frozen once released: add a new migration instead of editing this one. */

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run before the typed schema exists
export async function up(db: Kysely<any>): Promise<void> {
  // What relatives send through the public memorial. No column for an address or a browser: none is kept.
  await db.schema
    .createTable('submissions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
    .addColumn('sensitivity', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('person_id', 'text')
    .addColumn('message', 'text', (c) => c.notNull())
    .addColumn('submitter_name', 'text')
    .addColumn('relationship', 'text')
    .addColumn('contact', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('review_note', 'text')
    .execute();
  await db.schema.createIndex('submissions_case').on('submissions').columns(['case_id', 'status']).execute();
}

export async function down(): Promise<void> {
  throw new Error('irreversible; restore a backup instead');
}
