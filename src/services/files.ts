/**
 * Reading stored evidence: every read re-checks the file's hash first. A file whose bytes no longer match
 * (or are gone) is quarantined — recorded, audited, and refused from then on — and the error names it.
 * Views, downloads, copies and exports are appended to the file's custody log; withdrawal hides a file
 * without touching its bytes.
 */
import type { Readable } from 'node:stream';
import { z } from 'zod';
import { actorLabel, can, readableLabels, type Actor } from '../auth/index.js';
import { ForbiddenError, IntegrityError, NotFoundError, ValidationError } from '../domain/errors.js';
import type { CaseRecord } from '../domain/records/case.js';
import type {
  CustodyEntry,
  DocumentView,
  FileDetail,
  MentionKind,
  MentionStatus,
  MentionView,
} from '../domain/evidence-views.js';
import type { Sensitivity } from '../domain/sensitivity.js';
import { FILE_SPEC, inTransaction, MENTION_SPEC, rowDigest, type RecordValue } from '../storage/index.js';
import { loadCase, recordResource } from './cases.js';
import { now, type ServiceContext } from './context.js';
import { appendCustody, toView, type CustodyAction, type FileView } from './evidence.js';
import { logProtectedReads } from './records.js';
import { removeDocument } from './search.js';

export type { CustodyEntry, DocumentView, FileDetail, MentionView };

const uuid = z.string().uuid();

/** A file of the case the actor may read, or a 404 (an unreadable file is reported as missing). */
async function readableFile(
  ctx: ServiceContext,
  actor: Actor,
  caseId: string,
  fileId: string,
): Promise<{ found: CaseRecord; record: RecordValue }> {
  const found = await loadCase(ctx, actor, caseId);
  const record = uuid.safeParse(fileId).success
    ? await ctx.records.findById(ctx.store.db, FILE_SPEC, caseId, fileId)
    : undefined;
  if (!record || !can(actor, 'read', recordResource(found, 'source', record.sensitivity as Sensitivity)))
    throw new NotFoundError('file', fileId);
  return { found, record };
}

export async function listFiles(
  ctx: ServiceContext,
  actor: Actor,
  caseId: string,
  options: { sourceId?: string; includeWithdrawn?: boolean; limit?: number; offset?: number } = {},
): Promise<{ items: FileView[]; total: number; limit: number; offset: number }> {
  const found = await loadCase(ctx, actor, caseId);
  const limit = Math.min(Math.max(options.limit ?? 50, 1), 500);
  const offset = Math.max(options.offset ?? 0, 0);
  const labels = readableLabels(actor, caseId, found.sensitivity);
  if (labels.length === 0) return { items: [], total: 0, limit, offset };
  let query = ctx.store.db
    .selectFrom('files')
    .where('caseId', '=', caseId)
    .where('sensitivity', 'in', labels)
    .where('parentId', 'is', null);
  if (options.sourceId) query = query.where('sourceId', '=', options.sourceId);
  if (!options.includeWithdrawn) query = query.where('status', '!=', 'withdrawn');
  const counted = await query.select((eb) => eb.fn.countAll().as('n')).executeTakeFirst();
  const rows = await query
    .selectAll()
    .orderBy('createdAt', 'desc')
    .orderBy('id')
    .limit(limit)
    .offset(offset)
    .execute();
  const items = rows.map((row) => toView(ctx.records.fromRow(FILE_SPEC, row as never)));
  await logProtectedReads(ctx, actor, 'file', caseId, items);
  return { items, total: Number(counted?.n ?? 0), limit, offset };
}

/** A file with the files derived from it and its custody log. */
export async function fileDetail(
  ctx: ServiceContext,
  actor: Actor,
  caseId: string,
  fileId: string,
): Promise<FileDetail> {
  const { record } = await readableFile(ctx, actor, caseId, fileId);
  const derivedRows = await ctx.store.db
    .selectFrom('files')
    .selectAll()
    .where('parentId', '=', fileId)
    .execute();
  const custody = await ctx.store.db
    .selectFrom('custodyEvents')
    .selectAll()
    .where('fileId', '=', fileId)
    .orderBy('at')
    .orderBy('id')
    .execute();
  const file = toView(record);
  await logProtectedReads(ctx, actor, 'file', caseId, [file]);
  return {
    file,
    derived: derivedRows.map((row) => toView(ctx.records.fromRow(FILE_SPEC, row as never))),
    custody: custody.map((c) => ({
      id: c.id,
      at: c.at,
      actor: c.actor,
      action: c.action,
      detail: JSON.parse(c.detail) as Record<string, unknown>,
    })),
  };
}

/**
 * Opens a file's bytes after re-checking its hash, and records why they were opened. A mismatch or a missing
 * blob quarantines the file and throws an IntegrityError naming it.
 */
export async function openFile(
  ctx: ServiceContext,
  actor: Actor,
  caseId: string,
  fileId: string,
  purpose: Extract<CustodyAction, 'viewed' | 'downloaded' | 'copied' | 'exported'>,
  detail: Record<string, unknown> = {},
): Promise<{ file: FileView; stream: Readable }> {
  const { record } = await readableFile(ctx, actor, caseId, fileId);
  const file = toView(record);
  if (file.status === 'withdrawn') throw new NotFoundError('file', fileId);
  await assertIntact(ctx, actor, file);
  await inTransaction(ctx.store, async (uow) => {
    await appendCustody(uow, actor, file, purpose, detail);
  });
  return { file, stream: ctx.evidence.blobs.openRead(file.sha256) };
}

/** The extracted text of a file with the mentions spotted in it; the text file's hash is checked too. */
export async function readDocument(
  ctx: ServiceContext,
  actor: Actor,
  caseId: string,
  fileId: string,
): Promise<DocumentView> {
  const { found, record } = await readableFile(ctx, actor, caseId, fileId);
  const file = toView(record);
  if (file.status === 'withdrawn') throw new NotFoundError('file', fileId);
  const textRow = await ctx.store.db
    .selectFrom('files')
    .selectAll()
    .where('parentId', '=', fileId)
    .where('mediaType', 'like', 'text/plain%')
    .orderBy('createdAt', 'desc')
    .executeTakeFirst();
  const textFile = textRow ? toView(ctx.records.fromRow(FILE_SPEC, textRow as never)) : null;
  let text: string | null = null;
  if (textFile) {
    await assertIntact(ctx, actor, textFile);
    const chunks: Buffer[] = [];
    for await (const chunk of ctx.evidence.blobs.openRead(textFile.sha256) as AsyncIterable<Buffer>)
      chunks.push(chunk);
    text = Buffer.concat(chunks).toString('utf8');
  }
  // By the reader's rights: a mention is labelled like the more restricted of the document and what it names.
  const labels = readableLabels(actor, caseId, found.sensitivity);
  const mentionRows = await ctx.store.db
    .selectFrom('mentions')
    .selectAll()
    .where('fileId', '=', fileId)
    .where('sensitivity', 'in', labels)
    .orderBy('charStart')
    .orderBy('id')
    .execute();
  const mentions = mentionRows.map((row) => ctx.records.fromRow(MENTION_SPEC, row as never));
  await logProtectedReads(
    ctx,
    actor,
    'mention',
    caseId,
    mentions as Array<{ id: string; sensitivity: string }>,
  );
  await inTransaction(ctx.store, async (uow) => {
    await appendCustody(uow, actor, file, 'viewed', { what: 'extracted text' });
  });
  return {
    file,
    textFile,
    text,
    mentions: mentions.map(mentionView),
  };
}

export function mentionView(record: RecordValue): MentionView {
  return {
    id: record.id,
    kind: record.kind as MentionKind,
    charStart: Number(record.charStart),
    charEnd: Number(record.charEnd),
    text: String(record.text),
    entityType: (record.entityType as string | null) ?? null,
    entityId: (record.entityId as string | null) ?? null,
    match: (record.match as string | null) ?? null,
    score: Number(record.score),
    value: (record.value as Record<string, unknown> | null) ?? null,
    status: record.status as MentionStatus,
    excerptId: (record.excerptId as string | null) ?? null,
    claimId: (record.claimId as string | null) ?? null,
    decidedBy: (record.decidedBy as string | null) ?? null,
    note: (record.note as string | null) ?? null,
  };
}

/** Hides a file from lists, views and exports; its bytes and records stay, and the withdrawal is audited. */
export async function withdrawFile(
  ctx: ServiceContext,
  actor: Actor,
  caseId: string,
  fileId: string,
  reason: string,
): Promise<FileView> {
  const { found, record } = await readableFile(ctx, actor, caseId, fileId);
  if (!can(actor, 'update', recordResource(found, 'source', record.sensitivity as Sensitivity)))
    throw new ForbiddenError('withdrawing a file needs the right to edit sources');
  if (!reason.trim()) throw new ValidationError([{ field: 'reason', message: 'a reason is required' }]);
  if (record.status === 'withdrawn') return toView(record);
  return setStatus(ctx, actor, record, 'withdrawn', reason.trim());
}

async function setStatus(
  ctx: ServiceContext,
  actor: Actor,
  record: RecordValue,
  status: 'withdrawn' | 'quarantined',
  note: string,
): Promise<FileView> {
  const updated = { ...record, status, statusNote: note, updatedAt: now() };
  await inTransaction(ctx.store, async (uow) => {
    const row = await ctx.records.update(uow.db, FILE_SPEC, updated);
    uow.ledger.append({
      actor: actorLabel(actor),
      action: 'update',
      resourceType: 'file',
      resourceId: record.id,
      caseId: record.caseId,
      digest: rowDigest(row),
    });
    await appendCustody(uow, actor, toView(updated), status, { reason: note });
    // A withdrawn file leaves the search index; a quarantined one stays findable, and refuses to open.
    if (status === 'withdrawn') await removeDocument(uow.db, ctx.store.dialect, record.id);
  });
  return toView(updated);
}

/**
 * Re-hashes a file's stored bytes. A mismatch or missing blob quarantines the file (once) and throws an
 * IntegrityError naming it; a file already quarantined is refused without a new check.
 */
export async function assertIntact(ctx: ServiceContext, actor: Actor, file: FileView): Promise<void> {
  if (file.status === 'quarantined')
    throw new IntegrityError(
      `file "${file.originalName}" (${file.id}) is quarantined: ${file.statusNote ?? 'it failed its integrity check'}`,
      [file.id],
    );
  const check = await ctx.evidence.blobs.check(file.sha256);
  if (check.status === 'ok') return;
  const problem =
    check.status === 'missing'
      ? `its stored bytes (sha256 ${file.sha256}) are missing`
      : `its stored bytes no longer match sha256 ${file.sha256} (now ${check.actualSha256})`;
  const record = await ctx.records.findById(ctx.store.db, FILE_SPEC, file.caseId, file.id);
  if (record) await setStatus(ctx, actor, record, 'quarantined', problem);
  throw new IntegrityError(`file "${file.originalName}" (${file.id}) is quarantined: ${problem}`, [file.id]);
}

/**
 * Checks every file of a case before its export; refuses the export naming each file that fails (and
 * quarantines it). Withdrawn files are not exported and not checked.
 */
export async function checkCaseFiles(ctx: ServiceContext, actor: Actor, caseId: string): Promise<number> {
  const rows = await ctx.store.db
    .selectFrom('files')
    .selectAll()
    .where('caseId', '=', caseId)
    .where('status', '!=', 'withdrawn')
    .orderBy('id')
    .execute();
  const failed: string[] = [];
  const ids: string[] = [];
  for (const row of rows) {
    const file = toView(ctx.records.fromRow(FILE_SPEC, row as never));
    try {
      await assertIntact(ctx, actor, file);
    } catch (error) {
      if (!(error instanceof IntegrityError)) throw error;
      failed.push(error.message);
      ids.push(file.id);
    }
  }
  if (failed.length > 0)
    throw new IntegrityError(
      `export refused: ${failed.length} file(s) failed their integrity check — ${failed.join('; ')}`,
      ids,
    );
  return rows.length;
}

/** Every stored file whose bytes are missing or altered, for `dossier verify` (reads only; changes nothing). */
export async function verifyBlobs(
  ctx: ServiceContext,
): Promise<
  Array<{ fileId: string; caseId: string; sha256: string; problem: 'missing' | 'altered'; message: string }>
> {
  const problems: Array<{
    fileId: string;
    caseId: string;
    sha256: string;
    problem: 'missing' | 'altered';
    message: string;
  }> = [];
  for await (const batch of ctx.records.allRows(ctx.store.db, 'files')) {
    for (const row of batch) {
      const sha256 = String(row.sha256);
      const check = await ctx.evidence.blobs.check(sha256);
      if (check.status === 'ok') continue;
      const name = row.sensitivity === 'protected' ? '(protected name)' : String(row.originalName);
      problems.push({
        fileId: String(row.id),
        caseId: String(row.caseId),
        sha256,
        problem: check.status,
        message:
          check.status === 'missing'
            ? `file ${String(row.id)} "${name}": its stored bytes (sha256 ${sha256}) are missing`
            : `file ${String(row.id)} "${name}": its stored bytes no longer match sha256 ${sha256} (now ${check.actualSha256})`,
      });
    }
  }
  return problems;
}
