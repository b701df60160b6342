import type { Kysely } from 'kysely';

/* Frozen once released: add a new migration instead of editing this one. */

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run before the typed schema exists
type Db = Kysely<any>;

/**
 * Signed tree heads (checkpoint v2, src/storage/checkpoint.ts): the root of the Merkle tree over the ledger's
 * entries beside the chain's head. The tree's leaves are the hashes the entries already have, so nothing in
 * `audit_log` changes and every entry written before stays verifiable; v1 rows keep a null root.
 */
export async function up(db: Db): Promise<void> {
  await db.schema.alterTable('ledger_checkpoints').addColumn('root', 'text').execute();
}

export async function down(db: Db): Promise<void> {
  await db.schema.alterTable('ledger_checkpoints').dropColumn('root').execute();
}
