/**
 * The evidence store as a use case: files arrive (streamed into the blob store), become a source with its
 * original file, the extracted text as a derived file, search entries and spotted mentions — all in one
 * transaction with their ledger entries. Every read of stored bytes re-checks the hash; a mismatch
 * quarantines the file and names it. Every view, download, copy and export lands in the file's custody log.
 */
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { z } from 'zod';
import { actorLabel, can, type Actor } from '../auth/index.js';
import { ForbiddenError, NotFoundError, PayloadTooLargeError, ValidationError } from '../domain/errors.js';
import type {
  Collection,
  ExtractionSummary,
  FileStatus,
  FileView,
  IngestResult,
} from '../domain/evidence-views.js';
import type { CaseRecord } from '../domain/records/case.js';
import type { SOURCE_KINDS } from '../domain/records/source.js';
import { mostRestrictive, type Sensitivity } from '../domain/sensitivity.js';
import { BlobTooLargeError } from '../evidence/blob-store.js';
import {
  extractText,
  ExtractionError,
  SNIFF_BYTES,
  sniffMediaType,
  type Extraction,
} from '../extraction/index.js';
import { buildSpotter, type GazetteerEntry, type Mention, type Spotter } from '../spotting/index.js';
import {
  FILE_SPEC,
  inTransaction,
  MENTION_SPEC,
  rowDigest,
  specForType,
  type RecordValue,
  type UnitOfWork,
} from '../storage/index.js';
import { loadCase, recordResource } from './cases.js';
import { now, type ServiceContext } from './context.js';
import { readableRecords } from './records.js';
import { indexDocument } from './search.js';

export const CUSTODY_ACTIONS = [
  'collected',
  'received_again',
  'extracted',
  'viewed',
  'downloaded',
  'copied',
  'exported',
  'withdrawn',
  'quarantined',
] as const;
export type CustodyAction = (typeof CUSTODY_ACTIONS)[number];

/** How a file came into the investigators' hands. */
export const collectionSchema = z
  .object({
    collectedBy: z.string().max(300).optional(),
    collectedAt: z.string().max(100).optional(),
    origin: z.string().max(2000).optional(),
    method: z.string().max(1000).optional(),
    tool: z.string().max(300).optional(),
  })
  .strict() satisfies z.ZodType<Collection>;
export type { Collection, ExtractionSummary, FileView, IngestResult };

export interface IngestRequest {
  content: Readable | AsyncIterable<Uint8Array>;
  fileName: string;
  sensitivity: Sensitivity;
  /** Attach to this source instead of creating one named after the file. */
  sourceId?: string | null;
  title?: string;
  kind?: (typeof SOURCE_KINDS)[number];
  collection?: Collection | null;
}

const uuid = z.string().uuid();

/**
 * Ingests files into one case for one actor: loads the case and the names the spotter looks for once, then
 * takes any number of files (the CLI's `ingest` and the upload route use one per request or per run).
 */
export class IngestSession {
  private constructor(
    private readonly ctx: ServiceContext,
    private readonly actor: Actor,
    private readonly found: CaseRecord,
    private readonly spotter: Spotter,
    /** The label of each entity the spotter looks for. */
    private readonly labels: ReadonlyMap<string, Sensitivity>,
  ) {}

  static async open(ctx: ServiceContext, actor: Actor, caseId: string): Promise<IngestSession> {
    const found = await loadCase(ctx, actor, caseId);
    if (!can(actor, 'create', recordResource(found, 'source', 'internal')))
      throw new ForbiddenError('adding files needs the right to create sources in this case');
    const entries = await gazetteer(ctx, actor, caseId);
    return new IngestSession(
      ctx,
      actor,
      found,
      buildSpotter(entries),
      new Map(entries.map((e) => [e.id, e.sensitivity])),
    );
  }

  get caseId(): string {
    return this.found.id;
  }

  async ingest(request: IngestRequest): Promise<IngestResult> {
    const { ctx, actor, found } = this;
    const fileName = cleanFileName(request.fileName);
    if (!can(actor, 'create', recordResource(found, 'source', request.sensitivity)))
      throw new ForbiddenError(`you may not add ${request.sensitivity} files to this case`);
    if (request.sourceId) await this.checkSource(request.sourceId);

    const stored = await putBlob(ctx, request.content);
    if (stored.size === 0) {
      if (stored.created) await removeIfUnreferenced(ctx, stored.sha256);
      throw new ValidationError([{ field: 'file', message: `${fileName}: the file is empty` }]);
    }
    const mediaType = sniffMediaType(await ctx.evidence.blobs.head(stored.sha256, SNIFF_BYTES), fileName);
    if (!isAllowed(mediaType, ctx.evidence.allowedTypes)) {
      // Bytes of a refused file are not kept, unless a file row already refers to them.
      if (stored.created) await removeIfUnreferenced(ctx, stored.sha256);
      throw new ValidationError([
        {
          field: 'file',
          message: `${fileName}: files of type ${mediaType} are not accepted here (accepted: ${ctx.evidence.allowedTypes.join(', ')})`,
        },
      ]);
    }

    const existing = await ctx.store.db
      .selectFrom('files')
      .select(['id'])
      .where('caseId', '=', found.id)
      .where('sha256', '=', stored.sha256)
      .where('parentId', 'is', null)
      .executeTakeFirst();
    if (existing) {
      const file = await this.loadFile(existing.id);
      await inTransaction(ctx.store, async (uow) => {
        await appendCustody(uow, actor, file, 'received_again', {
          fileName,
          ...(request.collection ? { collection: request.collection } : {}),
        });
      });
      return {
        file,
        sourceId: file.sourceId ?? '',
        duplicate: true,
        extraction: file.extraction,
        mentions: await this.countMentions(file.id),
      };
    }

    const { summary, extraction } = await extract(ctx, stored.sha256, mediaType, fileName);
    const textBlob = extraction?.text
      ? await putBlob(ctx, Readable.from([Buffer.from(extraction.text)]))
      : null;
    const mentions = extraction?.text
      ? this.spotter.spot(extraction.text, { language: extraction.language })
      : [];

    const at = now();
    const sourceId = request.sourceId ?? randomUUID();
    // A protected file's name may name a witness: it is kept encrypted on the file, and the source, whose
    // title is not an identifying field, is titled after the hash unless the investigator gives a title.
    const isProtected = request.sensitivity === 'protected';
    const title =
      request.title?.trim() || (isProtected ? `Protected file ${stored.sha256.slice(0, 12)}` : fileName);
    const original: RecordValue = {
      id: randomUUID(),
      caseId: found.id,
      sensitivity: request.sensitivity,
      createdAt: at,
      updatedAt: at,
      sourceId,
      sha256: stored.sha256,
      size: stored.size,
      mediaType,
      originalName: fileName,
      parentId: null,
      parentSha256: null,
      derivation: null,
      collection: request.collection ?? null,
      status: 'active',
      statusNote: null,
      extraction: summary,
    };
    const derived: RecordValue | null =
      textBlob && extraction
        ? {
            ...original,
            id: randomUUID(),
            sha256: textBlob.sha256,
            size: textBlob.size,
            mediaType: 'text/plain; charset=utf-8',
            originalName: `${fileName}.txt`,
            parentId: original.id,
            parentSha256: stored.sha256,
            derivation: { kind: 'text', tool: extraction.tool, toolVersion: extraction.toolVersion },
            collection: null,
            extraction: null,
          }
        : null;

    await inTransaction(ctx.store, async (uow) => {
      if (!request.sourceId) {
        const spec = specForType('source')!;
        const source: RecordValue = {
          id: sourceId,
          caseId: found.id,
          sensitivity: request.sensitivity,
          createdAt: at,
          updatedAt: at,
          kind: request.kind ?? sourceKindOf(mediaType),
          title,
          authors: [],
          publisher: null,
          date: null,
          language: extraction?.language ?? null,
          url: null,
          // `origin` is not an identifying field; the collection record (encrypted when protected) holds it.
          origin: isProtected ? null : (request.collection?.origin ?? null),
          collection: request.collection ?? null,
          reliability: null,
          consent: null,
          contact: null,
          notes: '',
        };
        await insertAudited(ctx, uow, actor, spec, source);
      }
      await insertAudited(ctx, uow, actor, FILE_SPEC, original);
      await appendCustody(uow, actor, original, 'collected', {
        fileName,
        sha256: stored.sha256,
        size: stored.size,
        ...(request.collection ? { collection: request.collection } : {}),
      });
      if (derived) {
        await insertAudited(ctx, uow, actor, FILE_SPEC, derived);
        await appendCustody(uow, actor, original, 'extracted', {
          derivedFileId: derived.id,
          sha256: derived.sha256,
          tool: extraction!.tool,
          toolVersion: extraction!.toolVersion,
        });
        await indexDocument(uow.db, ctx.store.dialect, {
          caseId: found.id,
          sensitivity: request.sensitivity,
          sourceId,
          fileId: original.id,
          title,
          fileName: isProtected ? null : fileName,
          text: extraction!.text,
          language: extraction!.language,
          dateStart: null,
          dateEnd: null,
        });
      }
      for (const mention of mentions) {
        // A mention says that this text names that entity: it is labelled like the more restricted of the
        // two, so a public document never tells a reader who may not see a protected witness that it names one.
        const label = mostRestrictive(
          request.sensitivity,
          mention.entityId ? this.labels.get(mention.entityId) : undefined,
        );
        await insertAudited(ctx, uow, actor, MENTION_SPEC, mentionRecord(mention, original, label, at));
      }
    });
    return {
      file: toView(original),
      sourceId,
      duplicate: false,
      extraction: summary,
      mentions: countByKind(mentions.map((m) => m.kind)),
    };
  }

  private async checkSource(sourceId: string): Promise<void> {
    const spec = specForType('source')!;
    const source = uuid.safeParse(sourceId).success
      ? await this.ctx.records.findById(this.ctx.store.db, spec, this.found.id, sourceId)
      : undefined;
    if (!source || !can(this.actor, 'read', recordResource(this.found, 'source', source.sensitivity)))
      throw new ValidationError([{ field: 'sourceId', message: `no source ${sourceId} in this case` }]);
  }

  private async loadFile(id: string): Promise<FileView> {
    const record = await this.ctx.records.findById(this.ctx.store.db, FILE_SPEC, this.found.id, id);
    if (!record) throw new NotFoundError('file', id);
    return toView(record);
  }

  private async countMentions(fileId: string): Promise<IngestResult['mentions']> {
    const rows = await this.ctx.store.db
      .selectFrom('mentions')
      .select(['kind'])
      .where('fileId', '=', fileId)
      .execute();
    return countByKind(rows.map((r) => r.kind));
  }
}

/** The case's known people, organizations and places that the actor may read, with every name. */
async function gazetteer(
  ctx: ServiceContext,
  actor: Actor,
  caseId: string,
): Promise<Array<GazetteerEntry & { sensitivity: Sensitivity }>> {
  const entries: Array<GazetteerEntry & { sensitivity: Sensitivity }> = [];
  for (const kind of ['person', 'organization', 'place'] as const) {
    for (const record of await readableRecords(ctx, actor, caseId, specForType(kind)!)) {
      const names = ((record.names as Array<{ text: string }> | undefined) ?? []).map((n) => n.text);
      if (names.length > 0) entries.push({ kind, id: record.id, names, sensitivity: record.sensitivity });
    }
  }
  return entries;
}

async function putBlob(ctx: ServiceContext, content: Readable | AsyncIterable<Uint8Array>) {
  try {
    return await ctx.evidence.blobs.put(content, { maxBytes: ctx.evidence.maxUploadBytes });
  } catch (error) {
    if (error instanceof BlobTooLargeError)
      throw new PayloadTooLargeError(error.message, [{ field: 'file', message: error.message }]);
    throw error;
  }
}

async function removeIfUnreferenced(ctx: ServiceContext, sha256: string): Promise<void> {
  const referred = await ctx.store.db
    .selectFrom('files')
    .select('id')
    .where('sha256', '=', sha256)
    .limit(1)
    .executeTakeFirst();
  if (!referred) await ctx.evidence.blobs.remove(sha256);
}

/** `image/*` accepts every image type; parameters (`; charset=…`) are ignored. */
export function isAllowed(mediaType: string, allowed: readonly string[]): boolean {
  const type = mediaType.split(';')[0]!.trim().toLowerCase();
  return allowed.some((a) => (a.endsWith('/*') ? type.startsWith(a.slice(0, -1)) : type === a));
}

function cleanFileName(name: string): string {
  // Only the last path segment: a name is a label, never a place on the disk.
  const base = name.split(/[\\/]/).pop()!.normalize('NFC').trim();
  if (!base || base === '.' || base === '..')
    throw new ValidationError([{ field: 'name', message: 'a file name is required' }]);
  if (base.length > 255)
    throw new ValidationError([{ field: 'name', message: 'the file name is longer than 255 characters' }]);
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
  if (/[\u0000-\u001f\u007f]/.test(base))
    throw new ValidationError([{ field: 'name', message: 'the file name contains control characters' }]);
  return base;
}

function sourceKindOf(mediaType: string): (typeof SOURCE_KINDS)[number] {
  return /^(image|audio|video)\//.test(mediaType) ? 'media' : 'document';
}

async function extract(
  ctx: ServiceContext,
  sha256: string,
  mediaType: string,
  fileName: string,
): Promise<{ summary: ExtractionSummary; extraction: Extraction | null }> {
  if (/^(audio|video)\//.test(mediaType))
    return {
      summary: { status: 'not_applicable', message: 'no text is extracted from audio or video' },
      extraction: null,
    };
  try {
    const extraction = await ctx.evidence.blobs.withLocalFile(sha256, (path) =>
      extractText(path, { fileName }),
    );
    const languages: Record<string, number> = {};
    for (const p of extraction.paragraphs) {
      const key = p.language ?? 'unknown';
      languages[key] = (languages[key] ?? 0) + 1;
    }
    return {
      extraction,
      summary: {
        status: 'done',
        method: extraction.method,
        tool: extraction.tool,
        toolVersion: extraction.toolVersion,
        pages: extraction.pages,
        encoding: extraction.encoding,
        language: extraction.language,
        languages,
        characters: extraction.text.length,
        warnings: extraction.warnings,
      },
    };
  } catch (error) {
    if (error instanceof ExtractionError)
      return { summary: { status: 'failed', code: error.code, message: error.message }, extraction: null };
    throw error;
  }
}

function mentionRecord(
  mention: Mention,
  file: RecordValue,
  sensitivity: Sensitivity,
  at: string,
): RecordValue {
  const value =
    mention.kind === 'date'
      ? { date: mention.date }
      : mention.kind === 'count'
        ? { count: mention.count }
        : mention.kind === 'candidate'
          ? { candidateKind: mention.candidateKind ?? 'unknown' }
          : mention.matchedName
            ? { matchedName: mention.matchedName }
            : null;
  return {
    id: randomUUID(),
    caseId: file.caseId,
    sensitivity,
    createdAt: at,
    updatedAt: at,
    fileId: file.id,
    sourceId: file.sourceId,
    kind: mention.kind,
    charStart: mention.start,
    charEnd: mention.end,
    text: mention.text,
    entityType: mention.entityId ? mention.kind : null,
    entityId: mention.entityId ?? null,
    match: mention.match ?? null,
    score: Math.round(mention.score * 1000) / 1000,
    value,
    status: 'suggested',
    excerptId: null,
    claimId: null,
    decidedBy: null,
    note: null,
  };
}

function countByKind(kinds: string[]): IngestResult['mentions'] {
  const byKind: Record<string, number> = {};
  for (const kind of kinds) byKind[kind] = (byKind[kind] ?? 0) + 1;
  return { total: kinds.length, byKind };
}

/** Inserts a record and its ledger entry in the caller's transaction. */
export async function insertAudited(
  ctx: ServiceContext,
  uow: UnitOfWork,
  actor: Actor,
  spec: Parameters<ServiceContext['records']['insert']>[1],
  record: RecordValue,
): Promise<void> {
  const row = await ctx.records.insert(uow.db, spec, record);
  uow.ledger.append({
    actor: actorLabel(actor),
    action: 'create',
    resourceType: spec.type,
    resourceId: record.id,
    caseId: record.caseId,
    digest: rowDigest(row),
  });
}

let lastCustodyMs = 0;
const NEUTRAL_DETAILS = new Set(['sha256', 'size', 'derivedFileId', 'tool', 'toolVersion', 'what']);

/** Custody events of one process never share a time, so a file's log reads in the order things happened. */
function custodyTime(): string {
  lastCustodyMs = Math.max(Date.now(), lastCustodyMs + 1);
  return new Date(lastCustodyMs).toISOString();
}

/** Appends a custody event (its own audited row) in the caller's transaction. */
export async function appendCustody(
  uow: UnitOfWork,
  actor: Actor,
  file: { id: string; caseId: string; sensitivity: string },
  action: CustodyAction,
  detail: Record<string, unknown>,
): Promise<void> {
  // Custody details are kept in clear: for a protected file only those that cannot name anyone.
  const kept =
    file.sensitivity === 'protected'
      ? Object.fromEntries(Object.entries(detail).filter(([key]) => NEUTRAL_DETAILS.has(key)))
      : detail;
  const row = {
    id: randomUUID(),
    caseId: file.caseId,
    fileId: file.id,
    at: custodyTime(),
    actor: actorLabel(actor),
    action,
    detail: JSON.stringify(kept),
  };
  uow.ledger.append({
    actor: row.actor,
    action: 'create',
    resourceType: 'custody_event',
    resourceId: row.id,
    caseId: row.caseId,
    digest: rowDigest(row),
  });
  await uow.db.insertInto('custodyEvents').values(row).execute();
}

export function toView(record: RecordValue): FileView {
  return {
    id: record.id,
    caseId: record.caseId,
    sourceId: (record.sourceId as string | null) ?? null,
    sensitivity: record.sensitivity as Sensitivity,
    sha256: String(record.sha256),
    size: Number(record.size),
    mediaType: String(record.mediaType),
    originalName: String(record.originalName),
    parentId: (record.parentId as string | null) ?? null,
    parentSha256: (record.parentSha256 as string | null) ?? null,
    derivation: (record.derivation as FileView['derivation']) ?? null,
    collection: (record.collection as Collection | null) ?? null,
    status: record.status as FileStatus,
    statusNote: (record.statusNote as string | null) ?? null,
    extraction: (record.extraction as ExtractionSummary | null) ?? null,
    createdAt: record.createdAt,
  };
}
