import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import {
  abilities,
  actorLabel,
  can,
  type Abilities,
  type Actor,
  type CaseAction,
  type RecordType,
  type Resource,
} from '../auth/index.js';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../domain/errors.js';
import type { caseInputSchema, caseUpdateSchema, CaseRecord } from '../domain/records/case.js';
import type { MembershipRecord, Role } from '../domain/records/membership.js';
import type { Sensitivity } from '../domain/sensitivity.js';
import { inTransaction, rowDigest, type UnitOfWork } from '../storage/index.js';
import type { CasesTable, MembershipsTable } from '../storage/schema.js';
import { now, type ServiceContext } from './context.js';
import { refreshMemorialCase } from './memorial-index.js';

function presentCase(row: CasesTable): CaseRecord {
  return { ...row, sensitivity: row.sensitivity as Sensitivity };
}

/** Creates a case; a user who creates it becomes its owner with the protected grant. */
export async function createCase(
  ctx: ServiceContext,
  actor: Actor,
  input: z.output<typeof caseInputSchema> & { id?: string; createdAt?: string; updatedAt?: string },
): Promise<CaseRecord> {
  if (!can(actor, 'create_case', { kind: 'instance' }))
    throw new ForbiddenError('only an administrator can create cases');
  const at = now();
  const row: CasesTable = {
    id: input.id ?? randomUUID(),
    title: input.title,
    description: input.description,
    sensitivity: input.sensitivity,
    createdAt: input.createdAt ?? at,
    updatedAt: input.updatedAt ?? at,
  };
  return inTransaction(ctx.store, async (uow) => {
    const existing = await uow.db
      .selectFrom('cases')
      .select('id')
      .where('id', '=', row.id)
      .executeTakeFirst();
    if (existing)
      throw new ConflictError(`case ${row.id} already exists`, [{ field: 'id', message: 'already exists' }]);
    await uow.db.insertInto('cases').values(row).execute();
    uow.ledger.append({
      actor: actorLabel(actor),
      action: 'create',
      resourceType: 'case',
      resourceId: row.id,
      caseId: row.id,
      digest: rowDigest(row),
    });
    if (actor.kind === 'user') await insertMembership(uow, actor, row.id, actor.id, 'owner', true);
    return presentCase(row);
  });
}

/** The cases the actor may open: their memberships, and public cases. */
export async function listCases(ctx: ServiceContext, actor: Actor): Promise<CaseRecord[]> {
  let query = ctx.store.db.selectFrom('cases').selectAll().orderBy('createdAt').orderBy('id');
  if (actor.kind !== 'system') {
    const ids = actor.kind === 'user' ? [...actor.cases.keys()] : [];
    query = query.where((eb) =>
      eb.or([eb('sensitivity', '=', 'public'), ...(ids.length ? [eb('id', 'in', ids)] : [])]),
    );
  }
  // The query narrows the candidates; the policy has the last word (it also shuts out a user who must
  // first change a one-time password).
  return (await query.execute())
    .map(presentCase)
    .filter((c) => can(actor, 'read', { kind: 'case', caseId: c.id, sensitivity: c.sensitivity }));
}

/**
 * Loads a case the actor may perform `action` on. A case the actor may not even read is reported as
 * not found, so that probing ids tells nothing.
 */
export async function loadCase(
  ctx: ServiceContext,
  actor: Actor,
  caseId: string,
  action: CaseAction = 'read',
): Promise<CaseRecord> {
  const row = z.string().uuid().safeParse(caseId).success
    ? await ctx.store.db.selectFrom('cases').selectAll().where('id', '=', caseId).executeTakeFirst()
    : undefined;
  if (!row) throw new NotFoundError('case', caseId);
  const resource = { kind: 'case', caseId, sensitivity: row.sensitivity as Sensitivity } as const;
  if (!can(actor, 'read', resource)) throw new NotFoundError('case', caseId);
  if (!can(actor, action, resource))
    throw new ForbiddenError(`not allowed to ${action.replace('_', ' ')} this case`);
  return presentCase(row);
}

/**
 * Loads a case and checks that the actor may do `action` to a record of `type` with the given label there;
 * `purpose` completes the refusal ("importing a list needs the right to …").
 */
export async function loadCaseFor(
  ctx: ServiceContext,
  actor: Actor,
  caseId: string,
  right: { action: 'create' | 'update'; type: RecordType; sensitivity: Sensitivity; purpose: string },
): Promise<CaseRecord> {
  const found = await loadCase(ctx, actor, caseId);
  if (!can(actor, right.action, recordResource(found, right.type, right.sensitivity)))
    throw new ForbiddenError(right.purpose);
  return found;
}

/** A record of `type` with the given label in a case, as the policy sees it. */
export function recordResource(found: CaseRecord, type: RecordType, sensitivity: Sensitivity): Resource {
  return { kind: 'record', type, caseId: found.id, caseSensitivity: found.sensitivity, sensitivity };
}

export async function updateCase(
  ctx: ServiceContext,
  actor: Actor,
  caseId: string,
  patch: z.output<typeof caseUpdateSchema>,
): Promise<CaseRecord> {
  const current = await loadCase(ctx, actor, caseId, 'update');
  const row: CasesTable = { ...current, ...(stripUndefined(patch) as Partial<CasesTable>), updatedAt: now() };
  return inTransaction(ctx.store, async ({ db, ledger }) => {
    await db.updateTable('cases').set(row).where('id', '=', caseId).execute();
    // The memorial shows only public cases: a change of label adds or removes the case's victims at once.
    if (row.sensitivity !== current.sensitivity) await refreshMemorialCase(ctx, db, caseId);
    ledger.append({
      actor: actorLabel(actor),
      action: 'update',
      resourceType: 'case',
      resourceId: caseId,
      caseId,
      digest: rowDigest(row),
    });
    return presentCase(row);
  });
}

export async function caseAbilities(ctx: ServiceContext, actor: Actor, caseId: string): Promise<Abilities> {
  const found = await loadCase(ctx, actor, caseId);
  return abilities(actor, caseId, found.sensitivity);
}

function presentMembership(row: MembershipsTable & { username: string }): MembershipRecord {
  return { ...row, role: row.role as Role, protectedGrant: row.protectedGrant === 1 };
}

export async function listMembers(
  ctx: ServiceContext,
  actor: Actor,
  caseId: string,
): Promise<MembershipRecord[]> {
  await loadCase(ctx, actor, caseId, 'read_members');
  const rows = await ctx.store.db
    .selectFrom('memberships')
    .innerJoin('users', 'users.id', 'memberships.userId')
    .selectAll('memberships')
    .select('users.username')
    .where('memberships.caseId', '=', caseId)
    .orderBy('memberships.createdAt')
    .execute();
  return rows.map(presentMembership);
}

async function insertMembership(
  uow: UnitOfWork,
  actor: Actor,
  caseId: string,
  userId: string,
  role: Role,
  protectedGrant: boolean,
  id?: string,
) {
  const at = now();
  const row: MembershipsTable = {
    id: id ?? randomUUID(),
    caseId,
    userId,
    role,
    protectedGrant: protectedGrant ? 1 : 0,
    createdAt: at,
    updatedAt: at,
  };
  await uow.db.insertInto('memberships').values(row).execute();
  uow.ledger.append({
    actor: actorLabel(actor),
    action: 'create',
    resourceType: 'membership',
    resourceId: row.id,
    caseId,
    digest: rowDigest(row),
  });
  return row;
}

export async function addMember(
  ctx: ServiceContext,
  actor: Actor,
  caseId: string,
  input: { username: string; role: Role; protectedGrant: boolean },
): Promise<MembershipRecord> {
  await loadCase(ctx, actor, caseId, 'manage_members');
  return inTransaction(ctx.store, async (uow) => {
    const user = await uow.db
      .selectFrom('users')
      .select(['id', 'username'])
      .where('username', '=', input.username)
      .executeTakeFirst();
    if (!user) throw new ValidationError([{ field: 'username', message: 'no such user' }]);
    const existing = await uow.db
      .selectFrom('memberships')
      .select('id')
      .where('caseId', '=', caseId)
      .where('userId', '=', user.id)
      .executeTakeFirst();
    if (existing)
      throw new ConflictError('already a member', [
        { field: 'username', message: 'already a member of this case' },
      ]);
    const row = await insertMembership(uow, actor, caseId, user.id, input.role, input.protectedGrant);
    return presentMembership({ ...row, username: user.username });
  });
}

export async function updateMember(
  ctx: ServiceContext,
  actor: Actor,
  caseId: string,
  membershipId: string,
  patch: { role?: Role; protectedGrant?: boolean },
): Promise<MembershipRecord> {
  await loadCase(ctx, actor, caseId, 'manage_members');
  return inTransaction(ctx.store, async ({ db, ledger }) => {
    const current = await findMembership(db, caseId, membershipId);
    const row: MembershipsTable = {
      id: current.id,
      caseId: current.caseId,
      userId: current.userId,
      role: patch.role ?? current.role,
      protectedGrant:
        patch.protectedGrant === undefined ? current.protectedGrant : patch.protectedGrant ? 1 : 0,
      createdAt: current.createdAt,
      updatedAt: now(),
    };
    if (current.role === 'owner' && row.role !== 'owner') await keepAnOwner(db, caseId);
    await db.updateTable('memberships').set(row).where('id', '=', row.id).execute();
    ledger.append({
      actor: actorLabel(actor),
      action: 'update',
      resourceType: 'membership',
      resourceId: row.id,
      caseId,
      digest: rowDigest(row),
    });
    return presentMembership({ ...row, username: current.username });
  });
}

export async function removeMember(
  ctx: ServiceContext,
  actor: Actor,
  caseId: string,
  membershipId: string,
): Promise<void> {
  await loadCase(ctx, actor, caseId, 'manage_members');
  await inTransaction(ctx.store, async ({ db, ledger }) => {
    const current = await findMembership(db, caseId, membershipId);
    if (current.role === 'owner') await keepAnOwner(db, caseId);
    await db.deleteFrom('memberships').where('id', '=', current.id).execute();
    ledger.append({
      actor: actorLabel(actor),
      action: 'delete',
      resourceType: 'membership',
      resourceId: current.id,
      caseId,
      digest: null,
    });
  });
}

async function findMembership(db: UnitOfWork['db'], caseId: string, id: string) {
  const row = z.string().uuid().safeParse(id).success
    ? await db
        .selectFrom('memberships')
        .innerJoin('users', 'users.id', 'memberships.userId')
        .selectAll('memberships')
        .select('users.username')
        .where('memberships.caseId', '=', caseId)
        .where('memberships.id', '=', id)
        .executeTakeFirst()
    : undefined;
  if (!row) throw new NotFoundError('member', id);
  return row;
}

/** A case must always keep one owner, or nobody could manage it again. */
async function keepAnOwner(db: UnitOfWork['db'], caseId: string): Promise<void> {
  const owners = await db
    .selectFrom('memberships')
    .select('id')
    .where('caseId', '=', caseId)
    .where('role', '=', 'owner')
    .execute();
  if (owners.length <= 1)
    throw new ConflictError('a case must keep at least one owner', [
      { field: 'role', message: 'last owner' },
    ]);
}

export function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** Adds a membership from the command line or an import (operator action). */
export async function addMemberById(
  ctx: ServiceContext,
  actor: Actor,
  caseId: string,
  userId: string,
  role: Role,
  protectedGrant: boolean,
  id?: string,
) {
  if (actor.kind !== 'system') throw new ForbiddenError();
  return inTransaction(ctx.store, (uow) =>
    insertMembership(uow, actor, caseId, userId, role, protectedGrant, id),
  );
}
