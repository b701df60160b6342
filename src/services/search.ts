/**
 * Search as a use case: which scopes an actor searches (memberships and readableLabels, so the index's own
 * query applies the policy), which records and document texts become index entries — and what of a
 * `protected` record may never be indexed — and keeping the index in step with the records.
 *
 * Indexing is called by the record service on create, update and delete, and by the ingest pipeline for
 * extracted text, inside their transactions: the index never holds an entry for a record that is gone.
 */
import { z } from 'zod';
import { actorLabel, readableLabels, type Actor } from '../auth/index.js';
import { ValidationError, type FieldProblem } from '../domain/errors.js';
import { FuzzyDateError, parseFuzzyDate, type FuzzyDate } from '../domain/fuzzy-date.js';
import { labelsUpTo, sensitivitySchema, type Sensitivity } from '../domain/sensitivity.js';
import {
  SEARCH_KINDS,
  searchIndexFor,
  splitIntoParts,
  type SearchEntry,
  type SearchKind,
  type SearchResult,
  type SearchScope,
} from '../search/index.js';
import {
  inTransaction,
  specForType,
  type DialectInfo,
  type Executor,
  type RecordValue,
} from '../storage/index.js';
import { listCases, loadCase } from './cases.js';
import type { ServiceContext } from './context.js';

/** What a caller may ask for; the HTTP route and the CLI validate with it too. */
export const searchRequestSchema = z
  .object({
    q: z.string().max(1000, 'must be at most 1000 characters'),
    /** One case, or every case the actor may read. */
    caseId: z.string().uuid().optional(),
    kinds: z.array(z.enum(SEARCH_KINDS)).max(SEARCH_KINDS.length).optional(),
    language: z
      .string()
      .regex(/^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})*$/, 'a language code such as fa or en')
      .optional(),
    /** A date as sources write it ("1367", "Mordad 1367", "1988-07-30"): entries dated within or across it. */
    dateFrom: z.string().max(200).optional(),
    dateTo: z.string().max(200).optional(),
    sensitivity: z.array(sensitivitySchema).max(4).optional(),
    limit: z.number().int().min(1).max(500).default(20),
    offset: z.number().int().min(0).max(10_000).default(0),
  })
  .strict();
export type SearchRequest = z.input<typeof searchRequestSchema>;

export interface SearchPage extends SearchResult {
  limit: number;
  offset: number;
}

/** Kinds built from records; documents come from extracted text. */
const RECORD_KINDS: readonly SearchKind[] = ['source', 'excerpt', 'person', 'organization', 'place', 'event'];

function dateBound(text: string | undefined, field: string, side: 'start' | 'end', problems: FieldProblem[]) {
  if (text === undefined || text.trim() === '') return undefined;
  try {
    const bound = parseFuzzyDate(text)[side];
    if (bound) return bound;
    problems.push({ field, message: 'an unknown date cannot bound a search' });
  } catch (error) {
    if (!(error instanceof FuzzyDateError)) throw error;
    problems.push({ field, message: `cannot read "${text}" as a date` });
  }
  return undefined;
}

/** The scopes the actor searches: one case, or every case the actor may read, each with its readable labels. */
async function scopesFor(ctx: ServiceContext, actor: Actor, caseId?: string): Promise<SearchScope[]> {
  const cases = caseId ? [await loadCase(ctx, actor, caseId)] : await listCases(ctx, actor);
  return cases
    .map((c) => ({ caseId: c.id, labels: readableLabels(actor, c.id, c.sensitivity) }))
    .filter((s) => s.labels.length > 0);
}

/**
 * Searches one case or all cases the actor may read. The policy is applied inside the index's query: hits,
 * snippets and the total never include a record the actor may not read. A case the actor may not read is
 * reported as not found. Reads of `protected` hits are written to the ledger, like any protected read.
 */
export async function searchCases(
  ctx: ServiceContext,
  actor: Actor,
  request: SearchRequest,
): Promise<SearchPage> {
  const parsed = searchRequestSchema.safeParse(request);
  if (!parsed.success) {
    throw new ValidationError(
      parsed.error.issues.map((i) => ({ field: i.path.join('.') || 'q', message: i.message })),
    );
  }
  const input = parsed.data;
  const problems: FieldProblem[] = [];
  const dateFrom = dateBound(input.dateFrom, 'dateFrom', 'start', problems);
  const dateTo = dateBound(input.dateTo, 'dateTo', 'end', problems);
  if (dateFrom && dateTo && dateFrom > dateTo)
    problems.push({ field: 'dateTo', message: 'is before dateFrom' });
  if (problems.length) throw new ValidationError(problems);
  const scopes = await scopesFor(ctx, actor, input.caseId);
  const result = await searchIndexFor(ctx.store.dialect).search(ctx.store.db, {
    text: input.q,
    scopes,
    ...(input.kinds ? { kinds: input.kinds } : {}),
    ...(input.language ? { language: input.language } : {}),
    ...(dateFrom ? { dateFrom } : {}),
    ...(dateTo ? { dateTo } : {}),
    ...(input.sensitivity ? { sensitivity: input.sensitivity } : {}),
    limit: input.limit,
    offset: input.offset,
  });
  const seen = result.hits.filter((h) => h.sensitivity === 'protected');
  if (seen.length) {
    await inTransaction(ctx.store, async ({ ledger }) => {
      for (const hit of seen) {
        ledger.append({
          actor: actorLabel(actor),
          action: 'read',
          resourceType: hit.kind === 'document' ? 'file' : hit.kind,
          resourceId: hit.recordId,
          caseId: hit.caseId,
          digest: null,
        });
      }
    });
  }
  return { ...result, limit: input.limit, offset: input.offset };
}

/** The id of a record's entry. */
export function searchEntryId(type: string, recordId: string): string {
  return `${type}:${recordId}`;
}

type Name = { text: string };

function dates(date: unknown): Pick<SearchEntry, 'dateStart' | 'dateEnd'> {
  const d = date as FuzzyDate | null | undefined;
  return { dateStart: d?.start ?? null, dateEnd: d?.end ?? null };
}

function excerptTitle(locator: Record<string, unknown> | null | undefined): string {
  const where = [
    typeof locator?.page === 'number' ? `p. ${locator.page}` : null,
    typeof locator?.section === 'string' ? locator.section : null,
  ].filter((w): w is string => !!w);
  return where.length ? `Excerpt, ${where.join(', ')}` : 'Excerpt';
}

function lines(...parts: unknown[]): string {
  return parts.filter((p): p is string => typeof p === 'string' && p.trim() !== '').join('\n');
}

/**
 * The index entries of a record: none for kinds that are not searched (involvements, relations, claims).
 * A `protected` record gives only what is not identifying: its title or kind, never names, a father's name,
 * authors, contact or notes — nor the cross-script keys derived from names — so that the raw database holds
 * no protected identity in clear (the fields themselves are encrypted). Names are left out of protected
 * organizations and places too, as in the records' own name index.
 */
export function entriesFromRecord(type: string, record: RecordValue): SearchEntry[] {
  if (!(RECORD_KINDS as readonly string[]).includes(type)) return [];
  const kind = type as SearchKind;
  const hidden = record.sensitivity === 'protected';
  const names = hidden ? [] : ((record.names as Name[] | undefined) ?? []).map((n) => n.text);
  const base = {
    id: searchEntryId(kind, record.id),
    caseId: record.caseId,
    sensitivity: record.sensitivity,
    kind,
    recordId: record.id,
    sourceId: null,
    fileId: null,
    fileName: null,
    names,
    language: null,
    dateStart: null,
    dateEnd: null,
  };
  const label = `${kind[0]!.toUpperCase()}${kind.slice(1)} (protected)`;
  switch (kind) {
    case 'source':
      return [
        {
          ...base,
          sourceId: record.id,
          title: String(record.title),
          names: hidden ? [] : ((record.authors as string[] | undefined) ?? []),
          text: lines(record.publisher, record.origin, hidden ? null : record.notes),
          language: (record.language as string | null) ?? null,
          ...dates(record.date),
        },
      ];
    case 'excerpt':
      return [
        {
          ...base,
          sourceId: (record.sourceId as string | undefined) ?? null,
          title: excerptTitle(record.locator as Record<string, unknown> | null),
          // A protected excerpt quotes testimony that may name people: found by its source, not its words.
          text: hidden
            ? ''
            : [record.quote, record.translation].filter((t) => typeof t === 'string' && t).join('\n\n'),
          language: (record.language as string | null) ?? null,
        },
      ];
    case 'person':
      return [
        {
          ...base,
          title: hidden ? label : (names[0] ?? ''),
          text: hidden ? '' : lines(record.fatherName, record.notes),
        },
      ];
    case 'organization':
    case 'place':
      return [
        {
          ...base,
          title: hidden ? label : (names[0] ?? ''),
          text: hidden ? '' : lines(record.description),
        },
      ];
    case 'event':
      return [
        {
          ...base,
          title: String(record.title),
          text: hidden ? '' : lines(record.description),
          ...dates(record.date),
        },
      ];
    case 'document':
      return [];
  }
}

/** Adds or replaces entries (the lead's record service and ingest call these inside their transactions). */
export async function indexRecords(
  db: Executor,
  dialect: DialectInfo,
  entries: SearchEntry[],
): Promise<void> {
  await searchIndexFor(dialect).upsert(db, entries);
}

/** Indexes a record as it now is (or drops its entry when it gives none). */
export async function indexRecord(
  db: Executor,
  dialect: DialectInfo,
  type: string,
  record: RecordValue,
): Promise<void> {
  if (!(RECORD_KINDS as readonly string[]).includes(type)) return; // claims, involvements … are not searched
  const entries = entriesFromRecord(type, record);
  if (entries.length) await indexRecords(db, dialect, entries);
  else await removeFromIndex(db, dialect, [searchEntryId(type, record.id)]);
}

/** Removes entries by id (`searchEntryId(type, recordId)`). */
export async function removeFromIndex(db: Executor, dialect: DialectInfo, ids: string[]): Promise<void> {
  await searchIndexFor(dialect).remove(db, ids);
}

/** A document's extracted text, as the ingest pipeline hands it over. */
export interface DocumentText {
  caseId: string;
  sensitivity: Sensitivity;
  sourceId: string | null;
  fileId: string;
  title: string;
  fileName: string | null;
  text: string;
  language: string | null;
  dateStart: string | null;
  dateEnd: string | null;
}

/**
 * The entries of a document's extracted text: parts of about 4,000 characters (`document:${fileId}:${n}`).
 * Hits group the parts of a document: one hit per document, showing its best part, with the page and offset
 * of the snippet. A `protected` document's text is not indexed — testimony names people — only its title
 * and file name.
 */
export function documentEntries(doc: DocumentText): { entries: SearchEntry[]; truncated: boolean } {
  const { parts, truncated } =
    doc.sensitivity === 'protected' ? { parts: [], truncated: false } : splitIntoParts(doc.text);
  const base = {
    caseId: doc.caseId,
    sensitivity: doc.sensitivity,
    kind: 'document' as const,
    recordId: doc.fileId,
    sourceId: doc.sourceId,
    fileId: doc.fileId,
    title: doc.title,
    fileName: doc.fileName,
    names: [],
    language: doc.language,
    dateStart: doc.dateStart,
    dateEnd: doc.dateEnd,
  };
  const entries: SearchEntry[] = (parts.length ? parts : [{ index: 0, page: null, start: 0, text: '' }]).map(
    (p) => ({
      ...base,
      id: `document:${doc.fileId}:${p.index}`,
      text: p.text,
      part: { index: p.index, page: p.page, start: p.start },
    }),
  );
  return { entries, truncated };
}

/** Indexes a document's extracted text (see `documentEntries`), replacing any earlier parts. */
export async function indexDocument(
  db: Executor,
  dialect: DialectInfo,
  doc: DocumentText,
): Promise<{ parts: number; truncated: boolean }> {
  const index = searchIndexFor(dialect);
  const { entries, truncated } = documentEntries(doc);
  await index.removeFiles(db, [doc.fileId]);
  await index.upsert(db, entries);
  return { parts: entries.filter((e) => e.text !== '').length, truncated };
}

/** Removes every part of a document. */
export async function removeDocument(db: Executor, dialect: DialectInfo, fileId: string): Promise<void> {
  await searchIndexFor(dialect).removeFiles(db, [fileId]);
}

/**
 * Rebuilds a case's record entries from its records, in one transaction (documents, which come from
 * extracted text, are kept). For a store that predates the index, or after a change of what is indexed.
 */
export async function reindexCase(ctx: ServiceContext, caseId: string): Promise<{ entries: number }> {
  const index = searchIndexFor(ctx.store.dialect);
  const labels = labelsUpTo('protected');
  return ctx.store.db.transaction().execute(async (db) => {
    await index.removeCase(db, caseId, RECORD_KINDS);
    let count = 0;
    for (const type of RECORD_KINDS) {
      const spec = specForType(type)!;
      const pageSize = 1000;
      for (let offset = 0; ; offset += pageSize) {
        const page = await ctx.records.list(db, spec, {
          caseId,
          labels,
          filters: {},
          limit: pageSize,
          offset,
        });
        const entries = page.items.flatMap((r) => entriesFromRecord(type, r));
        await index.upsert(db, entries);
        count += entries.length;
        if (page.items.length < pageSize) break;
      }
    }
    return { entries: count };
  });
}

/**
 * Rebuilds the record entries of every case (`dossier reindex`), or only when the index is empty while the
 * store holds records — a store created before the index existed — which `serve` checks at start. A full
 * reindex first indexes every entry again, documents too, from an emptied index (`SearchIndex.rebuild`), so
 * that no term of an earlier analyser stays and entries are then deleted by the terms they were indexed with.
 */
export async function reindexAll(
  ctx: ServiceContext,
  options: { onlyIfEmpty?: boolean } = {},
): Promise<{ cases: number; entries: number }> {
  if (options.onlyIfEmpty) {
    const indexed = await ctx.store.db.selectFrom('searchEntries').select('id').limit(1).executeTakeFirst();
    if (indexed) return { cases: 0, entries: 0 };
  }
  if (!options.onlyIfEmpty)
    await ctx.store.db.transaction().execute((db) => searchIndexFor(ctx.store.dialect).rebuild(db));
  const cases = await ctx.store.db.selectFrom('cases').select('id').orderBy('id').execute();
  let entries = 0;
  for (const c of cases) entries += (await reindexCase(ctx, c.id)).entries;
  if (entries > 0) await searchIndexFor(ctx.store.dialect).optimize(ctx.store.db);
  return { cases: cases.length, entries };
}
