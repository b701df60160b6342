/**
 * The SQLite backend: a contentless FTS5 table `search_fts` beside `search_entries`, ranked by bm25. Entries
 * are deleted by value in secure-delete mode (see `deleteRowids`), so a removed entry leaves no word behind.
 *
 * Columns of `search_fts`: title (with the file name), names, body, keys (cross-script keys of the names),
 * joins (compounds written as one word), spelling and similar (the spelling keys of every word and the
 * similar-spelling keys of name-like words, src/search/spelling.ts) and facets — tokens for the filterable
 * values (src/search/facets.ts). The policy and those filters are therefore terms of the MATCH expression itself:
 * FTS5 intersects them with the words, and neither a count nor a rank ever sees an entry outside the
 * actor's scopes. Date ranges, which are not terms, join `search_entries`.
 *
 * Ranking is bm25 over every match (FTS5 has no top-k pruning): cost grows with the number of matches, about
 * a microsecond each; `optimize()` after a bulk load merges the index segments and trims it.
 *
 * The FTS5 rowid of an entry is `group × 1024 + part`: the parts of one document share a group, so hits are
 * grouped per document (best part, counted once) on the index alone, without reading `search_entries`.
 */
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from '../storage/index.js';
import type { SearchEntriesTable } from '../storage/schema.js';
import { entryFromRow, prepareEntry, type PreparedEntry } from './entry-row.js';
import { facetTokens, scopeTokens } from './facets.js';
import {
  createSearchIndex,
  ENTITY_LOOKUP_LIMIT,
  type MatchFilters,
  type SearchBackend,
  type StoredMatch,
} from './engine.js';
import { tierLadder, type EntityCandidate, type MatchNode } from './plan.js';
import { rebuildSqliteIndex } from './rebuild.js';
import {
  ENTITY_KINDS,
  type SearchEntry,
  type SearchIndex,
  type SearchKind,
  type SearchScope,
} from './types.js';

type Db = Kysely<Database>;

const PARTS_PER_GROUP = 1024;
// A literal: a bound number arrives as a REAL, and r / 1024.0 would not group the parts.
const GROUP = sql.raw(String(PARTS_PER_GROUP));
/**
 * bm25 weights of title, names, body, keys, joins, facets, spelling, similar: a word as the query spells
 * it also matches its spelling key, so it ranks before another spelling, which ranks before a similar one.
 */
const WEIGHTS = sql.raw('10.0, 6.0, 1.0, 2.0, 1.0, 0.0, 0.4, 0.1');
/** The columns of `search_fts` after the rowid (migration 0016). */
const COLUMNS = sql.raw('title, names, body, keys, joins, facets, spelling, similar');
/** Rows per statement: below SQLite's 32,766 bound parameters with 22 columns. */
const BATCH = 500;

function quote(term: string): string {
  return `"${term.replace(/"/g, '""')}"`;
}

function facets(row: PreparedEntry['row']): string {
  return facetTokens(row).join(' ');
}

/** The match tree in FTS5 syntax; every term is quoted, so nothing in it is an operator. */
export function ftsExpression(node: MatchNode): string {
  switch (node.op) {
    case 'and':
    case 'or':
      return `(${node.children.map(ftsExpression).join(node.op === 'and' ? ' AND ' : ' OR ')})`;
    case 'text': {
      const phrase = `${quote(node.terms.join(' '))}${node.prefix ? ' *' : ''}`;
      return node.terms.length === 1
        ? `{title names body joins} : ${phrase}`
        : `{title names body} : ${phrase}`;
    }
    case 'key':
      return `keys : ${quote(node.key)}${node.prefix ? ' *' : ''}`;
    case 'spelling':
    case 'similar':
    case 'typo':
      return `${node.op === 'typo' ? 'similar' : node.op} : (${node.keys.map(quote).join(' OR ')})`;
  }
}

function filterExpression(filters: Pick<MatchFilters, 'scopes' | 'kinds' | 'language'>): string {
  const scopes = filters.scopes.flatMap(scopeTokens).map(quote);
  const parts = [`facets : (${scopes.join(' OR ')})`];
  if (filters.kinds) parts.push(`facets : (${filters.kinds.map((k) => quote(`k${k}`)).join(' OR ')})`);
  if (filters.language) parts.push(`facets : ${quote(`l${filters.language}`)}`);
  return parts.join(' AND ');
}

function joinedTerms(prepared: PreparedEntry): string {
  return [prepared.title, ...prepared.names, prepared.body]
    .flatMap((a) => a.joins.map((j) => j.term))
    .join(' ');
}

async function rowidsOf(db: Db, column: 'id' | 'groupKey', values: string[]) {
  return db
    .selectFrom('searchEntries')
    .select(['id', 'ftsRowid', 'groupKey'])
    .where(column, 'in', values)
    .execute();
}

/** The values of an entry's `search_fts` row, in column order after the rowid. */
export function ftsValues(p: PreparedEntry): string[] {
  return [
    p.title.terms.join(' '),
    p.names.map((n) => n.terms.join(' ')).join(' '),
    p.body.terms.join(' '),
    p.keys.join(' '),
    joinedTerms(p),
    facets(p.row),
    p.spelling.join(' '),
    p.similar.join(' '),
  ];
}

/**
 * Removes entries from the index by value: the FTS5 'delete' command with the words the row was indexed with
 * (prepared again from its `search_entries` row), which in secure-delete mode takes them out of the index at
 * once. A plain delete (contentless_delete) would only mark the row deleted and leave its words in the file
 * until segments merge — readable to whoever holds the file, after the record was relabelled protected.
 */
async function deleteRowids(db: Db, rowids: Array<number | null>): Promise<void> {
  const ids = rowids.filter((r): r is number => r !== null);
  for (let i = 0; i < ids.length; i += BATCH) {
    const chunk = ids.slice(i, i + BATCH);
    const rows = await db.selectFrom('searchEntries').selectAll().where('ftsRowid', 'in', chunk).execute();
    for (const row of rows) {
      const values = ftsValues(prepareEntry(entryFromRow(row)));
      await sql`insert into search_fts (search_fts, rowid, ${COLUMNS})
                values ('delete', ${row.ftsRowid}, ${sql.join(values)})`.execute(db);
    }
    await db.deleteFrom('searchEntries').where('ftsRowid', 'in', chunk).execute();
  }
}

async function upsertBatch(db: Db, entries: SearchEntry[]): Promise<void> {
  const prepared = entries.map(prepareEntry);
  await deleteRowids(
    db,
    (await rowidsOf(db, 'id', [...new Set(entries.map((e) => e.id))])).map((r) => r.ftsRowid),
  );
  // Parts of a document already indexed keep their group; anything else starts a new one.
  const groups = new Map<string, number>();
  const documents = [
    ...new Set(prepared.filter((p) => p.row.kind === 'document').map((p) => p.row.groupKey)),
  ];
  for (const r of documents.length ? await rowidsOf(db, 'groupKey', documents) : [])
    if (r.ftsRowid !== null) groups.set(r.groupKey, Math.floor(r.ftsRowid / PARTS_PER_GROUP));
  const max = await db
    .selectFrom('searchEntries')
    .select((eb) => eb.fn.max('ftsRowid').as('max'))
    .executeTakeFirst();
  let next = Math.floor(Number(max?.max ?? 0) / PARTS_PER_GROUP) + 1;
  const rows: SearchEntriesTable[] = prepared.map((p) => {
    if (p.row.part < 0 || p.row.part >= PARTS_PER_GROUP)
      throw new Error(`search entry ${p.row.id}: part ${p.row.part} out of range`);
    let group = groups.get(p.row.groupKey);
    if (group === undefined) groups.set(p.row.groupKey, (group = next++));
    return { ...p.row, ftsRowid: group * PARTS_PER_GROUP + p.row.part };
  });
  await db.insertInto('searchEntries').values(rows).execute();
  const values = prepared.map((p, i) => sql`(${rows[i]!.ftsRowid}, ${sql.join(ftsValues(p))})`);
  await sql`insert into search_fts (rowid, ${COLUMNS}) values ${sql.join(values)}`.execute(db);
}

function dateConditions(filters: MatchFilters): RawBuilder<unknown>[] {
  const out: RawBuilder<unknown>[] = [];
  if (filters.dateFrom) out.push(sql`e.date_end >= ${filters.dateFrom}`);
  if (filters.dateTo) out.push(sql`e.date_start <= ${filters.dateTo}`);
  return out;
}

/** Tiers outweigh bm25 in a hit's score. */
const TIER_SCORE = 1000;

/**
 * The best `wanted` groups in bm25 order, each by its best part. Most documents have one or two parts, so a
 * few more rows than groups wanted nearly always suffice; else the query asks for more.
 */
async function bestPerGroup(db: Db, from: RawBuilder<unknown>, wanted: number) {
  for (let k = Math.ceil(wanted * 1.5) + 10; ; k *= 4) {
    const { rows } = await sql<{ r: number; s: number }>`
      select search_fts.rowid as r, bm25(search_fts, ${WEIGHTS}) as s ${from}
       order by s, r limit ${sql.raw(String(k))}`.execute(db);
    const seen = new Set<number>();
    const best = rows.filter((row) => {
      const group = Math.floor(row.r / PARTS_PER_GROUP);
      return seen.has(group) ? false : (seen.add(group), true);
    });
    if (best.length >= wanted || rows.length < k) return best.slice(0, wanted);
  }
}

/**
 * The best `wanted` groups in rank order: tier by tier (src/search/plan.ts `tierLadder`), each tier's
 * entries — those matching its tree and not a stronger one's (FTS5 NOT) — in bm25 order, a group counted at
 * its strongest tier. Ranking stops at the tier that fills the page, so a name found as spelled in thousands
 * of documents is ranked over those alone, never over every other spelling too.
 */
async function rankedGroups(
  db: Db,
  match: MatchNode,
  from: (expression: string) => RawBuilder<unknown>,
  filters: string,
  wanted: number,
) {
  const out: Array<{ r: number; s: number; t: number }> = [];
  const seen = new Set<number>();
  let stronger: string | null = null;
  for (const step of tierLadder(match)) {
    const own = ftsExpression(step.match);
    const expression = `(${stronger ? `(${own}) NOT (${stronger})` : own}) AND ${filters}`;
    for (const row of await bestPerGroup(db, from(expression), wanted)) {
      const group = Math.floor(row.r / PARTS_PER_GROUP);
      if (seen.has(group)) continue;
      seen.add(group);
      out.push({ ...row, t: step.tier });
      if (out.length >= wanted) return out;
    }
    stronger = own;
  }
  return out;
}

const backend: SearchBackend = {
  async upsert(db, entries) {
    for (let i = 0; i < entries.length; i += BATCH) await upsertBatch(db, entries.slice(i, i + BATCH));
  },

  async remove(db, ids) {
    for (let i = 0; i < ids.length; i += BATCH)
      await deleteRowids(
        db,
        (await rowidsOf(db, 'id', ids.slice(i, i + BATCH))).map((r) => r.ftsRowid),
      );
  },

  async removeFiles(db, fileIds) {
    const keys = fileIds.map((f) => `document:${f}`);
    for (let i = 0; i < keys.length; i += BATCH)
      await deleteRowids(
        db,
        (await rowidsOf(db, 'groupKey', keys.slice(i, i + BATCH))).map((r) => r.ftsRowid),
      );
  },

  async removeCase(db, caseId, kinds?: readonly SearchKind[]) {
    let query = db.selectFrom('searchEntries').select('ftsRowid').where('caseId', '=', caseId);
    if (kinds) query = query.where('kind', 'in', kinds.length ? [...kinds] : ['']);
    await deleteRowids(
      db,
      (await query.execute()).map((r) => r.ftsRowid),
    );
  },

  rebuild: (db) => rebuildSqliteIndex(db),

  async optimize(db) {
    await sql`insert into search_fts (search_fts) values ('optimize')`.execute(db);
  },

  async entities(db, keys, _words, scopes: SearchScope[]): Promise<EntityCandidate[]> {
    if (keys.length === 0) return [];
    const byKey = keys.map((k) => `${quote(k.key)}${k.prefix ? ' *' : ''}`).join(' OR ');
    const kinds = ENTITY_KINDS.map((k) => quote(`k${k}`)).join(' OR ');
    const expression = `keys : (${byKey}) AND ${filterExpression({ scopes, kinds: null, language: null })} AND facets : (${kinds})`;
    const { rows } = await sql<{ names: string }>`
      select e.names from (
        select rowid as r, bm25(search_fts, ${WEIGHTS}) as s from search_fts
         where search_fts match ${expression} order by s limit ${ENTITY_LOOKUP_LIMIT}
      ) m join search_entries e on e.fts_rowid = m.r order by m.s`.execute(db);
    return rows.map((r) => ({ names: JSON.parse(r.names) as string[] }));
  },

  async matches(db, match, filters, limit, offset) {
    const filter = filterExpression(filters);
    const dates = dateConditions(filters);
    const from = (expression: string) =>
      dates.length
        ? sql`from search_fts join search_entries e on e.fts_rowid = search_fts.rowid
               where search_fts match ${expression} and ${sql.join(dates, sql` and `)}`
        : sql`from search_fts where search_fts match ${expression}`;
    const { rows: counted } = await sql<{ n: number }>`
      select count(distinct search_fts.rowid / ${GROUP}) as n
        ${from(`${ftsExpression(match)} AND ${filter}`)}`.execute(db);
    const total = counted[0]?.n ?? 0;
    if (total <= offset) return { total, rows: [] };
    const page = (await rankedGroups(db, match, from, filter, offset + limit)).slice(offset);
    if (page.length === 0) return { total, rows: [] };
    const stored = await db
      .selectFrom('searchEntries')
      .selectAll()
      .where(
        'ftsRowid',
        'in',
        page.map((p) => p.r),
      )
      .execute();
    const byRowid = new Map(stored.map((r) => [r.ftsRowid, r]));
    const rows: StoredMatch[] = page.flatMap((p) => {
      const row = byRowid.get(p.r);
      return row ? [{ row, score: p.t * TIER_SCORE - p.s }] : [];
    });
    return { total, rows };
  },
};

export const sqliteSearchIndex: SearchIndex = createSearchIndex(backend);
