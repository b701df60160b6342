import type { Kysely } from 'kysely';

/* Frozen once released: add a new migration instead of editing this one. */

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run before the typed schema exists
export async function up(db: Kysely<any>): Promise<void> {
  // Pairs of list rows the linkage was unsure about, with its explanation, awaiting (or holding) a person's decision.
  await db.schema
    .createTable('link_pairs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
    .addColumn('sensitivity', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('left_id', 'text', (c) => c.notNull().references('list_records.id'))
    .addColumn('right_id', 'text', (c) => c.notNull().references('list_records.id'))
    .addColumn('probability_ppm', 'integer', (c) => c.notNull())
    .addColumn('explanation', 'text', (c) => c.notNull())
    .addColumn('decision', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .execute();
  await db.schema
    .createIndex('link_pairs_rows')
    .on('link_pairs')
    .columns(['case_id', 'left_id', 'right_id'])
    .unique()
    .execute();
}

export async function down(): Promise<void> {
  throw new Error('irreversible; restore a backup instead');
}
