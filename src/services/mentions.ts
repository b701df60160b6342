/**
 * Deciding on what spotting suggested. Accepting a mention turns it into evidence: an excerpt of the
 * document (the sentence around the mention, with its offsets and page) and a claim attributed to it —
 * that the known entity is mentioned in the source, or, for a date or a count, the value of a property the
 * investigator names. Accepting a candidate name first creates the new entity. Rejecting records the
 * judgement; going back to `suggested` retracts the claim (the excerpt stays: it is still a true quote).
 * Every step is audited.
 */
import { z } from 'zod';
import { actorLabel, can, type Actor } from '../auth/index.js';
import { ForbiddenError, NotFoundError, ValidationError } from '../domain/errors.js';
import type { CaseRecord } from '../domain/records/case.js';
import type { Sensitivity } from '../domain/sensitivity.js';
import { inTransaction, MENTION_SPEC, rowDigest, specForType, type RecordValue } from '../storage/index.js';
import { loadCase, recordResource } from './cases.js';
import { now, type ServiceContext } from './context.js';
import { mentionView, readDocument, type MentionView } from './files.js';
import { createRecordIn } from './records.js';

export const mentionDecisionSchema = z
  .object({
    decision: z.enum(['accept', 'reject', 'suggested']),
    /** For dates and counts: what the value is about (`event`, an id) and which property it gives. */
    subjectType: z.enum(['person', 'organization', 'place', 'event']).optional(),
    subjectId: z.string().uuid().optional(),
    property: z
      .string()
      .min(1)
      .max(200)
      .regex(/^[a-z][a-z0-9_.]*$/, 'lower-case identifier (letters, digits, _ and .)')
      .optional(),
    /** Who makes the claim, in the source's own attribution. */
    claimant: z.string().max(1000).optional(),
    /** For a candidate name: the kind of entity to create. */
    entityKind: z.enum(['person', 'organization', 'place']).optional(),
    note: z.string().max(5000).optional(),
  })
  .strict();
export type MentionDecision = z.infer<typeof mentionDecisionSchema>;

const uuid = z.string().uuid();

export async function decideMention(
  ctx: ServiceContext,
  actor: Actor,
  caseId: string,
  mentionId: string,
  decision: MentionDecision,
): Promise<MentionView> {
  const found = await loadCase(ctx, actor, caseId);
  const record = uuid.safeParse(mentionId).success
    ? await ctx.records.findById(ctx.store.db, MENTION_SPEC, caseId, mentionId)
    : undefined;
  const sensitivity = record?.sensitivity as Sensitivity | undefined;
  if (!record || !sensitivity || !can(actor, 'read', recordResource(found, 'source', sensitivity)))
    throw new NotFoundError('mention', mentionId);
  if (!can(actor, 'create', recordResource(found, 'claim', sensitivity)))
    throw new ForbiddenError('deciding on mentions needs the right to create claims');
  const mention = mentionView(record);
  if (
    mention.status === decision.decision ||
    (mention.status === 'accepted' && decision.decision === 'accept')
  )
    return mention;
  if (mention.status === 'accepted' && decision.decision === 'reject')
    throw new ValidationError([
      { field: 'decision', message: 'an accepted mention must first be set back to suggested' },
    ]);

  const quote =
    decision.decision === 'accept'
      ? sentenceAround(
          (await readDocument(ctx, actor, caseId, String(record.fileId))).text ?? '',
          mention.charStart,
          mention.charEnd,
        )
      : null;

  return inTransaction(ctx.store, async (uow) => {
    const changes: Partial<RecordValue> = {
      status:
        decision.decision === 'accept'
          ? 'accepted'
          : decision.decision === 'reject'
            ? 'rejected'
            : 'suggested',
      decidedBy: decision.decision === 'suggested' ? null : actorLabel(actor),
      note: decision.note ?? (record.note as string | null) ?? null,
    };
    if (decision.decision === 'suggested' && mention.claimId) {
      // Undoing an acceptance retracts the claim it made; the record of the claim remains.
      const claimSpec = specForType('claim')!;
      const claim = await ctx.records.findById(uow.db, claimSpec, caseId, mention.claimId);
      if (claim) {
        const row = await ctx.records.update(uow.db, claimSpec, {
          ...claim,
          status: 'retracted',
          updatedAt: now(),
        });
        uow.ledger.append({
          actor: actorLabel(actor),
          action: 'update',
          resourceType: 'claim',
          resourceId: claim.id,
          caseId,
          digest: rowDigest(row),
        });
      }
      changes.claimId = null;
    }
    if (decision.decision === 'accept' && quote) {
      const { subjectType, subjectId, property, value } = await claimTarget(
        ctx,
        uow,
        actor,
        found,
        record,
        mention,
        decision,
      );
      const excerpt = await createRecordIn(ctx, uow, actor, found, specForType('excerpt')!, {
        sourceId: record.sourceId,
        locator: { charStart: quote.start, charEnd: quote.end, ...(quote.page ? { page: quote.page } : {}) },
        quote: quote.text,
        translation: null,
        language: null,
        sensitivity,
      });
      const claim = await createRecordIn(ctx, uow, actor, found, specForType('claim')!, {
        subjectType,
        subjectId,
        property,
        value,
        claimant: decision.claimant ?? null,
        // The mention's words are in the excerpt (encrypted when protected); the claim names the mention only.
        qualifiers: { mention: mention.id },
        evidence: [{ excerptId: excerpt.id, stance: 'supports' }],
        credibility: null,
        status: 'asserted',
        sensitivity,
      });
      changes.excerptId = excerpt.id;
      changes.claimId = claim.id;
    }
    const updated = { ...record, ...changes, updatedAt: now() } as RecordValue;
    const row = await ctx.records.update(uow.db, MENTION_SPEC, updated);
    uow.ledger.append({
      actor: actorLabel(actor),
      action: 'update',
      resourceType: 'mention',
      resourceId: record.id,
      caseId,
      digest: rowDigest(row),
    });
    return mentionView(updated);
  });
}

/** What the claim made by accepting a mention is about, and its value. */
async function claimTarget(
  ctx: ServiceContext,
  uow: Parameters<typeof createRecordIn>[1],
  actor: Actor,
  found: CaseRecord,
  record: RecordValue,
  mention: MentionView,
  decision: MentionDecision,
): Promise<{ subjectType: string; subjectId: string; property: string; value: Record<string, unknown> }> {
  const mentionedIn = { type: 'entity', entityType: 'source', id: String(record.sourceId) };
  if (mention.kind === 'person' || mention.kind === 'organization' || mention.kind === 'place') {
    return {
      subjectType: mention.kind,
      subjectId: String(mention.entityId),
      property: decision.property ?? 'mentioned_in',
      value: mentionedIn,
    };
  }
  if (mention.kind === 'candidate') {
    if (!decision.entityKind)
      throw new ValidationError([
        { field: 'entityKind', message: 'say whether the new name is a person, an organization or a place' },
      ]);
    const spec = specForType(decision.entityKind)!;
    const parsed = spec.createSchema.safeParse({
      names: [{ text: mention.text.trim() }],
      sensitivity: record.sensitivity,
      ...(decision.entityKind === 'place' ? { kind: 'other' } : {}),
      ...(decision.entityKind === 'organization' ? { kind: 'other' } : {}),
    });
    if (!parsed.success)
      throw new ValidationError(
        parsed.error.issues.map((i) => ({ field: `entity.${i.path.join('.')}`, message: i.message })),
      );
    const entity = await createRecordIn(ctx, uow, actor, found, spec, parsed.data as Record<string, unknown>);
    return {
      subjectType: decision.entityKind,
      subjectId: entity.id,
      property: 'mentioned_in',
      value: mentionedIn,
    };
  }
  const problems = [
    ...(decision.subjectType
      ? []
      : [{ field: 'subjectType', message: 'required to accept a date or a count' }]),
    ...(decision.subjectId ? [] : [{ field: 'subjectId', message: 'required to accept a date or a count' }]),
    ...(decision.property ? [] : [{ field: 'property', message: 'required to accept a date or a count' }]),
  ];
  if (problems.length) throw new ValidationError(problems);
  const value = mention.kind === 'date' ? dateValue(mention) : countValue(mention);
  return {
    subjectType: decision.subjectType!,
    subjectId: decision.subjectId!,
    property: decision.property!,
    value,
  };
}

function dateValue(mention: MentionView): Record<string, unknown> {
  const date = (mention.value as { date?: unknown } | null)?.date;
  return { type: 'date', date: date ?? mention.text };
}

const BOUND: Record<string, string> = {
  exact: 'exact',
  about: 'about',
  more_than: 'at_least',
  less_than: 'at_most',
  up_to: 'at_most',
  between: 'exact',
};

function countValue(mention: MentionView): Record<string, unknown> {
  const count = (
    mention.value as { count?: { min: number | null; max: number | null; qualifier: string } } | null
  )?.count;
  if (!count || (count.min === null && count.max === null))
    throw new ValidationError([{ field: 'decision', message: 'this count has no figure to record' }]);
  const bound = BOUND[count.qualifier] ?? 'exact';
  if (count.min !== null && count.max !== null && count.min !== count.max)
    return { type: 'number_range', min: count.min, max: count.max, bound };
  return { type: 'number', value: count.min ?? count.max, bound };
}

/** The sentence (or line) holding a span, trimmed, with its offsets and the page it is on. */
export function sentenceAround(
  text: string,
  start: number,
  end: number,
): { text: string; start: number; end: number; page: number | null } {
  const limit = 600;
  const stops = /[.!?؟۔\n\f]/;
  let from = start;
  while (from > 0 && start - from < limit && !stops.test(text[from - 1]!)) from -= 1;
  let to = end;
  while (to < text.length && to - end < limit && !stops.test(text[to]!)) to += 1;
  if (to < text.length && /[.!?؟۔]/.test(text[to]!)) to += 1;
  while (from < start && /\s/.test(text[from]!)) from += 1;
  while (to > end && /\s/.test(text[to - 1]!)) to -= 1;
  const pages = text.slice(0, start).split('\f').length;
  return { text: text.slice(from, to), start: from, end: to, page: text.includes('\f') ? pages : null };
}
