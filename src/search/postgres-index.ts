/**
 * The PostgreSQL backend: a tsvector column with a GIN index, ranked by ts_rank, plus pg_trgm for misspelt
 * names. The tsvector is written from the application's own analysis (src/search/analyse.ts) as a literal —
 * what the `simple` configuration would give, but split exactly as SQLite splits — with weights per field
 * (A title, B names, C keys, D body) and compounds' joined forms at the position of their first part, and
 * the tsquery is built the same way, so user input never reaches to_tsquery's parser. The policy, kinds and
 * language are facet terms of the tsvector (src/search/facets.ts) ANDed to the query, so the GIN index answers
 * them with the words; date ranges are WHERE conditions of the same statement that ranks and counts.
 */
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from '../storage/index.js';
import type { SearchEntriesTable } from '../storage/schema.js';
import type { AnalysedText } from './analyse.js';
import { prepareEntry, type PreparedEntry } from './entry-row.js';
import { facetTokens, scopeTokens } from './facets.js';
import {
  createSearchIndex,
  ENTITY_LOOKUP_LIMIT,
  type MatchFilters,
  type SearchBackend,
  type StoredMatch,
} from './engine.js';
import { tierLadder, type MatchNode } from './plan.js';
import { rebuildPostgresIndex } from './rebuild.js';
import { ENTITY_KINDS, SEARCH_KINDS, type SearchIndex, type SearchKind, type SearchScope } from './types.js';

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
/** Facets (src/search/facets.ts: the policy scope, kind, language) are stored as `@token`, without positions. */
const FACET_MARK = '@';
/**
 * Two words next to each other are also stored as one term `>first second`, without positions: a phrase of
 * two words is then answered by the GIN index alone, and a longer phrase's candidates are only the entries
 * holding each of its pairs, whose positions are checked in `search_phrases` (see `scans`).
 */
const PAIR_MARK = '>';
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
  const pairs = new Set<string>();
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
    // The pairs: every term with every term of the next position, a joined form at its first part's.
    const at: string[][] = text.terms.map((t) => [t]);
    text.joins.forEach((j) => at[j.at]!.push(j.term));
    for (let i = 0; i + 1 < at.length; i++)
      for (const x of at[i]!) for (const y of at[i + 1]!) pairs.add(pairTerm(x, y));
  };
  field(prepared.title, 'A');
  prepared.names.forEach((n) => field(n, 'B'));
  prepared.keys.forEach((k) => put(KEY_MARK + k, position++, 'C'));
  position++;
  field(prepared.body, '');
  const spelling = [...prepared.spelling, ...prepared.similar].map((k) => lexeme(SPELLING_MARK + k));
  const facets = facetTokens(prepared.row).map((f) => lexeme(FACET_MARK + f));
  return [
    ...[...positions].map(([term, at]) => `${lexeme(term)}:${at.join(',')}`),
    ...[...pairs].map(lexeme),
    ...spelling,
    ...facets,
  ].join(' ');
}

function pairTerm(first: string, second: string): string {
  return `${PAIR_MARK}${first} ${second}`;
}

/**
 * How a tsquery asks for a phrase: `match`, by its pairs (a phrase of two words is its pair; a longer one
 * also keeps its positions, checked only on the entries holding every pair); `rank`, by positions alone, as
 * ts_rank weighs the words' nearness; `pairs`, by its pairs alone, which the GIN index answers without
 * reading a tsvector — exactly for two words, a few more entries for three or more.
 */
export type PhraseForm = 'match' | 'rank' | 'pairs';

/** The match tree as a tsquery literal; every term is quoted, so nothing in it is an operator. */
export function tsqueryLiteral(node: MatchNode, form: PhraseForm = 'match'): string {
  switch (node.op) {
    case 'and':
    case 'or':
      return `(${node.children.map((c) => tsqueryLiteral(c, form)).join(node.op === 'and' ? ' & ' : ' | ')})`;
    case 'text': {
      const last = node.terms.length - 1;
      const prefix = (i: number) => (node.prefix && i === last ? ':*' : '');
      const terms = node.terms.map((t, i) => `${lexeme(t)}${prefix(i)}`);
      if (terms.length === 1) return terms[0]!;
      const inOrder = `(${terms.join(' <-> ')})`;
      if (form === 'rank') return inOrder;
      const pairs = node.terms
        .slice(1)
        .map((t, i) => `${lexeme(pairTerm(node.terms[i]!, t))}${prefix(i + 1)}`);
      if (pairs.length === 1) return pairs[0]!;
      return form === 'pairs' ? `(${pairs.join(' & ')})` : `(${pairs.join(' & ')} & ${inOrder})`;
    }
    case 'key':
      return `${lexeme(KEY_MARK + node.key)}${node.prefix ? ':*' : ''}`;
    case 'spelling':
    case 'similar':
    case 'typo':
      return `(${node.keys.map((k) => lexeme(SPELLING_MARK + k)).join(' | ')})`;
  }
}

function scopeCondition(scopes: SearchScope[]): RawBuilder<unknown> {
  return sql`(${sql.join(
    scopes.map((s) => sql`(case_id = ${s.caseId} and sensitivity in (${sql.join(s.labels)}))`),
    sql` or `,
  )})`;
}

function anyOf(tokens: string[]): string {
  return `(${tokens.map((t) => lexeme(FACET_MARK + t)).join(' | ')})`;
}

/** Kind facets splitting a tier's window: its records (all read), its document parts (read up to it). */
const DOCUMENT_KIND = anyOf(['kdocument']);
const RECORD_KINDS = anyOf(SEARCH_KINDS.filter((k) => k !== 'document').map((k) => `k${k}`));

/**
 * The policy, kinds and language as facet terms ANDed to the match: the GIN index answers them with the
 * words, so neither the policy nor these filters need a row of the table.
 */
function facetQuery(filters: Pick<MatchFilters, 'scopes' | 'kinds' | 'language'>): string {
  const parts = [anyOf(filters.scopes.flatMap(scopeTokens))];
  if (filters.kinds) parts.push(anyOf(filters.kinds.map((k) => `k${k}`)));
  if (filters.language) parts.push(anyOf([`l${filters.language}`]));
  return parts.join(' & ');
}

/** The query ts_rank weighs the matches by: the match tree, phrases by their positions, and the facets. */
function rankQuery(match: MatchNode, filters: MatchFilters): string {
  return `${tsqueryLiteral(match, 'rank')} & ${facetQuery(filters)}`;
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
    if (keys.length) {
      const byKeys = tsqueryLiteral({
        op: 'or',
        children: keys.map((k) => ({ op: 'key', key: k.key, prefix: k.prefix })),
      });
      const query = `${byKeys} & ${facetQuery({ scopes, kinds: [...ENTITY_KINDS], language: null })}`;
      const { rows } = await sql<{ names: string }>`
        select names from search_entity_names(${query}::tsquery, ${WEIGHTS}::float4[], ${ENTITY_LOOKUP_LIMIT}::int)`.execute(
        db,
      );
      if (rows.length) return rows.map((r) => ({ names: JSON.parse(r.names) as string[] }));
    }
    if (words.length === 0) return [];
    // No name has the query's keys: perhaps a misspelling (a consonant wrong). Trigram similarity of the
    // folded names; the kinds are written out as in the partial trigram index, so that the planner uses it.
    const where = sql`kind in ('person', 'organization', 'place') and ${scopeCondition(scopes)}`;
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
    const query = rankQuery(match, filters);
    const window = Math.ceil((offset + limit) / RANK_WINDOW) * RANK_WINDOW;
    const ladder = tierLadder(match);
    const steps = ladder.map((step, k) =>
      stepWindow(
        k,
        step.tier,
        scans(match, filters, k < ladder.length - 1 ? step.match : null),
        filters,
        window,
        k === ladder.length - 1,
      ),
    );
    // Every step ran (the last one is the whole match) and knows its number of groups: the total is their
    // sum. Else (the ladder stopped at a full window; a step that read part of its tier says null) the whole
    // match is counted on its own.
    const whole = scans(match, filters, null);
    const total = sql`coalesce(
        case when (select count(*) from (${windowRows(ladder.length - 1)}) b) < ${window}
          then ${sql.join(
            ladder.map(
              (_, k) =>
                sql`(select case when count(*) = 0 then 0 else max(groups) end from ${sql.raw(`w${k}`)})`,
            ),
            sql` + `,
          )}
        end,
        search_count(${whole.q}::tsquery, ${restArrays(whole.rest)}, ${filters.dateFrom}::text,
                     ${filters.dateTo}::text))`;
    const { rows } = await sql<SearchEntriesTable & { score: number | null; total: string }>`
      with ${sql.join(steps, sql`, `)},
      w as (select id, tier from (${windowRows(ladder.length)}) u order by tier desc, id limit ${window}),
      -- Entries below the tier of the page's last one never reach the page: they are not ranked.
      cut as (select coalesce((select tier from w order by tier desc, id offset ${offset + limit - 1} limit 1), 0) as tier),
      ranked as (
        -- ts_rank is below 1: the tier decides first, the rank within it.
        select w.id, w.tier + least(ts_rank(${WEIGHTS}::float4[], s.tsv, ${query}::tsquery), 0.999) as score
          from w join search_entries s on s.id = w.id where w.tier >= (select tier from cut)
      ), page as (
        select id, score from ranked order by score desc, id offset ${offset} limit ${limit}
      ),
      -- Materialized: the count is computed once, not once per row of the page.
      c as materialized (select ${total} as total)
      select c.total, page.score, e.id, ${sql.join(STORED_COLUMNS.map((c) => sql.ref(`e.${snake(c)}`)))}
        from c left join (page join search_entries e on e.id = page.id) on true`.execute(db);
    const matches: StoredMatch[] = rows
      .filter((r) => r.score !== null)
      .map(({ score, total: _, ...row }) => ({ row: { ...row, ftsRowid: null }, score: Number(score) }))
      .sort((x, y) => y.score - x.score || (x.row.id < y.row.id ? -1 : x.row.id > y.row.id ? 1 : 0));
    return { total: Number(rows[0]?.total ?? 0), rows: matches };
  },
};

/**
 * Step `k` of the ladder (src/search/plan.ts `tierLadder`) as the common table expression `wk`: `window` of
 * its groups, records first, those of a stronger step left out, with the number of its groups. A step before
 * the last reads documents only until its window is surely full (`search_window`, migration 0027) and then
 * does not know its number of groups (null): the ladder stops there and the whole match is counted on its
 * own, so a full read would be a second pass over the tier. The last step — the whole match, or all of it
 * for a query with one tier (a phrase) — is read whole (`search_groups`, migration 0025): its number of
 * groups is the total's last term, and reading it is the count. A step is read only while the steps before it
 * hold fewer than `window` groups — a gate the server decides before it scans — so a name found as spelled in
 * thousands of entries is read in that tier alone, never in every other spelling too. The tiers are decided
 * from the GIN index alone, as before: a step's tree without its phrases (words in any order), among the
 * entries matching the whole query, whose phrases are checked once.
 */
function stepWindow(
  k: number,
  tier: number,
  scan: { q: string | null; rest: Scan[] },
  filters: MatchFilters,
  window: number,
  last: boolean,
): RawBuilder<unknown> {
  const before = windowRows(k);
  const exclude = k === 0 ? sql`'{}'::text[]` : sql`array(select group_key from (${before}) b)`;
  const gate = k === 0 ? sql`` : sql`where (select count(*) from (${before}) b) < ${window}`;
  const read = last
    ? sql`search_groups(${scan.q}::tsquery, ${restArrays(scan.rest)}, ${filters.dateFrom}::text,
                        ${filters.dateTo}::text, ${window}::int, ${exclude})`
    : sql`search_window(${scan.q}::tsquery, ${restArrays(scan.rest)}, ${RECORD_KINDS}::tsquery,
                        ${DOCUMENT_KIND}::tsquery, ${filters.dateFrom}::text, ${filters.dateTo}::text,
                        ${window}::int, ${exclude})`;
  return sql`${sql.raw(`w${k}`)} as materialized (
      select id, group_key, ${sql.raw(String(tier * 2))} + entity as tier, groups from ${read} ${gate})`;
}

/** The rows of the first `steps` steps' windows. */
function windowRows(steps: number): RawBuilder<unknown> {
  if (steps === 0) return sql`select null::text as id, null::text as group_key, 0 as tier where false`;
  return sql.join(
    Array.from({ length: steps }, (_, k) => sql`select id, group_key, tier from ${sql.raw(`w${k}`)}`),
    sql` union all `,
  );
}

/** A phrase whose positions must be checked: three words or more (two are their pair). */
type LongPhrase = Extract<MatchNode, { op: 'text' }>;

function isLong(node: MatchNode): node is LongPhrase {
  return node.op === 'text' && node.terms.length > 2;
}

/**
 * The match tree with each phrase of three words or more decided (`truth` of its positional tsquery:
 * true, false, or null to keep it), simplified: true or false when nothing else is left to match.
 */
function decide(node: MatchNode, truth: (phrase: string) => boolean | null): MatchNode | boolean {
  switch (node.op) {
    case 'and':
    case 'or': {
      const absorbing = node.op === 'or';
      const children: MatchNode[] = [];
      for (const child of node.children) {
        const decided = decide(child, truth);
        if (decided === absorbing) return absorbing;
        if (decided !== !absorbing) children.push(decided as MatchNode);
      }
      if (children.length === 0) return !absorbing;
      return children.length === 1 ? children[0]! : { op: node.op, children };
    }
    case 'text':
      return isLong(node) ? (truth(tsqueryLiteral(node, 'rank')) ?? node) : node;
    default:
      return node;
  }
}

/** The distinct phrases of three words or more, by their positional tsquery. */
function longPhrases(node: MatchNode, found = new Map<string, LongPhrase>()): Map<string, LongPhrase> {
  if ('children' in node) node.children.forEach((c) => longPhrases(c, found));
  else if (isLong(node)) found.set(tsqueryLiteral(node, 'rank'), node);
  return found;
}

/**
 * Above this many phrases of three words or more in one query, their positions are checked on the whole
 * tsvector in one scan instead of one scan per combination of them (2^n - 1).
 */
const MAX_SPLIT_PHRASES = 4;

/** A scan the GIN index answers alone (`terms`), and the positions of phrases it checks on `phrase_tsv`. */
interface Scan {
  terms: string;
  positions: string | null;
}

/**
 * The whole match (and `also`, a tier's tree, ANDed to it by its pairs) as disjoint scans: `q`, the entries
 * matching without any phrase of three words or more, answered by the GIN index alone, and `rest`, those
 * matching only through such phrases. The GIN index cannot check positions; PostgreSQL checks them on a
 * tsvector, and `tsv` is large and kept in TOAST, so the phrases are checked on `phrase_tsv` (their words
 * and positions only, in the row; migration 0028). A query with phrases is split by which of them are in
 * a row (Shannon's expansion): for each set S of them, the tree with S true and the others false is a
 * tsquery without positions, ANDed to S's pairs, and the positions say that exactly S stand in a row.
 */
function scans(
  match: MatchNode,
  filters: MatchFilters,
  also: MatchNode | null,
): { q: string | null; rest: Scan[] } {
  const facets = also ? `${tsqueryLiteral(also, 'pairs')} & ${facetQuery(filters)}` : facetQuery(filters);
  const phrases = [...longPhrases(match)];
  // Without phrases, a tier's tree (the match keeping its stronger leaves) matches nothing the whole match
  // does not: the whole match's other spellings, skeletons and typos, long posting lists, are left unread.
  if (phrases.length === 0) return { q: also ? facets : `${tsqueryLiteral(match)} & ${facets}`, rest: [] };
  const plain = decide(match, () => false);
  const q = plain === false ? null : `${plain === true ? '' : `${tsqueryLiteral(plain)} & `}${facets}`;
  const notPlain = typeof plain === 'object' ? ` & !${tsqueryLiteral(plain)}` : '';
  if (plain === true) return { q, rest: [] };
  if (phrases.length > MAX_SPLIT_PHRASES)
    return { q, rest: [{ terms: `${tsqueryLiteral(match)}${notPlain} & ${facets}`, positions: null }] };
  const rest: Scan[] = [];
  for (let set = 1; set < 1 << phrases.length; set++) {
    const inRow = (i: number) => (set & (1 << i)) !== 0;
    const chosen = phrases.filter((_, i) => inRow(i));
    const rows = new Set(chosen.map(([literal]) => literal));
    const tree = decide(match, (literal) => rows.has(literal));
    if (tree === false) continue;
    const pairs = chosen.map(([, node]) => tsqueryLiteral(node, 'pairs'));
    if (tree !== true) pairs.push(tsqueryLiteral(tree));
    rest.push({
      terms: `${pairs.join(' & ')}${notPlain} & ${facets}`,
      positions: phrases.map(([literal], i) => (inRow(i) ? literal : `!${literal}`)).join(' & '),
    });
  }
  return { q, rest };
}

/** A scan list as the two arrays the search functions take (migration 0028). */
function restArrays(rest: Scan[]): RawBuilder<unknown> {
  return sql`${rest.map((r) => r.terms)}::tsquery[], ${rest.map((r) => r.positions)}::tsquery[]`;
}

function snake(column: string): string {
  return column.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

export const postgresSearchIndex: SearchIndex = createSearchIndex(backend);
