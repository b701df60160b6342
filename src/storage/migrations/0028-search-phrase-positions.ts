import { sql, type Kysely } from 'kysely';

/* Frozen once released: add a new migration instead of editing this one. */

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run before the typed schema exists
type Db = Kysely<any>;

/**
 * Phrases of three words or more on PostgreSQL without reading the tsvector (src/search/postgres-index.ts).
 * The GIN index finds an entry holding each pair of a phrase's words, but only the words' positions say
 * whether they stand in a row, and PostgreSQL checked them by reading the entry's whole tsvector — words,
 * pairs, keys and facets, some 10 KB, from TOAST — for every candidate: thousands per stock phrase.
 *
 * `search_phrases` holds each entry's words with their positions only (what a phrase asks for), kept in the
 * row (storage `main`, compressed with lz4 where the server has it), so a candidate is checked without a
 * TOAST read. A table of its own, not a column: `search_entries` rows stay narrow (migration 0024), and filling
 * a column would rewrite every row and its GIN entries (more than 12 minutes on 100,000 documents before it
 * was stopped). A trigger derives it from `tsv` on every write, so no writer can let the two disagree; it is
 * filled here from the stored tsvectors, in one statement, without analysing any text again.
 *
 * The search functions (migrations 0025 and 0027) take the part of a query that needs positions as a list of
 * scans instead of one tsquery: each scan is a tsquery the GIN index answers alone on `tsv` and the phrases
 * it needs in a row (or not) checked in `search_phrases`. SQLite's FTS5 index holds positions itself: nothing to do.
 * Every statement may run again on a store it already upgraded (a restore of the migrations' table).
 */

/** The tsvector without the terms that have no positions (pairs, spelling keys, facets) and without keys (`#`). */
const PHRASE_TERMS = `ts_delete(t, array(select u.lexeme from unnest(t) u
                                       where u.positions is null or left(u.lexeme, 1) = '#'))`;

const DATES = `(date_from is null or e.date_end >= date_from)
             and (date_to is null or e.date_start <= date_to)`;

/**
 * The entries matching `q` and those of the scans of `q_rest` (each checking `q_pos`, its phrases'
 * positions, when it has any), within the dates and outside the excluded groups; `kinds` a tsquery ANDed to
 * every scan, `when` a condition decided once, before them.
 */
function scans(
  kinds: string,
  { when = 'true', rows = '', exclude = true }: { when?: string; rows?: string; exclude?: boolean } = {},
): { q: string; rest: string } {
  const kindsAnd = kinds ? ` && ${kinds}` : '';
  const outside = exclude ? 'and e.group_key <> all(exclude)' : '';
  return {
    q: `select e.id, e.group_key, e.kind from search_entries e
         where ${when} and q is not null and e.tsv @@ (q${kindsAnd})
           and ${DATES} ${outside} ${rows}`,
    rest: `select e.id, e.group_key, e.kind
             from unnest(q_rest, q_pos) r(terms, positions)
             cross join lateral (
               select e.id, e.group_key, e.kind from search_entries e
                where ${when} and e.tsv @@ (r.terms${kindsAnd})
                  and (r.positions is null
                       or (select p.phrase_tsv @@ r.positions from search_phrases p where p.id = e.id))
                  and ${DATES} ${outside}) e ${rows}`,
  };
}

/** Each group of the matches `m` (id, group_key, entity) once, with its best entry: hashed, not sorted. */
const GROUPS = `g as (
          -- A group's best entry is a record before a document, then the least id.
          select m.group_key, max(m.entity) as entity,
                 coalesce(min(m.id) filter (where m.entity = 1), min(m.id)) as id
            from m group by m.group_key
        )`;

const SETTINGS =
  'set enable_seqscan = off set jit = off set max_parallel_workers_per_gather = 0 set enable_sort = off';

export async function up(db: Db): Promise<void> {
  const { rows } = await sql<{ t: unknown }>`select (1 = 1) as t`.execute(db);
  if (typeof rows[0]?.t !== 'boolean') return;
  await sql`
    create or replace function search_phrase_terms(t tsvector) returns tsvector
      language sql immutable parallel safe
      as $$select ${sql.raw(PHRASE_TERMS)}$$`.execute(db);
  await sql`
    create table if not exists search_phrases (
      id text primary key references search_entries (id) on delete cascade,
      phrase_tsv tsvector not null)`.execute(db);
  await sql`alter table search_phrases alter column phrase_tsv set storage main`.execute(db);
  const { rows: lz4 } = await sql<{ available: boolean }>`
    select 'lz4' = any(enumvals) as available from pg_settings where name = 'default_toast_compression'`.execute(
    db,
  );
  if (lz4[0]?.available)
    await sql`alter table search_phrases alter column phrase_tsv set compression lz4`.execute(db);
  await sql`
    insert into search_phrases (id, phrase_tsv)
      select id, search_phrase_terms(tsv) from search_entries
      on conflict (id) do update set phrase_tsv = excluded.phrase_tsv`.execute(db);
  await sql`
    create or replace function search_phrases_write() returns trigger language plpgsql as $$
      begin
        insert into search_phrases (id, phrase_tsv) values (new.id, search_phrase_terms(new.tsv))
          on conflict (id) do update set phrase_tsv = excluded.phrase_tsv;
        return null;
      end
    $$`.execute(db);
  await sql`
    create or replace trigger search_phrases_write after insert or update of tsv on search_entries
      for each row execute function search_phrases_write()`.execute(db);

  await sql`drop function if exists search_groups(tsquery, tsquery, text, text, integer, text[])`.execute(db);
  await sql`drop function if exists search_count(tsquery, tsquery, text, text)`.execute(db);
  await sql`drop function if exists search_window(tsquery, tsquery, tsquery, tsquery, text, text, integer, text[])`.execute(
    db,
  );

  // search_groups (0025): the first n groups, records before documents, and the number of groups.
  const all = scans('');
  await sql`
    create or replace function search_groups(
        q tsquery, q_rest tsquery[], q_pos tsquery[], date_from text, date_to text, n integer, exclude text[])
      returns table (id text, group_key text, entity integer, groups bigint)
      language sql stable ${sql.raw(SETTINGS)}
      as $$
        with found as (
          ${sql.raw(all.q)}
          union all
          ${sql.raw(all.rest)}
        ), m as (
          select f.id, f.group_key, (f.kind <> 'document')::int as entity from found f
        ), ${sql.raw(GROUPS)}
        select g.id, g.group_key, g.entity, (select count(*) from g) as groups from g
         order by g.entity desc, g.id limit n
      $$`.execute(db);

  // search_count (0025): the number of groups alone.
  const counted = scans('', { exclude: false });
  await sql`
    create or replace function search_count(q tsquery, q_rest tsquery[], q_pos tsquery[], date_from text, date_to text)
      returns bigint
      language sql stable ${sql.raw(SETTINGS)}
      as $$
        select count(*) from (
          select m.group_key from (
            ${sql.raw(counted.q)}
            union all
            ${sql.raw(counted.rest)}
          ) m group by m.group_key
        ) g
      $$`.execute(db);

  // search_window (0027): every record, document parts up to 4 n rows per scan unless that holds fewer than
  // n groups.
  const records = scans('records');
  const limited = scans('documents', { rows: 'limit 4 * n' });
  const readWhole = '(select partial and seen < n from cut)';
  const whole = scans('documents', { when: readWhole });
  await sql`
    create or replace function search_window(
        q tsquery, q_rest tsquery[], q_pos tsquery[], records tsquery, documents tsquery,
        date_from text, date_to text, n integer, exclude text[])
      returns table (id text, group_key text, entity integer, groups bigint)
      language sql stable ${sql.raw(SETTINGS)}
      as $$
        with r as (
          ${sql.raw(records.q)}
          union all
          ${sql.raw(records.rest)}
        ), dq as materialized (
          ${sql.raw(limited.q)}
        ), dr as materialized (
          ${sql.raw(limited.rest)}
        ), cut as materialized (
          select (select count(*) from dq) >= 4 * n or (select count(*) from dr) >= 4 * n as partial,
                 (select count(distinct u.group_key)
                    from (select group_key from dq union all select group_key from dr) u) as seen
        ), whole as (
          -- Read whole: a limit reached with fewer than n groups (documents of many parts).
          ${sql.raw(whole.q)}
          union all
          ${sql.raw(whole.rest)}
        ), m as (
          select r.id, r.group_key, 1 as entity from r
          union all
          select d.id, d.group_key, 0 from (select id, group_key from dq union all select id, group_key from dr) d
           where not ${sql.raw(readWhole)}
          union all
          select w.id, w.group_key, 0 from whole w
        ), ${sql.raw(GROUPS)}
        select g.id, g.group_key, g.entity,
               case when (select partial and seen >= n from cut) then null else (select count(*) from g) end
          from g
         order by g.entity desc, g.id limit n
      $$`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('irreversible; restore a backup instead');
}
