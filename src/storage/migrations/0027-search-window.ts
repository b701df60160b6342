import { sql, type Kysely } from 'kysely';

/* Frozen once released: add a new migration instead of editing this one. */

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run before the typed schema exists
type Db = Kysely<any>;

/**
 * A tier's window on PostgreSQL without reading the whole tier (src/search/postgres-index.ts).
 * `search_groups` (migration 0025) grouped every entry of a tier to keep its first `n` groups, so that a name
 * found as spelled in 20,000 documents cost a pass over 20,000 rows before the count of the whole match,
 * which is a second such pass. `search_window` takes every record (they are few) but stops reading document
 * parts at `4 n` rows per scan: the window is then the first groups the scan met, not the first by id —
 * which of a tier's documents get ranked was arbitrary before too. It says how many groups the tier holds
 * only when it read the tier whole (`groups` is null otherwise, and the caller counts the whole match); a
 * tier that filled its limit with fewer than `n` groups (documents of many parts) is read whole. `records`
 * and `documents` are the kind facets (any kind but `document`, and `document`) ANDed to each scan.
 * Functions only: instant on any store. SQLite has nothing to do.
 */
/**
 * The entries of one scan: matching `match` (a tsquery expression of the function's arguments), within the
 * dates, not of an excluded group; `when` a condition decided once, before the scan.
 */
function scan(match: string, when = 'true'): string {
  return `select e.id, e.group_key from search_entries e
           where ${when} and e.tsv @@ (${match})
             and (date_from is null or e.date_end >= date_from)
             and (date_to is null or e.date_start <= date_to)
             and e.group_key <> all(exclude)`;
}

export async function up(db: Db): Promise<void> {
  const { rows } = await sql<{ t: unknown }>`select (1 = 1) as t`.execute(db);
  if (typeof rows[0]?.t !== 'boolean') return;
  const rest = 'q_rest is not null';
  const readWhole = '(select partial and seen < n from cut)';
  // The body is built from the fixed texts above only: no value reaches it.
  const body = `
        with r as (
          ${scan('q && records')}
          union all
          ${scan('q_rest && records', rest)}
        ), dq as materialized (
          ${scan('q && documents')}
           limit 4 * n
        ), dr as materialized (
          ${scan('q_rest && documents', rest)}
           limit 4 * n
        ), cut as materialized (
          select (select count(*) from dq) >= 4 * n or (select count(*) from dr) >= 4 * n as partial,
                 (select count(distinct u.group_key)
                    from (select group_key from dq union all select group_key from dr) u) as seen
        ), whole as (
          -- Read whole: a limit reached with fewer than n groups (documents of many parts).
          ${scan('q && documents', readWhole)}
          union all
          ${scan('q_rest && documents', `${readWhole} and ${rest}`)}
        ), m as (
          select r.id, r.group_key, 1 as entity from r
          union all
          select d.id, d.group_key, 0 from (select * from dq union all select * from dr) d
           where not ${readWhole}
          union all
          select w.id, w.group_key, 0 from whole w
        ), g as (
          -- Hashed, not sorted: each group's best entry is a record before a document, then the least id.
          select m.group_key, max(m.entity) as entity,
                 coalesce(min(m.id) filter (where m.entity = 1), min(m.id)) as id
            from m group by m.group_key
        )
        select g.id, g.group_key, g.entity,
               case when (select partial and seen >= n from cut) then null else (select count(*) from g) end
          from g
         order by g.entity desc, g.id limit n`;
  await sql`
    create or replace function search_window(
        q tsquery, q_rest tsquery, records tsquery, documents tsquery,
        date_from text, date_to text, n integer, exclude text[])
      returns table (id text, group_key text, entity integer, groups bigint)
      language sql stable set enable_seqscan = off set jit = off set max_parallel_workers_per_gather = 0 set enable_sort = off
      as $$${sql.raw(body)}$$`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('irreversible; restore a backup instead');
}
