/**
 * The search index's vocabulary: what goes in (entries), what a caller asks (a query with its policy scopes),
 * what comes back (hits with plain-text snippets and highlight ranges), and the interface both backends
 * implement (SQLite FTS5 and PostgreSQL tsvector + pg_trgm).
 */
import type { Kysely } from 'kysely';
import type { Sensitivity } from '../domain/sensitivity.js';
import type { Database } from '../storage/index.js';
import type { WordMatch } from './explain.js';

export const SEARCH_KINDS = [
  'source',
  'document',
  'excerpt',
  'person',
  'organization',
  'place',
  'event',
] as const;
export type SearchKind = (typeof SEARCH_KINDS)[number];

/** Kinds whose names are known entities: their names expand a query into the other script. */
export const ENTITY_KINDS: readonly SearchKind[] = ['person', 'organization', 'place'];

/** Where a part of a long document lies in its extracted text. */
export interface EntryPart {
  /** 0-based number of the part; the entry id ends with it (`document:${fileId}:${index}`). */
  index: number;
  /** Page (1-based) the part starts on, when the text has page breaks (form feeds). */
  page: number | null;
  /** Offset of the part's first character in the whole extracted text. */
  start: number;
}

/** One searchable unit: a record, or one part of a document's extracted text. */
export interface SearchEntry {
  /** Stable: `${kind}:${recordId}`, or `document:${fileId}:${part}`. */
  id: string;
  caseId: string;
  sensitivity: Sensitivity;
  kind: SearchKind;
  recordId: string;
  sourceId: string | null;
  fileId: string | null;
  title: string;
  fileName: string | null;
  /** Body text: a document part, an excerpt's quote, a description. Shown in snippets as written. */
  text: string;
  /** Names of the entity in any script (or a source's authors): cross-script keys are made from them. */
  names: string[];
  language: string | null;
  /** ISO yyyy-mm-dd, inclusive. */
  dateStart: string | null;
  dateEnd: string | null;
  /** Set for document parts only. */
  part?: EntryPart;
}

/** The labels an actor may read in one case: the policy, applied inside the query. */
export interface SearchScope {
  caseId: string;
  labels: Sensitivity[];
}

export interface SearchQuery {
  /** What the user typed: words, "quoted phrases", Persian and Latin mixed. */
  text: string;
  scopes: SearchScope[];
  kinds?: SearchKind[];
  /** ISO 639-1 code; a tag such as `fa-IR` is matched by its primary language. */
  language?: string;
  /** Entries whose date interval overlaps [dateFrom, dateTo]; entries without a date are left out. */
  dateFrom?: string;
  dateTo?: string;
  /** Only these labels (still within the scopes). */
  sensitivity?: Sensitivity[];
  limit: number;
  offset: number;
}

export interface SearchHit {
  /** Entry id; for a document, the id of its best-matching part. */
  id: string;
  kind: SearchKind;
  recordId: string;
  caseId: string;
  sourceId: string | null;
  fileId: string | null;
  title: string;
  fileName: string | null;
  /** Plain text, never markup: render it as text and mark the highlight ranges. */
  snippet: string;
  /** [start, end) ranges in `snippet` (UTF-16 code units) of the words that matched. */
  highlights: Array<[number, number]>;
  /**
   * Which spellings in the hit's text matched which query words, and why: `exact` (as typed), `alias` (a
   * known entity's other name), `spelling` (another romanization), `script` (the other script), `similar`
   * (a similar skeleton or a typo). Strongest first.
   */
  matches: WordMatch[];
  /** Higher is better; comparable within one result only. */
  score: number;
  language: string | null;
  sensitivity: Sensitivity;
  /** For document text: where the snippet starts in the extracted text. */
  location: { part: number; page: number | null; offset: number } | null;
}

export interface SearchResult {
  /** Matching records and documents (a document counts once, however many of its parts match). */
  total: number;
  hits: SearchHit[];
}

export interface SearchIndex {
  /** Adds or replaces entries by id. `db` may be a transaction. */
  upsert(db: Kysely<Database>, entries: SearchEntry[]): Promise<void>;
  remove(db: Kysely<Database>, ids: string[]): Promise<void>;
  /** Removes every part of the given documents. */
  removeFiles(db: Kysely<Database>, fileIds: string[]): Promise<void>;
  /** Removes a case's entries of the given kinds (all kinds when none are given). */
  removeCase(db: Kysely<Database>, caseId: string, kinds?: readonly SearchKind[]): Promise<void>;
  search(db: Kysely<Database>, query: SearchQuery): Promise<SearchResult>;
  /**
   * Compacts the index after a bulk load (SQLite: FTS5 'optimize', which merges its segments and makes
   * queries faster; PostgreSQL: nothing, autovacuum flushes the GIN pending list). Slow: not for every write.
   */
  optimize(db: Kysely<Database>): Promise<void>;
  /**
   * Indexes every entry of `search_entries` again with this version's analyser, after emptying the index
   * whole (SQLite FTS5 'delete-all'; PostgreSQL recomputes each tsvector), so no term of an older analyser
   * stays. Returns the number of entries.
   */
  rebuild(db: Kysely<Database>): Promise<number>;
}
