import { sql, type Kysely } from 'kysely';

/* Frozen once released: add a new migration instead of editing this one. */

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run before the typed schema exists
type Db = Kysely<any>;

/**
 * Search on PostgreSQL tier by tier (src/search/postgres-index.ts): two functions that answer a match (`q`,
 * and `q_rest`, a disjoint second scan for the part of a query that needs its phrases checked) inside the
 * server, planned like `search_matching` (migration 0024) with sequential scans and JIT off (and parallel
 * workers and sorts, which a search of a few thousand rows pays for in start-up and text comparisons), returning
 * only what the search keeps — the first `n` groups in rank order (records before documents, then by id) and
 * the number of groups, or the number alone — instead of every matching row. Functions only: nothing is
 * rewritten, so the migration is instant on any store. SQLite has nothing to do.
 */
export async function up(db: Db): Promise<void> {
  const { rows } = await sql<{ t: unknown }>`select (1 = 1) as t`.execute(db);
  if (typeof rows[0]?.t !== 'boolean') return;
  await sql`
    create or replace function search_groups(
        q tsquery, q_rest tsquery, date_from text, date_to text, n integer, exclude text[])
      returns table (id text, group_key text, entity integer, groups bigint)
      language sql stable set enable_seqscan = off set jit = off set max_parallel_workers_per_gather = 0 set enable_sort = off
      as $$
        with m as (
          select e.id, e.group_key, e.kind from search_entries e
           where e.tsv @@ q
             and (date_from is null or e.date_end >= date_from)
             and (date_to is null or e.date_start <= date_to)
          union all
          select e.id, e.group_key, e.kind from search_entries e
           where q_rest is not null and e.tsv @@ q_rest
             and (date_from is null or e.date_end >= date_from)
             and (date_to is null or e.date_start <= date_to)
        ), g as (
          -- Hashed, not sorted: each group's best entry is a record before a document, then the least id.
          select m.group_key, max(m.entity) as entity,
                 coalesce(min(m.id) filter (where m.entity = 1), min(m.id)) as id
            from (select id, group_key, (kind <> 'document')::int as entity from m) m
           where m.group_key <> all(exclude)
           group by m.group_key
        )
        select g.id, g.group_key, g.entity, (select count(*) from g) as groups from g
         order by g.entity desc, g.id limit n
      $$`.execute(db);
  await sql`
    create or replace function search_count(q tsquery, q_rest tsquery, date_from text, date_to text)
      returns bigint
      language sql stable set enable_seqscan = off set jit = off set max_parallel_workers_per_gather = 0 set enable_sort = off
      as $$
        select count(*) from (
          select m.group_key from (
          select e.group_key from search_entries e
           where e.tsv @@ q
             and (date_from is null or e.date_end >= date_from)
             and (date_to is null or e.date_start <= date_to)
          union all
          select e.group_key from search_entries e
           where q_rest is not null and e.tsv @@ q_rest
             and (date_from is null or e.date_end >= date_from)
             and (date_to is null or e.date_start <= date_to)
        ) m group by m.group_key
      ) g
      $$`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('irreversible; restore a backup instead');
}
