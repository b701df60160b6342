import type { Kysely } from 'kysely';

/* Frozen once released: add a new migration instead of editing this one. */

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run before the typed schema exists
type Db = Kysely<any>;

/**
 * Link runs (services/link-runs.ts), kept so that a run's state, settings and report outlive the process that ran
 * it: a run still `running` when its process stopped is shown as failed (interrupted) afterwards. Bookkeeping of
 * the registry's linkage, not evidence: not audited (the clusters and review pairs a run writes are).
 */
export async function up(db: Db): Promise<void> {
  await db.schema
    .createTable('link_runs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('stage', 'text', (c) => c.notNull())
    .addColumn('done', 'bigint', (c) => c.notNull())
    .addColumn('total', 'bigint', (c) => c.notNull())
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text')
    // The process that runs it (random per process): another process's running run is not this one's to end.
    .addColumn('owner', 'text', (c) => c.notNull())
    // JSON: threshold, dry run, seed, settings as asked.
    .addColumn('options', 'text', (c) => c.notNull())
    // JSON: the report (settings included) once done; the error (code, message, fields) once failed.
    .addColumn('report', 'text')
    .addColumn('error', 'text')
    .execute();
  await db.schema.createIndex('link_runs_case').on('link_runs').columns(['case_id', 'started_at']).execute();
}

export async function down(): Promise<void> {
  throw new Error('irreversible; restore a backup instead');
}
