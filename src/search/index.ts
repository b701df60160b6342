/**
 * Full-text search over a case's sources, document text, excerpts and named entities, in Persian and
 * English, with one interface and two backends (SQLite FTS5, PostgreSQL tsvector + pg_trgm) behind a
 * shared contract test (test/search.contract.test.ts). The policy is applied inside each backend's query:
 * callers pass the scopes (case and readable labels) they computed from the policy.
 *
 * Modules: analyse (folding and words, cross-script keys), query (what the user typed), plan (match tree
 * and cross-script expansion), snippet, chunk (long documents in parts), engine (the shared search steps),
 * sqlite-index and postgres-index (the backends).
 */
import type { DialectInfo } from '../storage/index.js';
import { postgresSearchIndex } from './postgres-index.js';
import { sqliteSearchIndex } from './sqlite-index.js';
import type { SearchIndex } from './types.js';

export { MAX_PARTS, PART_LENGTH, splitIntoParts, type TextPart } from './chunk.js';
export { MAX_QUERY_LENGTH, MAX_QUERY_UNITS, parseQuery, type ParsedQuery, type QueryUnit } from './query.js';
export { SNIPPET_LENGTH } from './snippet.js';
export type { MatchReason, WordMatch } from './explain.js';
export { rebuildPostgresIndex, rebuildSqliteIndex } from './rebuild.js';
export {
  ENTITY_KINDS,
  SEARCH_KINDS,
  type EntryPart,
  type SearchEntry,
  type SearchHit,
  type SearchIndex,
  type SearchKind,
  type SearchQuery,
  type SearchResult,
  type SearchScope,
} from './types.js';

/** The search index of the store's database. */
export function searchIndexFor(dialect: Pick<DialectInfo, 'name'>): SearchIndex {
  return dialect.name === 'postgres' ? postgresSearchIndex : sqliteSearchIndex;
}
