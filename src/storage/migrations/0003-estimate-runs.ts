import type { Kysely } from 'kysely';

/* Frozen once released: add a new migration instead of editing this one. */

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run before the typed schema exists
export async function up(db: Kysely<any>): Promise<void> {
  // Every estimate, with what it was computed from and how, so that it can be reproduced and cited.
  await db.schema
    .createTable('estimate_runs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
    .addColumn('sensitivity', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('method', 'text', (c) => c.notNull())
    .addColumn('input', 'text', (c) => c.notNull())
    .addColumn('parameters', 'text', (c) => c.notNull())
    .addColumn('software_version', 'text', (c) => c.notNull())
    .addColumn('result', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('estimate_runs_case')
    .on('estimate_runs')
    .columns(['case_id', 'created_at'])
    .execute();
}

export async function down(): Promise<void> {
  throw new Error('irreversible; restore a backup instead');
}
