import { sql, type Kysely } from 'kysely';
import { rebuildPostgresIndex, rebuildSqliteIndex } from '../../search/rebuild.js';

/* Frozen once released: add a new migration instead of editing this one. */

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run before the typed schema exists
type Db = Kysely<any>;

/**
 * Spelling-tolerant search (src/search/spelling.ts): every word is indexed with spelling keys (another
 * romanization, the other script) and name-like words with similar keys (skeletons across scripts, typos);
 * apostrophes join a word's parts (Ra'isi). SQLite's FTS5 table gets two columns, `spelling` and `similar`,
 * so it is made again (contentless, secure-delete) and every entry of `search_entries` indexed again;
 * PostgreSQL recomputes every tsvector. No stale term of the former analyser stays in either index.
 */
export async function up(db: Db): Promise<void> {
  const { rows } = await sql<{ t: unknown }>`select (1 = 1) as t`.execute(db);
  if (typeof rows[0]?.t === 'boolean') {
    await rebuildPostgresIndex(db);
    return;
  }
  await sql`drop table if exists search_fts`.execute(db);
  await sql`create virtual table search_fts using fts5(
    title, names, body, keys, joins, facets, spelling, similar,
    content = '',
    tokenize = "unicode61 remove_diacritics 2 categories 'L* N* M*'"
  )`.execute(db);
  await sql`insert into search_fts (search_fts, rank) values ('secure-delete', 1)`.execute(db);
  await rebuildSqliteIndex(db);
}

export async function down(): Promise<void> {
  throw new Error('irreversible; restore a backup instead');
}
