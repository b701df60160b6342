/**
 * Brings a store written by an earlier version up to the rules for protected data that hold now: every
 * identifying field of a protected row is encrypted (claims' values, claimants and qualifiers were not), and
 * whatever refers to a protected record is protected too (a mention naming a protected witness, a claim about
 * one). Idempotent; each change is an audited update. `serve` runs it at start, once per store: a store written
 * by this version needs nothing of it, so the run is recorded (`data_upgrades`) and not repeated.
 */
import type { Kysely } from 'kysely';
import { actorLabel, type Actor } from '../auth/index.js';
import {
  CASE_SPECS,
  FieldCipher,
  FILE_SPEC,
  inTransaction,
  MENTION_SPEC,
  RESOURCE_SPECS,
  rowDigest,
  type ResourceSpec,
} from '../storage/index.js';
import type { ServiceContext } from './context.js';
import { raiseReferrers } from './records.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tables named by a spec are not in the typed schema's union
type AnyDb = Kysely<any>;

const SEALER: Actor = { kind: 'system', name: 'seal' };

const UPGRADE = 'seal-protected';

export async function sealProtectedData(
  ctx: ServiceContext,
  options: { once?: boolean } = {},
): Promise<{ sealed: number; raised: number }> {
  let sealed = 0;
  let raised = 0;
  await inTransaction(ctx.store, async (uow) => {
    if (options.once) {
      const done = await uow.db
        .selectFrom('dataUpgrades')
        .select('name')
        .where('name', '=', UPGRADE)
        .executeTakeFirst();
      if (done) return;
    }
    for (const spec of [...CASE_SPECS, FILE_SPEC, MENTION_SPEC] as ResourceSpec[]) {
      const identifying = Object.entries(spec.fields)
        .filter(([, f]) => f.identifying)
        .map(([name, f]) => f.column ?? name);
      if (identifying.length === 0) continue;
      const rows = (await (uow.db as unknown as AnyDb)
        .selectFrom(spec.table)
        .selectAll()
        .where('sensitivity', '=', 'protected')
        .execute()) as Array<Record<string, unknown>>;
      for (const row of rows) {
        if (
          !identifying.some(
            (c) => row[c] !== null && row[c] !== undefined && !FieldCipher.isEncrypted(row[c]),
          )
        )
          continue;
        const record = ctx.records.fromRow(spec, row as never);
        const stored = await ctx.records.update(uow.db, spec, record);
        uow.ledger.append({
          actor: actorLabel(SEALER),
          action: 'update',
          resourceType: spec.type,
          resourceId: record.id,
          caseId: record.caseId,
          digest: rowDigest(stored),
        });
        sealed++;
      }
    }
    for (const spec of RESOURCE_SPECS) {
      const ids = await uow.db
        .selectFrom(spec.table as 'people')
        .select(['id', 'caseId'])
        .where('sensitivity', '=', 'protected')
        .execute();
      for (const { id, caseId } of ids) {
        raised += await raiseReferrers(ctx, uow, SEALER, caseId, id, 'protected');
      }
    }
    if (options.once)
      await uow.db
        .insertInto('dataUpgrades')
        .values({ name: UPGRADE, doneAt: new Date().toISOString() })
        .execute();
  });
  if (sealed + raised > 0) await ctx.store.purgeJournal();
  return { sealed, raised };
}
