import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import {
  actorLabel,
  can,
  readableLabels,
  type Actor,
  type RecordAction,
  type Resource,
} from '../auth/index.js';
import {
  ConflictError,
  ForbiddenError,
  NotFoundError,
  ValidationError,
  type FieldProblem,
} from '../domain/errors.js';
import type { CaseRecord } from '../domain/records/case.js';
import { mostRestrictive, sensitivityRank, type Sensitivity } from '../domain/sensitivity.js';
import { foldForSearch } from '../names/index.js';
import {
  inTransaction,
  MENTION_SPEC,
  RESOURCE_SPECS,
  rowDigest,
  specForType,
  type Executor,
  type RecordValue,
  type RecordSpec,
  type ResourceSpec,
  type UnitOfWork,
} from '../storage/index.js';
import { loadCase, recordResource, stripUndefined } from './cases.js';
import { now, type ServiceContext } from './context.js';
import { refreshMemorialAfterWrite } from './memorial-index.js';
import { entriesFromRecord, indexRecord, indexRecords, removeFromIndex, searchEntryId } from './search.js';

export interface ListOptions {
  filters?: Record<string, string>;
  /** Only records with this label (still within what the actor may read). */
  sensitivity?: Sensitivity;
  q?: string;
  limit?: number;
  offset?: number;
}

export interface Page<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
}

function resourceOf(spec: RecordSpec, found: CaseRecord, sensitivity: Sensitivity): Resource {
  return recordResource(found, spec.type, sensitivity);
}

function authorize(
  actor: Actor,
  action: RecordAction,
  spec: RecordSpec,
  found: CaseRecord,
  sensitivity: Sensitivity,
) {
  if (!can(actor, action, resourceOf(spec, found, sensitivity))) {
    throw new ForbiddenError(`not allowed to ${action.replace('_', ' ')} a ${sensitivity} ${spec.type}`);
  }
}

/**
 * Checks that every record this one refers to exists in the same case and is readable by the actor.
 * Both failures give the same message, so a reference cannot be used to probe for hidden records.
 * Returns the most restrictive label among the records referred to: the least the record itself may carry.
 */
async function checkReferences(
  ctx: ServiceContext,
  db: Executor,
  actor: Actor,
  found: CaseRecord,
  record: Record<string, unknown>,
  spec: RecordSpec,
): Promise<Sensitivity> {
  const problems: FieldProblem[] = [];
  let floor: Sensitivity = 'public';
  const labels = readableLabels(actor, found.id, found.sensitivity);
  for (const reference of spec.referencesOf(record)) {
    if (reference.id === record.id) {
      problems.push({ field: reference.field, message: 'a record cannot refer to itself' });
      continue;
    }
    const targets =
      reference.type === 'any'
        ? RESOURCE_SPECS
        : [specForType(reference.type)].filter((s) => s !== undefined);
    let label: Sensitivity | undefined;
    if (reference.type === 'case') label = reference.id === found.id ? found.sensitivity : undefined;
    for (const target of targets) {
      label ??= (await ctx.records.labelsOf(db, target, found.id, [reference.id])).get(reference.id);
    }
    if (!label || !labels.includes(label)) {
      problems.push({ field: reference.field, message: `no ${reference.type} with this id in this case` });
    } else if (reference.type !== 'case') floor = mostRestrictive(floor, label);
  }
  if (problems.length) throw new ValidationError(problems);
  return floor;
}

/** Appends a ledger `read` entry for each protected record shown: every access to protected data is logged. */
export async function logProtectedReads(
  ctx: ServiceContext,
  actor: Actor,
  type: string,
  caseId: string,
  records: ReadonlyArray<{ id: string; sensitivity: string }>,
) {
  const seen = records.filter((r) => r.sensitivity === 'protected');
  if (seen.length === 0) return;
  await inTransaction(ctx.store, async ({ ledger }) => {
    for (const r of seen) {
      ledger.append({
        actor: actorLabel(actor),
        action: 'read',
        resourceType: type,
        resourceId: r.id,
        caseId,
        digest: null,
      });
    }
  });
}

export async function listRecords(
  ctx: ServiceContext,
  actor: Actor,
  spec: RecordSpec,
  caseId: string,
  options: ListOptions = {},
): Promise<Page<RecordValue>> {
  const found = await loadCase(ctx, actor, caseId);
  const limit = Math.min(Math.max(options.limit ?? 50, 1), 500);
  const offset = Math.max(options.offset ?? 0, 0);
  const q = options.q ? foldForSearch(options.q) : undefined;
  const result = await ctx.records.list(ctx.store.db, spec, {
    caseId,
    labels: readableLabels(actor, caseId, found.sensitivity).filter(
      (l) => !options.sensitivity || l === options.sensitivity,
    ),
    filters: options.filters ?? {},
    ...(q ? { q } : {}),
    limit,
    offset,
  });
  await logProtectedReads(ctx, actor, spec.type, caseId, result.items);
  return { ...result, limit, offset };
}

/**
 * Every record of a kind in a case that the actor may read (labels applied inside the query), read in pages
 * so that a large registry is not one enormous query.
 */
export async function readableRecords(
  ctx: ServiceContext,
  actor: Actor,
  caseId: string,
  spec: ResourceSpec,
  filters: Record<string, string> = {},
): Promise<RecordValue[]> {
  const found = await loadCase(ctx, actor, caseId);
  const labels = readableLabels(actor, caseId, found.sensitivity);
  const out: RecordValue[] = [];
  const pageSize = 5000;
  for (let offset = 0; ; offset += pageSize) {
    const page = await ctx.records.list(ctx.store.db, spec, {
      caseId,
      labels,
      filters,
      limit: pageSize,
      offset,
    });
    out.push(...page.items);
    if (page.items.length < pageSize) return out;
  }
}

export async function getRecord(
  ctx: ServiceContext,
  actor: Actor,
  spec: RecordSpec,
  caseId: string,
  id: string,
): Promise<RecordValue> {
  const found = await loadCase(ctx, actor, caseId);
  const record = z.string().uuid().safeParse(id).success
    ? await ctx.records.findById(ctx.store.db, spec, caseId, id)
    : undefined;
  // Unreadable records are reported as missing: a forbidden answer would confirm they exist.
  if (!record || !can(actor, 'read', resourceOf(spec, found, record.sensitivity)))
    throw new NotFoundError(spec.type, id);
  await logProtectedReads(ctx, actor, spec.type, caseId, [record]);
  return record;
}

/** Creates a record from validated input. */
export async function createRecord(
  ctx: ServiceContext,
  actor: Actor,
  spec: RecordSpec,
  caseId: string,
  input: Record<string, unknown>,
): Promise<RecordValue> {
  const found = await loadCase(ctx, actor, caseId);
  return inTransaction(ctx.store, (uow) => createRecordIn(ctx, uow, actor, found, spec, input));
}

/**
 * Creates a record from validated input inside the caller's transaction (so that several writes — a
 * mention's decision, its excerpt and its claim — land together): policy, references, row and ledger entry.
 */
export async function createRecordIn(
  ctx: ServiceContext,
  uow: UnitOfWork,
  actor: Actor,
  found: CaseRecord,
  spec: RecordSpec,
  input: Record<string, unknown>,
): Promise<RecordValue> {
  const requested = input.sensitivity as Sensitivity;
  authorize(actor, 'create', spec, found, requested);
  const at = now();
  let record = {
    ...spec.commandDefaults,
    ...input,
    id: randomUUID(),
    caseId: found.id,
    sensitivity: requested,
    createdAt: at,
    updatedAt: at,
  } as RecordValue;
  if (spec.onWrite)
    record = spec.onWrite({ current: null, next: record, by: actorLabel(actor) }) as RecordValue;
  // A claim about a protected person is itself about a protected person: it takes the person's label.
  record.sensitivity = mostRestrictive(
    requested,
    await checkReferences(ctx, uow.db, actor, found, record, spec),
  );
  if (record.sensitivity !== requested) authorize(actor, 'create', spec, found, record.sensitivity);
  const row = await ctx.records.insert(uow.db, spec, record);
  uow.ledger.append({
    actor: actorLabel(actor),
    action: 'create',
    resourceType: spec.type,
    resourceId: record.id,
    caseId: found.id,
    digest: rowDigest(row),
  });
  await indexRecord(uow.db, ctx.store.dialect, spec.type, record);
  await refreshMemorialAfterWrite(ctx, uow.db, found.id, [{ type: spec.type, record }]);
  return record;
}

/**
 * Creates many records of several kinds in one transaction: all land or none does. Used by bulk loads
 * (demo, benchmarks); the caller has validated the inputs.
 */
export async function createRecordsInBatch(
  ctx: ServiceContext,
  actor: Actor,
  caseId: string,
  batch: Array<{ spec: RecordSpec; input: Record<string, unknown> }>,
): Promise<RecordValue[]> {
  const found = await loadCase(ctx, actor, caseId);
  const at = now();
  const records = batch.map(({ spec, input }) => {
    authorize(actor, 'create', spec, found, input.sensitivity as Sensitivity);
    const record = {
      ...spec.commandDefaults,
      ...input,
      id: (input.id as string | undefined) ?? randomUUID(),
      caseId,
      createdAt: at,
      updatedAt: at,
    } as RecordValue;
    return {
      spec,
      record: (spec.onWrite
        ? spec.onWrite({ current: null, next: record, by: actorLabel(actor) })
        : record) as RecordValue,
    };
  });
  await checkBatchReferences(ctx, actor, found, records);
  return inTransaction(ctx.store, async (uow) => {
    const bySpec = new Map<RecordSpec, RecordValue[]>();
    for (const { spec, record } of records) bySpec.set(spec, [...(bySpec.get(spec) ?? []), record]);
    for (const spec of RESOURCE_SPECS) {
      const group = bySpec.get(spec);
      if (!group) continue;
      const rows = await ctx.records.insertMany(uow.db, spec, group);
      rows.forEach((row, i) =>
        uow.ledger.append({
          actor: actorLabel(actor),
          action: 'create',
          resourceType: spec.type,
          resourceId: group[i]!.id,
          caseId,
          digest: rowDigest(row),
        }),
      );
    }
    await indexRecords(
      uow.db,
      ctx.store.dialect,
      records.flatMap((r) => entriesFromRecord(r.spec.type, r.record)),
    );
    await refreshMemorialAfterWrite(
      ctx,
      uow.db,
      caseId,
      records.map((r) => ({ type: r.spec.type, record: r.record })),
    );
    return records.map((r) => r.record);
  });
}

/** Reference check for a batch: targets may be in the batch itself or already stored, one query per kind. */
async function checkBatchReferences(
  ctx: ServiceContext,
  actor: Actor,
  found: CaseRecord,
  records: Array<{ spec: RecordSpec; record: RecordValue }>,
) {
  const inBatch = new Map(
    records.map(({ spec, record }) => [record.id, { type: spec.type, label: record.sensitivity }]),
  );
  const wanted = new Map<string, Set<string>>();
  const references = records.flatMap(({ spec, record }, index) =>
    spec.referencesOf(record).map((r) => ({ ...r, index })),
  );
  for (const r of references) {
    if (r.type !== 'case' && !inBatch.has(r.id))
      wanted.set(r.type, (wanted.get(r.type) ?? new Set()).add(r.id));
  }
  const stored = new Map<string, { type: string; label: Sensitivity }>();
  for (const [type, ids] of wanted) {
    const targets = type === 'any' ? RESOURCE_SPECS : [specForType(type)].filter((s) => s !== undefined);
    for (const target of targets) {
      for (const [id, label] of await ctx.records.labelsOf(ctx.store.db, target, found.id, [...ids]))
        stored.set(id, { type: target.type, label });
    }
  }
  const labels = readableLabels(actor, found.id, found.sensitivity);
  const problems: FieldProblem[] = [];
  const targetOf = (r: (typeof references)[number]) =>
    r.type === 'case'
      ? r.id === found.id
        ? { type: 'case', label: found.sensitivity }
        : undefined
      : (inBatch.get(r.id) ?? stored.get(r.id));
  for (const r of references) {
    const target = targetOf(r);
    if (!target || (r.type !== 'any' && target.type !== r.type) || !labels.includes(target.label)) {
      problems.push({ field: `${r.index}.${r.field}`, message: `no ${r.type} with this id in this case` });
    }
  }
  if (problems.length) throw new ValidationError(problems.slice(0, 100));
  // Each record takes at least the label of what it refers to; a record raised may raise those referring to
  // it within the batch, so repeat until nothing changes (a chain is at most a few records long).
  for (let changed = true; changed;) {
    changed = false;
    for (const r of references) {
      if (r.type === 'case') continue;
      const { spec, record } = records[r.index]!;
      const label = mostRestrictive(record.sensitivity, targetOf(r)!.label);
      if (label === record.sensitivity) continue;
      authorize(actor, 'create', spec, found, label);
      record.sensitivity = label;
      inBatch.set(record.id, { type: spec.type, label });
      changed = true;
    }
  }
}

export async function updateRecord(
  ctx: ServiceContext,
  actor: Actor,
  spec: RecordSpec,
  caseId: string,
  id: string,
  patch: Record<string, unknown>,
): Promise<RecordValue> {
  const found = await loadCase(ctx, actor, caseId);
  const { current, next } = await inTransaction(ctx.store, async (uow) => {
    const current = z.string().uuid().safeParse(id).success
      ? await ctx.records.findById(uow.db, spec, caseId, id)
      : undefined;
    if (!current || !can(actor, 'read', resourceOf(spec, found, current.sensitivity)))
      throw new NotFoundError(spec.type, id);
    authorize(actor, 'update', spec, found, current.sensitivity);
    let next = { ...current, ...stripUndefined(patch), updatedAt: now() } as RecordValue;
    if (spec.onWrite) next = spec.onWrite({ current, next, by: actorLabel(actor) }) as RecordValue;
    next.sensitivity = mostRestrictive(
      next.sensitivity,
      await checkReferences(ctx, uow.db, actor, found, next, spec),
    );
    if (next.sensitivity !== current.sensitivity) authorize(actor, 'update', spec, found, next.sensitivity);
    const row = await ctx.records.update(uow.db, spec, next);
    uow.ledger.append({
      actor: actorLabel(actor),
      action: 'update',
      resourceType: spec.type,
      resourceId: id,
      caseId,
      digest: rowDigest(row),
    });
    await indexRecord(uow.db, ctx.store.dialect, spec.type, next);
    if (sensitivityRank(next.sensitivity) > sensitivityRank(current.sensitivity))
      await raiseReferrers(ctx, uow, actor, caseId, id, next.sensitivity);
    await refreshMemorialAfterWrite(ctx, uow.db, caseId, [
      { type: spec.type, record: current },
      { type: spec.type, record: next },
    ]);
    return { current, next };
  });
  if (next.sensitivity === 'protected' && current.sensitivity !== 'protected') await ctx.store.purgeJournal();
  return next;
}

/**
 * After a record's label rose, everything derived from it rises too: records that refer to it (claims about a
 * person, an involvement in an event, an excerpt of a source …) and the mentions that name it. Each is
 * rewritten — so its identifying fields are encrypted when it becomes protected — audited, and reindexed.
 */
export async function raiseReferrers(
  ctx: ServiceContext,
  uow: UnitOfWork,
  actor: Actor,
  caseId: string,
  id: string,
  label: Sensitivity,
): Promise<number> {
  let raisedCount = 0;
  const raise = async (spec: ResourceSpec, record: RecordValue) => {
    raisedCount++;
    const raised = { ...record, sensitivity: label, updatedAt: now() } as RecordValue;
    const row = await ctx.records.update(uow.db, spec, raised);
    uow.ledger.append({
      actor: actorLabel(actor),
      action: 'update',
      resourceType: spec.type,
      resourceId: record.id,
      caseId,
      digest: rowDigest(row),
    });
    return raised;
  };
  for (const spec of RESOURCE_SPECS) {
    for (const referrer of await ctx.records.referrers(uow.db, spec, caseId, id, Infinity)) {
      const record = await ctx.records.findById(uow.db, spec, caseId, referrer);
      if (!record || sensitivityRank(record.sensitivity) >= sensitivityRank(label)) continue;
      await indexRecord(uow.db, ctx.store.dialect, spec.type, await raise(spec, record));
      raisedCount += await raiseReferrers(ctx, uow, actor, caseId, referrer, label);
    }
  }
  const mentions = await uow.db
    .selectFrom('mentions')
    .select('id')
    .where('caseId', '=', caseId)
    .where('entityId', '=', id)
    .execute();
  for (const { id: mentionId } of mentions) {
    const mention = await ctx.records.findById(uow.db, MENTION_SPEC, caseId, mentionId);
    if (mention && sensitivityRank(mention.sensitivity) < sensitivityRank(label))
      await raise(MENTION_SPEC, mention);
  }
  return raisedCount;
}

export async function deleteRecord(
  ctx: ServiceContext,
  actor: Actor,
  spec: RecordSpec,
  caseId: string,
  id: string,
): Promise<void> {
  const found = await loadCase(ctx, actor, caseId);
  await inTransaction(ctx.store, async (uow) => {
    const current = z.string().uuid().safeParse(id).success
      ? await ctx.records.findById(uow.db, spec, caseId, id)
      : undefined;
    if (!current || !can(actor, 'read', resourceOf(spec, found, current.sensitivity)))
      throw new NotFoundError(spec.type, id);
    authorize(actor, 'delete', spec, found, current.sensitivity);
    // Only the kinds are named: the ids of referring records may belong to records the actor cannot read.
    const referringKinds: string[] = [];
    for (const other of RESOURCE_SPECS) {
      if ((await ctx.records.referrers(uow.db, other, caseId, id)).length) referringKinds.push(other.plural);
    }
    if (referringKinds.length) {
      throw new ConflictError(`still referred to by ${referringKinds.join(', ')}`, [
        { field: 'id', message: 'other records refer to this one; remove or repoint them first' },
      ]);
    }
    await ctx.records.delete(uow.db, spec, caseId, id);
    await removeFromIndex(uow.db, ctx.store.dialect, [searchEntryId(spec.type, id)]);
    await refreshMemorialAfterWrite(ctx, uow.db, caseId, [{ type: spec.type, record: current }]);
    uow.ledger.append({
      actor: actorLabel(actor),
      action: 'delete',
      resourceType: spec.type,
      resourceId: id,
      caseId,
      digest: null,
    });
  });
}
