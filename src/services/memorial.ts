import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { actorLabel, can, readableLabels, type Actor } from '../auth/index.js';
import { ForbiddenError, NotFoundError, ValidationError } from '../domain/errors.js';
import type { submissionInputSchema } from '../domain/records/submission.js';
import { inTransaction, rowDigest, SUBMISSION_SPEC, type RecordValue } from '../storage/index.js';
import { loadCase } from './cases.js';
import { now, type ServiceContext } from './context.js';
import type { MemorialCard, MemorialPerson } from './memorial-index.js';
import { inMemorial, memorialPage, searchMemorialIndex, type MemorialSearch } from './memorial-search.js';

/*
 * The public memorial shows only `public` victims of `public` cases, and only the fields listed in
 * memorial-index.ts: names, father's name, gender, birth date, what happened to the person, where they were
 * held and where they may lie. Contact details and notes are never shown, whatever their label. Search and
 * pages are read from the memorial index, never from the records at query time.
 */

export type { MemorialCard, MemorialPerson } from './memorial-index.js';
export { birthYears, memorialCardsJson, type MemorialSearch } from './memorial-search.js';

/** Finds memorial people by name, optionally narrowed by father's name and birth year. */
export async function searchMemorial(
  ctx: ServiceContext,
  search: MemorialSearch | string,
): Promise<MemorialCard[]> {
  return searchMemorialIndex(ctx, typeof search === 'string' ? { q: search } : search);
}

export async function getMemorialPerson(ctx: ServiceContext, id: string): Promise<MemorialPerson> {
  return memorialPage(ctx, id);
}

/**
 * Stores what a relative sends as a pending, protected submission. The case must be public and the person,
 * if named, one of its memorial people. Nothing about the sender's connection is stored or logged.
 */
export async function submitToMemorial(
  ctx: ServiceContext,
  input: z.output<typeof submissionInputSchema>,
): Promise<{ id: string; status: string }> {
  const anonymous: Actor = { kind: 'anonymous' };
  const found = await loadCase(ctx, anonymous, input.caseId);
  if (input.personId) {
    if (!(await inMemorial(ctx, found.id, input.personId)))
      throw new ValidationError([{ field: 'personId', message: 'no such person in the memorial' }]);
  }
  const at = now();
  const { caseId: _case, ...fields } = input;
  const record = {
    ...fields,
    id: randomUUID(),
    caseId: found.id,
    sensitivity: 'protected',
    status: 'pending',
    reviewNote: null,
    createdAt: at,
    updatedAt: at,
  } as RecordValue;
  await inTransaction(ctx.store, async ({ db, ledger }) => {
    const row = await ctx.records.insert(db, SUBMISSION_SPEC, record);
    ledger.append({
      actor: actorLabel(anonymous),
      action: 'create',
      resourceType: 'submission',
      resourceId: record.id,
      caseId: found.id,
      digest: rowDigest(row),
    });
  });
  return { id: record.id, status: 'pending' };
}

function mayReview(
  actor: Actor,
  caseId: string,
  caseSensitivity: 'public' | 'internal' | 'confidential' | 'protected',
): boolean {
  return (
    readableLabels(actor, caseId, caseSensitivity).includes('protected') &&
    can(actor, 'update', {
      kind: 'record',
      type: 'person',
      caseId,
      caseSensitivity,
      sensitivity: 'protected',
    })
  );
}

/** Submissions of a case, for members who hold the protected grant and may edit people. Each read is logged. */
export async function listSubmissions(
  ctx: ServiceContext,
  actor: Actor,
  caseId: string,
  status?: string,
): Promise<RecordValue[]> {
  const found = await loadCase(ctx, actor, caseId);
  if (!mayReview(actor, caseId, found.sensitivity))
    throw new ForbiddenError('reviewing submissions needs the protected grant');
  const page = await ctx.records.list(ctx.store.db, SUBMISSION_SPEC, {
    caseId,
    labels: ['protected'],
    filters: status ? { status } : {},
    limit: 500,
    offset: 0,
  });
  await inTransaction(ctx.store, async ({ ledger }) => {
    for (const s of page.items)
      ledger.append({
        actor: actorLabel(actor),
        action: 'read',
        resourceType: 'submission',
        resourceId: s.id,
        caseId,
        digest: null,
      });
  });
  return page.items;
}

export async function reviewSubmission(
  ctx: ServiceContext,
  actor: Actor,
  caseId: string,
  id: string,
  review: { status: string; reviewNote: string | null },
): Promise<RecordValue> {
  const found = await loadCase(ctx, actor, caseId);
  if (!mayReview(actor, caseId, found.sensitivity))
    throw new ForbiddenError('reviewing submissions needs the protected grant');
  return inTransaction(ctx.store, async ({ db, ledger }) => {
    const current = /^[0-9a-f-]{36}$/.test(id)
      ? await ctx.records.findById(db, SUBMISSION_SPEC, caseId, id)
      : undefined;
    if (!current) throw new NotFoundError('submission', id);
    const next = { ...current, ...review, updatedAt: now() };
    const row = await ctx.records.update(db, SUBMISSION_SPEC, next);
    ledger.append({
      actor: actorLabel(actor),
      action: 'update',
      resourceType: 'submission',
      resourceId: id,
      caseId,
      digest: rowDigest(row),
    });
    return next;
  });
}
