/**
 * Findings: review by a second member, and corroboration counted by independent origin. A finding's writes
 * otherwise go through the record service (src/services/records.ts), whose `onWrite` rule for findings keeps
 * the author, the version and every earlier version (src/storage/resources.ts).
 */
import { z } from 'zod';
import { actorLabel, can, readableLabels, type Actor } from '../auth/index.js';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../domain/errors.js';
import type { CaseRecord } from '../domain/records/case.js';
import { reviewState, type FindingRecord } from '../domain/records/finding.js';
import { inTransaction, rowDigest, specForType, type Executor, type RecordValue } from '../storage/index.js';
import { loadCase, recordResource } from './cases.js';
import { now, type ServiceContext } from './context.js';
import { logProtectedReads } from './records.js';

const findingSpec = specForType('finding')!;
const claimSpec = specForType('claim')!;
const excerptSpec = specForType('excerpt')!;
const sourceSpec = specForType('source')!;

async function readableFinding(
  ctx: ServiceContext,
  db: Executor,
  actor: Actor,
  found: CaseRecord,
  id: string,
): Promise<FindingRecord & RecordValue> {
  const record = z.string().uuid().safeParse(id).success
    ? await ctx.records.findById(db, findingSpec, found.id, id)
    : undefined;
  if (!record || !can(actor, 'read', recordResource(found, 'finding', record.sensitivity)))
    throw new NotFoundError('finding', id);
  return record as FindingRecord & RecordValue;
}

/**
 * A step of the review. Submitting marks the current draft as ready for review; it needs the right to edit the
 * finding. Approving adopts the finding's current version; it needs a member other than the author and at least
 * one piece of supporting evidence. Returning keeps it a draft, with the reason. Any later change of content makes
 * a new version, which is a draft again (see the finding spec's `onWrite`). Each refusal names the field and a
 * stable code (`own_finding`, `already_adopted`, `already_submitted`, `no_supporting_evidence`,
 * `return_reason`) for the web to word.
 */
export async function reviewFinding(
  ctx: ServiceContext,
  actor: Actor,
  caseId: string,
  id: string,
  review: { decision: 'submit' | 'approve' | 'return'; note: string },
): Promise<RecordValue> {
  const found = await loadCase(ctx, actor, caseId);
  return inTransaction(ctx.store, async ({ db, ledger }) => {
    const finding = await readableFinding(ctx, db, actor, found, id);
    const resource = recordResource(found, 'finding', finding.sensitivity);
    const by = actorLabel(actor);
    if (review.decision === 'submit') {
      if (!can(actor, 'update', resource)) throw new ForbiddenError('not allowed to submit a finding');
      const state = reviewState(finding);
      if (state === 'adopted' || state === 'submitted')
        throw new ConflictError(`version ${finding.version} of this finding is already ${state}`, [
          {
            field: 'decision',
            message: `already ${state}`,
            code: state === 'adopted' ? 'already_adopted' : 'already_submitted',
          },
        ]);
    } else {
      if (!can(actor, 'review', resource)) throw new ForbiddenError('not allowed to review a finding');
      if (by === finding.author)
        throw new ConflictError('the author cannot review their own finding: a second case member must', [
          {
            field: 'decision',
            message: 'a second case member must review this finding',
            code: 'own_finding',
          },
        ]);
    }
    if (review.decision === 'approve') {
      if (finding.status === 'adopted')
        throw new ConflictError(`version ${finding.version} of this finding is already adopted`, [
          { field: 'decision', message: 'already adopted', code: 'already_adopted' },
        ]);
      if (!finding.evidence.some((e) => e.stance === 'supports'))
        throw new ValidationError([
          {
            field: 'evidence',
            message: 'a finding without supporting evidence cannot be adopted',
            code: 'no_supporting_evidence',
          },
        ]);
    } else if (review.decision === 'return' && review.note.trim().length < 10) {
      throw new ValidationError([
        {
          field: 'note',
          message: 'say why it is returned (at least 10 characters)',
          code: 'return_reason',
          params: { minimum: 10 },
        },
      ]);
    }
    const at = now();
    const next: RecordValue = {
      ...finding,
      status: review.decision === 'approve' ? 'adopted' : 'draft',
      reviews: [
        ...finding.reviews,
        { by, at, version: finding.version, decision: review.decision, note: review.note },
      ],
      updatedAt: at,
    };
    const row = await ctx.records.update(db, findingSpec, next);
    ledger.append({
      actor: by,
      action: 'update',
      resourceType: 'finding',
      resourceId: finding.id,
      caseId,
      digest: rowDigest(row),
    });
    return next;
  });
}

/** The sources behind one side of a finding, grouped by the origin they go back to. */
export interface OriginCount {
  /** Independent origins: sources that name one origin count once. */
  origins: number;
  sources: number;
  groups: Array<{ origin: string; sourceIds: string[] }>;
}

export interface Corroboration {
  findingId: string;
  supports: OriginCount;
  contradicts: OriginCount;
}

/** Two sources quoting one memoir share its origin; a source that names none is its own origin. */
export function originKey(source: { id: string; origin?: unknown }): string {
  const origin = typeof source.origin === 'string' ? source.origin.normalize('NFC').trim().toLowerCase() : '';
  return origin ? `origin:${origin.replace(/\s+/g, ' ')}` : `source:${source.id}`;
}

/**
 * Counts the independent origins behind a finding's supporting and contradicting evidence, as far as the actor
 * may read: each claim's excerpts, each excerpt's source, each source's recorded origin.
 */
export async function findingCorroboration(
  ctx: ServiceContext,
  actor: Actor,
  caseId: string,
  id: string,
): Promise<Corroboration> {
  const found = await loadCase(ctx, actor, caseId);
  const db = ctx.store.db;
  const finding = await readableFinding(ctx, db, actor, found, id);
  await logProtectedReads(ctx, actor, 'finding', caseId, [finding]);
  return corroborationOf(ctx, readableLabels(actor, caseId, found.sensitivity), caseId, finding);
}

/** The same count for a finding already read (the legal matrix counts many). */
export async function corroborationOf(
  ctx: ServiceContext,
  labels: readonly string[],
  caseId: string,
  finding: Pick<FindingRecord, 'evidence'> & { id: string },
): Promise<Corroboration> {
  const db = ctx.store.db;
  const readable = async (spec: typeof claimSpec, recordId: string) => {
    const record = await ctx.records.findById(db, spec, caseId, recordId);
    return record && labels.includes(record.sensitivity) ? record : undefined;
  };
  const sides = { supports: new Map<string, Set<string>>(), contradicts: new Map<string, Set<string>>() };
  const addExcerpt = async (excerptId: string, stance: 'supports' | 'contradicts') => {
    const excerpt = await readable(excerptSpec, excerptId);
    if (!excerpt) return;
    const source = await readable(sourceSpec, String(excerpt.sourceId));
    if (!source) return;
    const key = originKey(source);
    sides[stance].set(key, (sides[stance].get(key) ?? new Set()).add(source.id));
  };
  const opposite = (s: 'supports' | 'contradicts') => (s === 'supports' ? 'contradicts' : 'supports');
  for (const item of finding.evidence) {
    if (item.kind === 'excerpt') {
      await addExcerpt(item.id, item.stance);
      continue;
    }
    const claim = await readable(claimSpec, item.id);
    if (!claim) continue;
    // An excerpt that contradicts a claim the finding rests on speaks against the finding.
    for (const e of (claim.evidence as Array<{ excerptId: string; stance: 'supports' | 'contradicts' }>) ??
      [])
      await addExcerpt(e.excerptId, e.stance === 'supports' ? item.stance : opposite(item.stance));
  }
  const count = (groups: Map<string, Set<string>>): OriginCount => {
    const list = [...groups].map(([origin, ids]) => ({
      origin: origin.startsWith('source:') ? '' : origin.slice('origin:'.length),
      sourceIds: [...ids].sort(),
    }));
    const sources = new Set(list.flatMap((g) => g.sourceIds));
    return { origins: list.length, sources: sources.size, groups: list };
  };
  return { findingId: finding.id, supports: count(sides.supports), contradicts: count(sides.contradicts) };
}
