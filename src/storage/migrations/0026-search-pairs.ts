import { sql, type Kysely } from 'kysely';
import { rebuildPostgresIndex } from '../../search/rebuild.js';

/* Frozen once released: add a new migration instead of editing this one. */

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run before the typed schema exists
type Db = Kysely<any>;

/**
 * Phrases on PostgreSQL from the GIN index (src/search/postgres-index.ts): every tsvector is written again
 * with a term for each two neighbouring words, which searches for a phrase now ask for. A store indexed
 * before would find none of its phrases until then. The rewrite reads, analyses and writes every entry
 * once: 85 s on a store of 10,000 documents (bench/search.ts's corpus, 2 cores); at that rate some 15 minutes
 * on 100,000 (not measured). Dropping the GIN index and building it again at the end was no faster (74 s, the
 * build alone 35 s). SQLite's FTS5 index holds positions itself: nothing to do.
 */
export async function up(db: Db): Promise<void> {
  const { rows } = await sql<{ t: unknown }>`select (1 = 1) as t`.execute(db);
  if (typeof rows[0]?.t !== 'boolean') return;
  await rebuildPostgresIndex(db);
}

export async function down(): Promise<void> {
  throw new Error('irreversible; restore a backup instead');
}
