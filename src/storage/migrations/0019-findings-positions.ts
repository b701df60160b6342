import type { Kysely } from 'kysely';

/* Frozen once released: add a new migration instead of editing this one. */

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run before the typed schema exists
type Db = Kysely<any>;

function recordTable(db: Db, name: string) {
  return db.schema
    .createTable(name)
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
    .addColumn('sensitivity', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull());
}

/**
 * Findings (conclusions at a standard of proof, reviewed by a second member, every version kept in the row)
 * and positions held over time. Both are case records: audited, labelled, exported like the others.
 */
export async function up(db: Db): Promise<void> {
  await recordTable(db, 'findings')
    .addColumn('statement', 'text', (c) => c.notNull())
    .addColumn('subjects', 'text', (c) => c.notNull())
    .addColumn('standard', 'text', (c) => c.notNull())
    .addColumn('evidence', 'text', (c) => c.notNull())
    .addColumn('elements', 'text', (c) => c.notNull())
    .addColumn('notes', 'text', (c) => c.notNull())
    .addColumn('author', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('reviews', 'text', (c) => c.notNull())
    .addColumn('history', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('findings_case').on('findings').columns(['case_id', 'sensitivity']).execute();
  await recordTable(db, 'positions')
    .addColumn('person_id', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('title_fa', 'text')
    .addColumn('organization_id', 'text')
    .addColumn('place_id', 'text')
    .addColumn('start_date', 'text')
    .addColumn('end_date', 'text')
    .addColumn('claim_ids', 'text', (c) => c.notNull())
    .addColumn('notes', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('positions_case').on('positions').columns(['case_id', 'sensitivity']).execute();
  await db.schema.createIndex('positions_person').on('positions').column('person_id').execute();
}

export async function down(db: Db): Promise<void> {
  await db.schema.dropTable('positions').execute();
  await db.schema.dropTable('findings').execute();
}
