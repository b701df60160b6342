import type { Kysely } from 'kysely';

/* Frozen once released: add a new migration instead of editing this one. */

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run before the typed schema exists
export async function up(db: Kysely<any>): Promise<void> {
  // One imported victim list: where it comes from and how its columns were read.
  await db.schema
    .createTable('victim_lists')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
    .addColumn('sensitivity', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('origin', 'text')
    .addColumn('published', 'text')
    .addColumn('reliability', 'text', (c) => c.notNull())
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('file_sha256', 'text', (c) => c.notNull())
    .addColumn('id_column', 'text', (c) => c.notNull())
    .addColumn('mapping', 'text', (c) => c.notNull())
    .addColumn('row_count', 'integer', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('victim_lists_name')
    .on('victim_lists')
    .columns(['case_id', 'name'])
    .unique()
    .execute();
  // One row of a list: its raw cells untouched, the normalised fields, and the registry cluster it joined.
  await db.schema
    .createTable('list_records')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
    .addColumn('sensitivity', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('list_id', 'text', (c) => c.notNull().references('victim_lists.id'))
    .addColumn('record_key', 'text', (c) => c.notNull())
    .addColumn('row_number', 'integer', (c) => c.notNull())
    .addColumn('raw', 'text', (c) => c.notNull())
    .addColumn('fields', 'text', (c) => c.notNull())
    .addColumn('cluster', 'text')
    .execute();
  await db.schema
    .createIndex('list_records_key')
    .on('list_records')
    .columns(['list_id', 'record_key'])
    .unique()
    .execute();
  await db.schema
    .createIndex('list_records_case')
    .on('list_records')
    .columns(['case_id', 'cluster'])
    .execute();
}

export async function down(): Promise<void> {
  throw new Error('irreversible; restore a backup instead');
}
