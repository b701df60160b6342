/**
 * A case's settings (table `case_settings`, migration 0023): today whether a public case publishes pages of the
 * people it names as alleged perpetrators. No row means every setting is at its default (off).
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { actorLabel, type Actor } from '../auth/index.js';
import { inTransaction, rowDigest, type Executor } from '../storage/index.js';
import type { CaseSettingsTable } from '../storage/schema.js';
import { loadCase } from './cases.js';
import { now, type ServiceContext } from './context.js';

export const caseSettingsUpdateSchema = z
  .object({
    /** Public pages of allegations for the people the case names as perpetrators (a public case only). */
    publishSuspects: z.boolean().optional(),
  })
  .strict();

export interface CaseSettings {
  publishSuspects: boolean;
}

function present(row: CaseSettingsTable | undefined): CaseSettings {
  return { publishSuspects: row?.publishSuspects === 1 };
}

/** The settings as stored, read in the given transaction or connection. */
export async function settingsOf(db: Executor, caseId: string): Promise<CaseSettings> {
  return present(
    await db.selectFrom('caseSettings').selectAll().where('caseId', '=', caseId).executeTakeFirst(),
  );
}

/** A case's settings, for whoever may read the case. */
export async function getCaseSettings(
  ctx: ServiceContext,
  actor: Actor,
  caseId: string,
): Promise<CaseSettings> {
  await loadCase(ctx, actor, caseId);
  return settingsOf(ctx.store.db, caseId);
}

/** Changes a case's settings: only those who may update the case (its owners). Audited like every write. */
export async function updateCaseSettings(
  ctx: ServiceContext,
  actor: Actor,
  caseId: string,
  patch: z.output<typeof caseSettingsUpdateSchema>,
): Promise<CaseSettings> {
  await loadCase(ctx, actor, caseId, 'update');
  return inTransaction(ctx.store, async ({ db, ledger }) => {
    const current = await db
      .selectFrom('caseSettings')
      .selectAll()
      .where('caseId', '=', caseId)
      .executeTakeFirst();
    const row: CaseSettingsTable = {
      id: current?.id ?? randomUUID(),
      caseId,
      publishSuspects:
        patch.publishSuspects === undefined ? (current?.publishSuspects ?? 0) : patch.publishSuspects ? 1 : 0,
      updatedAt: now(),
    };
    if (current) await db.updateTable('caseSettings').set(row).where('id', '=', row.id).execute();
    else await db.insertInto('caseSettings').values(row).execute();
    ledger.append({
      actor: actorLabel(actor),
      action: current ? 'update' : 'create',
      resourceType: 'case_setting',
      resourceId: row.id,
      caseId,
      digest: rowDigest(row),
    });
    return present(row);
  });
}
