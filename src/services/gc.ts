import { actorLabel, type Actor } from '../auth/index.js';
import { ForbiddenError } from '../domain/errors.js';
import { inTransaction } from '../storage/index.js';
import type { ServiceContext } from './context.js';

export interface GcReport {
  /** Stored blobs no file row refers to, removed (or, with `dryRun`, that would be). */
  blobs: Array<{ name: string; size: number; modifiedAt: string }>;
  /** Younger than the grace period: perhaps an upload whose file row is not written yet; left alone. */
  tooRecent: number;
  /** Staging folders and files of processes that are gone. */
  staging: number;
  dryRun: boolean;
}

/**
 * Removes what nothing refers to: blobs without a file row, and staging left by interrupted work. Each
 * removed blob gets a ledger entry (`delete` of resource type `blob`, named as stored), written in the same
 * transaction as the removal. Blobs younger than `minAgeMs` are left: an ingest stores the bytes before it
 * writes the file row, and may take long over a large document.
 */
export async function collectGarbage(
  ctx: ServiceContext,
  actor: Actor,
  options: { dryRun?: boolean; minAgeMs?: number } = {},
): Promise<GcReport> {
  if (actor.kind !== 'system') throw new ForbiddenError('only the operator collects garbage');
  const dryRun = Boolean(options.dryRun);
  const minAgeMs = options.minAgeMs ?? 24 * 60 * 60 * 1000;
  const referenced = new Set<string>();
  for await (const batch of ctx.records.allRows(ctx.store.db, 'files'))
    for (const row of batch) referenced.add(String(row.sha256));
  const report: GcReport = { blobs: [], tooRecent: 0, staging: 0, dryRun };
  const found = [];
  for await (const blob of ctx.evidence.blobs.unreferenced(referenced)) found.push(blob);
  for (const blob of found) {
    if (Date.now() - Date.parse(blob.modifiedAt) < minAgeMs) {
      report.tooRecent++;
      continue;
    }
    if (!dryRun)
      await inTransaction(ctx.store, async (uow) => {
        uow.ledger.append({
          actor: actorLabel(actor),
          action: 'delete',
          resourceType: 'blob',
          resourceId: blob.name,
          caseId: null,
          digest: null,
        });
        await ctx.evidence.blobs.removeStored(blob.name);
      });
    report.blobs.push(blob);
  }
  if (!dryRun) report.staging = await ctx.evidence.blobs.sweep();
  return report;
}
