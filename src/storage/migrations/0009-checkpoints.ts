import type { Kysely } from 'kysely';

/* Frozen once released: add a new migration instead of editing this one. */

/**
 * Signed checkpoints of the ledger's head (src/storage/checkpoint.ts). Not audited: a checkpoint vouches for
 * the ledger, not the other way round. The same lines go to a file outside the database, which is the anchor
 * an insider rewriting the database cannot reach as easily.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run before the typed schema exists
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('ledger_checkpoints')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('version', 'text', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('key_id', 'text', (c) => c.notNull())
    .addColumn('signature', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('ledger_checkpoints_seq').on('ledger_checkpoints').column('seq').execute();
}
