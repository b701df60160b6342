import { sql, type Kysely } from 'kysely';
import { rebuildPostgresIndex, rebuildSqliteIndex } from '../../search/rebuild.js';

/* Frozen once released: add a new migration instead of editing this one. */

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run before the typed schema exists
type Db = Kysely<any>;

/**
 * Search on PostgreSQL as fast as on SQLite, and typos in Persian script (src/search/spelling.ts).
 *
 * PostgreSQL: the policy scope, kind and language become terms of each tsvector (src/search/facets.ts), so
 * the GIN index answers them with the words. `search_entries` keeps its long values (the text, the
 * tsvector) out of line (`toast_tuple_target` 512 bytes: ids stay in the row, a document's text does not), so
 * the rows a search reads to group and count its matches are a few hundred bytes and the table's pages fit in
 * memory; tsvectors are compressed with lz4 where the server has it, which reads back several times faster
 * than pglz when a page is ranked or a phrase checked. Two functions run the searches' index scans with
 * plans through the GIN index. Two functions run the searches' index scans with
 * plans through the GIN index. Every tsvector is written again, which also moves
 * the long values out of line.
 *
 * Both: every entry is indexed again, for the new similar keys of Persian-script words.
 */
export async function up(db: Db): Promise<void> {
  const { rows } = await sql<{ t: unknown }>`select (1 = 1) as t`.execute(db);
  if (typeof rows[0]?.t !== 'boolean') {
    await rebuildSqliteIndex(db);
    return;
  }
  await sql`alter table search_entries set (toast_tuple_target = 512)`.execute(db);
  const { rows: lz4 } = await sql<{ available: boolean }>`
    select 'lz4' = any(enumvals) as available from pg_settings where name = 'default_toast_compression'`.execute(
    db,
  );
  if (lz4[0]?.available)
    await sql`alter table search_entries alter column tsv set compression lz4`.execute(db);
  // The planner does not know what `@@` costs on a stored tsvector (read from TOAST and decompressed): for a
  // query of many words and keys it would match every row's tsvector rather than use the GIN index, a
  // hundred times slower. Searches go through these functions, whose statements are planned with
  // sequential scans (and JIT compilation) off — for them alone, without a transaction around each search.
  await sql`
    create or replace function search_matching(q tsquery, date_from text, date_to text)
      returns table (id text, group_key text, kind text)
      language sql stable set enable_seqscan = off set jit = off
      as $$
        select e.id, e.group_key, e.kind from search_entries e
         where e.tsv @@ q
           and (date_from is null or e.date_end >= date_from)
           and (date_to is null or e.date_start <= date_to)
      $$`.execute(db);
  await sql`
    create or replace function search_entity_names(q tsquery, weights float4[], n integer)
      returns table (names text)
      language sql stable set enable_seqscan = off set jit = off
      as $$
        select e.names from search_entries e where e.tsv @@ q
         order by ts_rank(weights, e.tsv, q) desc, e.id limit n
      $$`.execute(db);
  await rebuildPostgresIndex(db);
}

export async function down(): Promise<void> {
  throw new Error('irreversible; restore a backup instead');
}
