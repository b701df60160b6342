import { actorLabel, can, type Actor } from '../auth/index.js';
import { ForbiddenError, NotFoundError } from '../domain/errors.js';
import { inTransaction, rowDigest, specForType, type RecordValue } from '../storage/index.js';
import { loadCase } from './cases.js';
import { now, type ServiceContext } from './context.js';

const claimSpec = specForType('claim')!;

/**
 * Marks (or unmarks) a claim as the preferred value of its property, with a written reason.
 * Competing claims stay as they are, side by side; only one claim per subject and property is preferred,
 * so marking one clears the mark on the others (each change audited).
 */
export async function markPreferred(
  ctx: ServiceContext,
  actor: Actor,
  caseId: string,
  claimId: string,
  preferred: boolean,
  reason: string,
): Promise<RecordValue> {
  const found = await loadCase(ctx, actor, caseId);
  return inTransaction(ctx.store, async ({ db, ledger }) => {
    const claim = await ctx.records.findById(db, claimSpec, caseId, claimId);
    const resource = { kind: 'record', type: 'claim', caseId, caseSensitivity: found.sensitivity } as const;
    if (!claim || !can(actor, 'read', { ...resource, sensitivity: claim.sensitivity }))
      throw new NotFoundError('claim', claimId);
    if (!can(actor, 'mark_preferred', { ...resource, sensitivity: claim.sensitivity }))
      throw new ForbiddenError('not allowed to mark a preferred value');
    const changes: RecordValue[] = [];
    if (preferred) {
      const others = await db
        .selectFrom('claims')
        .select('id')
        .where('caseId', '=', caseId)
        .where('subjectId', '=', claim.subjectId as string)
        .where('property', '=', claim.property as string)
        .where('preferred', '=', 1)
        .where('id', '!=', claimId)
        .execute();
      for (const other of others) {
        const record = await ctx.records.findById(db, claimSpec, caseId, other.id);
        if (record)
          changes.push({
            ...record,
            preferred: false,
            preferredReason: `superseded by claim ${claimId}: ${reason}`,
            updatedAt: now(),
          });
      }
    }
    const updated: RecordValue = { ...claim, preferred, preferredReason: reason, updatedAt: now() };
    changes.push(updated);
    for (const change of changes) {
      const row = await ctx.records.update(db, claimSpec, change);
      ledger.append({
        actor: actorLabel(actor),
        action: 'update',
        resourceType: 'claim',
        resourceId: change.id,
        caseId,
        digest: rowDigest(row),
      });
    }
    return updated;
  });
}
