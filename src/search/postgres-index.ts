/**
 * The PostgreSQL backend: a tsvector column with a GIN index, ranked by ts_rank, plus pg_trgm for misspelt
 * names. The tsvector is written from the application's own analysis (src/search/analyse.ts) as a literal —
 * what the `simple` configuration would give, but split exactly as SQLite splits — with weights per field
 * (A title, B names, C keys, D body) and compounds' joined forms at the position of their first part, and
 * the tsquery is built the same way, so user input never reaches to_tsquery's parser. The policy and the
 * filters are WHERE conditions of the same statement that ranks and counts.
 */
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from '../storage/index.js';
import type { SearchEntriesTable } from '../storage/schema.js';
import type { AnalysedText } from './analyse.js';
import { prepareEntry, type PreparedEntry } from './entry-row.js';
import {
  createSearchIndex,
  ENTITY_LOOKUP_LIMIT,
  type MatchFilters,
  type SearchBackend,
  type StoredMatch,
} from './engine.js';
import type { MatchNode } from './plan.js';
import { rebuildPostgresIndex } from './rebuild.js';
import { type SearchIndex, type SearchKind, type SearchScope } from './types.js';

type Db = Kysely<Database>;

/** ts_rank weights of D (body), C (keys), B (names), A (title). */
const WEIGHTS = '{0.1, 0.2, 0.6, 1.0}';
/**
 * Keys are stored as `#key`: no word has a `#` (words are letters, digits and marks), so a word never meets
 * a key without weight labels in the tsquery — labels would make the GIN index send every match back to
 * the heap for a recheck, decompressing each document's tsvector once more than ranking does.
 */
const KEY_MARK = '#';
/** Spelling and similar keys (src/search/spelling.ts) are stored as `~key`, without positions. */
const SPELLING_MARK = '~';
/** PostgreSQL keeps at most 256 positions of a lexeme. */
const MAX_POSITIONS = 256;
/** Entries ranked by ts_rank per query, in blocks: a page is ranked within the blocks up to its end. */
const RANK_WINDOW = 100;
/** Rows per statement, below PostgreSQL's 65,535 bound parameters. */
const BATCH = 500;

function lexeme(term: string): string {
  return `'${term.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
}

/** The tsvector literal of an entry: each field's words at increasing positions, a gap between fields. */
export function tsvectorLiteral(prepared: PreparedEntry): string {
  const positions = new Map<string, string[]>();
  let position = 1;
  const put = (term: string, at: number, weight: string) => {
    const list = positions.get(term) ?? [];
    if (list.length < MAX_POSITIONS) list.push(`${Math.min(at, 16383)}${weight}`);
    positions.set(term, list);
  };
  const field = (text: AnalysedText, weight: string) => {
    const first = position;
    text.terms.forEach((t, i) => put(t, first + i, weight));
    text.joins.forEach((j) => put(j.term, first + j.at, weight));
    // A gap: a phrase never runs from one field (or name) into the next.
    position += text.terms.length + 1;
  };
  field(prepared.title, 'A');
  prepared.names.forEach((n) => field(n, 'B'));
  prepared.keys.forEach((k) => put(KEY_MARK + k, position++, 'C'));
  position++;
  field(prepared.body, '');
  const spelling = [...prepared.spelling, ...prepared.similar].map((k) => lexeme(SPELLING_MARK + k));
  return [...[...positions].map(([term, at]) => `${lexeme(term)}:${at.join(',')}`), ...spelling].join(' ');
}

/** The match tree as a tsquery literal; every term is quoted, so nothing in it is an operator. */
export function tsqueryLiteral(node: MatchNode): string {
  switch (node.op) {
    case 'and':
    case 'or':
      return `(${node.children.map(tsqueryLiteral).join(node.op === 'and' ? ' & ' : ' | ')})`;
    case 'text': {
      const last = node.terms.length - 1;
      return node.terms.map((t, i) => `${lexeme(t)}${node.prefix && i === last ? ':*' : ''}`).join(' <-> ');
    }
    case 'key':
      return `${lexeme(KEY_MARK + node.key)}${node.prefix ? ':*' : ''}`;
    case 'spelling':
    case 'similar':
      return `(${node.keys.map((k) => lexeme(SPELLING_MARK + k)).join(' | ')})`;
  }
}

function scopeCondition(scopes: SearchScope[]): RawBuilder<unknown> {
  return sql`(${sql.join(
    scopes.map((s) => sql`(case_id = ${s.caseId} and sensitivity in (${sql.join(s.labels)}))`),
    sql` or `,
  )})`;
}

function filterConditions(filters: MatchFilters): RawBuilder<unknown>[] {
  const out = [scopeCondition(filters.scopes)];
  if (filters.kinds) out.push(sql`kind in (${sql.join(filters.kinds)})`);
  if (filters.language) out.push(sql`language = ${filters.language}`);
  if (filters.dateFrom) out.push(sql`date_end >= ${filters.dateFrom}`);
  if (filters.dateTo) out.push(sql`date_start <= ${filters.dateTo}`);
  return out;
}

// The schema pg_trgm was installed in (migration 0007 puts it in `public` unless it already lived elsewhere);
// looked up once per connection pool, as the tests' search_path holds only their own schema.
const trigramSchemas = new WeakMap<object, Promise<string>>();

function trigramSchema(db: Db): Promise<string> {
  let found = trigramSchemas.get(db);
  if (!found) {
    found = sql<{ schema: string }>`
      select n.nspname as schema from pg_extension e join pg_namespace n on n.oid = e.extnamespace
       where e.extname = 'pg_trgm'`
      .execute(db)
      .then((r) => r.rows[0]?.schema ?? 'public');
    trigramSchemas.set(db, found);
  }
  return found;
}

const UPDATED_COLUMNS = [
  'groupKey',
  'caseId',
  'sensitivity',
  'kind',
  'recordId',
  'sourceId',
  'fileId',
  'part',
  'page',
  'partStart',
  'title',
  'fileName',
  'names',
  'language',
  'dateStart',
  'dateEnd',
  'foldedNames',
  'keys',
  'body',
  'tsv',
] as const;

/** The stored columns read back for hits (everything but the tsvector). */
const STORED_COLUMNS = UPDATED_COLUMNS.filter(
  (c): c is Exclude<(typeof UPDATED_COLUMNS)[number], 'tsv'> => c !== 'tsv',
);

type WithTsv = { searchEntries: { tsv: unknown } };

const backend: SearchBackend = {
  async upsert(db, entries) {
    const withTsv = db.withTables<WithTsv>();
    for (let i = 0; i < entries.length; i += BATCH) {
      // The same id twice in one statement would make ON CONFLICT fail: the last one wins.
      const unique = new Map(entries.slice(i, i + BATCH).map((e) => [e.id, prepareEntry(e)]));
      const rows = [...unique.values()].map((p) => ({
        ...p.row,
        ftsRowid: null,
        tsv: sql`${tsvectorLiteral(p)}::tsvector`,
      }));
      await withTsv
        .insertInto('searchEntries')
        .values(rows)
        .onConflict((oc) =>
          oc
            .column('id')
            .doUpdateSet((eb) =>
              Object.fromEntries(UPDATED_COLUMNS.map((c) => [c, eb.ref(`excluded.${c}`)])),
            ),
        )
        .execute();
    }
  },

  async remove(db, ids) {
    for (let i = 0; i < ids.length; i += BATCH)
      await db
        .deleteFrom('searchEntries')
        .where('id', 'in', ids.slice(i, i + BATCH))
        .execute();
  },

  async removeFiles(db, fileIds) {
    const keys = fileIds.map((f) => `document:${f}`);
    for (let i = 0; i < keys.length; i += BATCH)
      await db
        .deleteFrom('searchEntries')
        .where('groupKey', 'in', keys.slice(i, i + BATCH))
        .execute();
  },

  async removeCase(db, caseId, kinds?: readonly SearchKind[]) {
    let query = db.deleteFrom('searchEntries').where('caseId', '=', caseId);
    if (kinds) query = query.where('kind', 'in', kinds.length ? [...kinds] : ['']);
    await query.execute();
  },

  rebuild: (db) => rebuildPostgresIndex(db),

  async optimize() {
    // Autovacuum merges the GIN pending list; VACUUM cannot run inside the caller's transaction.
  },

  async entities(db, keys, words, scopes) {
    const where = sql`kind in ('person', 'organization', 'place') and ${scopeCondition(scopes)}`;
    if (keys.length) {
      const byKeys = tsqueryLiteral({
        op: 'or',
        children: keys.map((k) => ({ op: 'key', key: k.key, prefix: k.prefix })),
      });
      const { rows } = await sql<{ names: string }>`
        select names from search_entries, (select ${byKeys}::tsquery as q) as query
         where tsv @@ query.q and ${where}
         order by ts_rank(${WEIGHTS}::float4[], tsv, query.q) desc, id
         limit ${ENTITY_LOOKUP_LIMIT}`.execute(db);
      if (rows.length) return rows.map((r) => ({ names: JSON.parse(r.names) as string[] }));
    }
    if (words.length === 0) return [];
    // No name has the query's keys: perhaps a misspelling (a consonant wrong). Trigram similarity of the
    // folded names; the kinds are written out as in the partial trigram index, so that the planner uses it.
    const schema = quoteIdentifier(await trigramSchema(db));
    const similar = sql.raw(`operator(${schema}.%>)`);
    const { rows } = await sql<{ names: string }>`
      select names from search_entries
       where ${where} and (${sql.join(
         words.map((w) => sql`folded_names ${similar} ${w}`),
         sql` or `,
       )})
       order by ${sql.raw(`${schema}.word_similarity`)}(${words.join(' ')}, folded_names) desc, id
       limit ${ENTITY_LOOKUP_LIMIT}`.execute(db);
    return rows.map((r) => ({ names: JSON.parse(r.names) as string[], fuzzy: true }));
  },

  async matches(db, match, filters, limit, offset) {
    const query = tsqueryLiteral(match);
    // When nothing but the spelling as typed can match (a phrase), every match is as spelled: no second scan.
    const stripped = exactTree(match);
    const exact = stripped && JSON.stringify(stripped) !== JSON.stringify(match) ? stripped : null;
    const where = sql.join(filterConditions(filters), sql` and `);
    // Tiers come from the GIN index alone (which entries match, and which match as spelled), so no
    // tsvector is read for them; only the best `window` entries are ranked by ts_rank, which reads each one.
    const window = Math.ceil((offset + limit) / RANK_WINDOW) * RANK_WINDOW;
    const exactJoin = exact
      ? sql`left join (select id from search_entries
                        where tsv @@ ${tsqueryLiteral(exact)}::tsquery and ${where}) e on e.id = a.id`
      : sql``;
    const asSpelled = exact ? sql`(e.id is not null)::int * 2` : sql`${stripped ? 2 : 0}`;
    const { rows: candidates } = await sql<{ id: string; tier: number; total: string }>`
      with a as (
        select id, group_key, kind from search_entries where tsv @@ ${query}::tsquery and ${where}
      ), r as (
        select a.id, a.group_key, ${asSpelled} + (a.kind <> 'document')::int as tier from a ${exactJoin}
      ), g as (
        select id, tier, row_number() over (partition by group_key order by tier desc, id) as n from r
      )
      select id, tier, count(*) over () as total from g where n = 1
       order by tier desc, id limit ${window}`.execute(db);
    const total = Number(candidates[0]?.total ?? 0);
    if (candidates.length <= offset) return { total, rows: [] };
    const { rows: ranks } = await sql<{ id: string; rank: number }>`
      select id, ts_rank(${WEIGHTS}::float4[], tsv, ${query}::tsquery) as rank
        from search_entries where id in (${sql.join(candidates.map((c) => c.id))})`.execute(db);
    const rankOf = new Map(ranks.map((r) => [r.id, Number(r.rank)]));
    // ts_rank is below 1: the tier decides first, the rank within it.
    const scored = candidates
      .map((c) => ({ id: c.id, score: Number(c.tier) + Math.min(rankOf.get(c.id) ?? 0, 0.999) }))
      .sort((x, y) => y.score - x.score || (x.id < y.id ? -1 : x.id > y.id ? 1 : 0))
      .slice(offset, offset + limit);
    if (scored.length === 0) return { total, rows: [] };
    const stored: SearchEntriesTable[] = await db
      .selectFrom('searchEntries')
      .select(['id', 'ftsRowid', ...STORED_COLUMNS])
      .where(
        'id',
        'in',
        scored.map((p) => p.id),
      )
      .execute();
    const byId = new Map(stored.map((r) => [r.id, r]));
    const rows: StoredMatch[] = scored.flatMap((p) => {
      const row = byId.get(p.id);
      return row ? [{ row, score: p.score }] : [];
    });
    return { total, rows };
  },
};

/** The match tree without other spellings and similar ones: what matches as the user spelled it. */
function exactTree(node: MatchNode): MatchNode | null {
  switch (node.op) {
    case 'spelling':
    case 'similar':
      return null;
    case 'text':
    case 'key':
      return node;
    case 'or': {
      const children = node.children.map(exactTree).filter((c): c is MatchNode => c !== null);
      return children.length ? { op: 'or', children } : null;
    }
    case 'and': {
      const children = node.children.map(exactTree);
      return children.every((c) => c !== null) ? { op: 'and', children: children as MatchNode[] } : null;
    }
  }
}

function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

export const postgresSearchIndex: SearchIndex = createSearchIndex(backend);
