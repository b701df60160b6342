/**
 * The part of searching that is the same on both databases: parse the query, look up the known entities
 * that expand it, build the match tree, ask the backend for one page of grouped, ranked matches (policy and
 * filters inside its query), and cut snippets from the stored text. A backend only translates.
 */
import type { Kysely } from 'kysely';
import type { Sensitivity } from '../domain/sensitivity.js';
import type { Database } from '../storage/index.js';
import type { SearchEntriesTable } from '../storage/schema.js';
import { primaryLanguage } from './entry-row.js';
import {
  buildPlan,
  fuzzyWords,
  lookupKeys,
  type EntityCandidate,
  type Highlight,
  type LookupKey,
  type MatchNode,
} from './plan.js';
import { parseQuery } from './query.js';
import { leadingSnippet, makeSnippet, runMatcher, type Snippet } from './snippet.js';
import type {
  SearchEntry,
  SearchHit,
  SearchIndex,
  SearchKind,
  SearchQuery,
  SearchResult,
  SearchScope,
} from './types.js';

type Db = Kysely<Database>;

/** Filters every backend applies inside its query. Scopes are never empty and hold no empty label list. */
export interface MatchFilters {
  scopes: SearchScope[];
  kinds: SearchKind[] | null;
  language: string | null;
  dateFrom: string | null;
  dateTo: string | null;
}

export interface StoredMatch {
  row: SearchEntriesTable;
  score: number;
}

/** What differs between SQLite and PostgreSQL. */
export interface SearchBackend {
  upsert(db: Db, entries: SearchEntry[]): Promise<void>;
  remove(db: Db, ids: string[]): Promise<void>;
  removeFiles(db: Db, fileIds: string[]): Promise<void>;
  removeCase(db: Db, caseId: string, kinds?: readonly SearchKind[]): Promise<void>;
  optimize(db: Db): Promise<void>;
  rebuild(db: Db): Promise<number>;
  /** Readable entities whose name keys (or, where supported, misspelt names) match, best first. */
  entities(db: Db, keys: LookupKey[], words: string[], scopes: SearchScope[]): Promise<EntityCandidate[]>;
  /** One page of matches, best entry of each group, best first; and the number of groups. */
  matches(
    db: Db,
    match: MatchNode,
    filters: MatchFilters,
    limit: number,
    offset: number,
  ): Promise<{ total: number; rows: StoredMatch[] }>;
}

/** At most this many entities are looked up to expand a query. */
export const ENTITY_LOOKUP_LIMIT = 30;

function scopesOf(query: SearchQuery): SearchScope[] {
  const wanted = query.sensitivity ? new Set<Sensitivity>(query.sensitivity) : null;
  return query.scopes
    .map((s) => ({ caseId: s.caseId, labels: s.labels.filter((l) => !wanted || wanted.has(l)) }))
    .filter((s) => s.labels.length > 0);
}

function count(value: number, min: number, max: number): number {
  return Number.isFinite(value) ? Math.min(Math.max(Math.trunc(value), min), max) : min;
}

function snippetOf(row: SearchEntriesTable, highlight: Highlight): Snippet & { inBody: boolean } {
  const names = JSON.parse(row.names) as string[];
  const fromBody = makeSnippet(row.body, runMatcher(highlight));
  if (fromBody) return { ...fromBody, inBody: true };
  for (const text of [names.join(' · '), [row.title, row.fileName ?? ''].join(' ')]) {
    const found = text.trim() ? makeSnippet(text, runMatcher(highlight, true)) : null;
    if (found) return { ...found, inBody: false };
  }
  const fallback = row.body || names.join(' · ') || row.title;
  return { ...leadingSnippet(fallback), inBody: row.body !== '' };
}

function hitOf(match: StoredMatch, highlight: Highlight): SearchHit {
  const { row } = match;
  const snippet = snippetOf(row, highlight);
  const pagesBefore = snippet.inBody ? row.body.slice(0, snippet.start).split('\f').length - 1 : 0;
  return {
    id: row.id,
    kind: row.kind as SearchKind,
    recordId: row.recordId,
    caseId: row.caseId,
    sourceId: row.sourceId,
    fileId: row.fileId,
    title: row.title,
    fileName: row.fileName,
    snippet: snippet.text,
    highlights: snippet.highlights,
    matches: snippet.matches,
    score: match.score,
    language: row.language,
    sensitivity: row.sensitivity as Sensitivity,
    location:
      row.kind === 'document'
        ? {
            part: row.part,
            page: row.page === null ? null : row.page + pagesBefore,
            offset: row.partStart + (snippet.inBody ? snippet.start : 0),
          }
        : null,
  };
}

/** Runs a query: nothing leaves the backend that the scopes do not allow, counts included. */
async function search(backend: SearchBackend, db: Db, query: SearchQuery): Promise<SearchResult> {
  const parsed = parseQuery(query.text);
  const scopes = scopesOf(query);
  if (scopes.length === 0 || query.kinds?.length === 0) return { total: 0, hits: [] };
  const keys = lookupKeys(parsed);
  const words = fuzzyWords(parsed);
  const entities = keys.length || words.length ? await backend.entities(db, keys, words, scopes) : [];
  const plan = buildPlan(parsed, entities);
  const filters: MatchFilters = {
    scopes,
    kinds: query.kinds ? [...new Set(query.kinds)] : null,
    language: query.language ? primaryLanguage(query.language) : null,
    dateFrom: query.dateFrom ?? null,
    dateTo: query.dateTo ?? null,
  };
  const limit = count(query.limit, 1, 1000);
  const offset = count(query.offset, 0, 1_000_000);
  const { total, rows } = await backend.matches(db, plan.match, filters, limit, offset);
  return { total, hits: rows.map((r) => hitOf(r, plan.highlight)) };
}

/** The SearchIndex of a backend. */
export function createSearchIndex(backend: SearchBackend): SearchIndex {
  return {
    upsert: (db, entries) => (entries.length ? backend.upsert(db, entries) : Promise.resolve()),
    remove: (db, ids) => (ids.length ? backend.remove(db, ids) : Promise.resolve()),
    removeFiles: (db, fileIds) => (fileIds.length ? backend.removeFiles(db, fileIds) : Promise.resolve()),
    removeCase: (db, caseId, kinds) => backend.removeCase(db, caseId, kinds),
    search: (db, query) => search(backend, db, query),
    optimize: (db) => backend.optimize(db),
    rebuild: (db) => backend.rebuild(db),
  };
}
