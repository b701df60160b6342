import {
  actorLabel,
  base32Encode,
  can,
  matchTotp,
  newTotpSecret,
  otpauthUri,
  base32Decode,
  type Actor,
} from '../auth/index.js';
import { ConflictError, ForbiddenError, UnauthenticatedError, ValidationError } from '../domain/errors.js';
import { inTransaction } from '../storage/index.js';
import type { SecondFactorsTable } from '../storage/schema.js';
import { now, type ServiceContext } from './context.js';
import { checkOwnPassword } from './login-budget.js';

/**
 * TOTP second factors (RFC 6238: SHA-1, 30 s, 6 digits, one step of drift). The secret is kept encrypted with
 * the field key; each accepted code advances `last_step`, so a code is accepted once, even by parallel requests.
 */

export interface Enrolment {
  /** The secret in base32, grouped by four for typing. */
  secret: string;
  /** `otpauth://` URI for authenticator apps. */
  uri: string;
}

/** The user's confirmed second factor, if any. */
export async function confirmedFactor(
  ctx: ServiceContext,
  userId: string,
): Promise<SecondFactorsTable | undefined> {
  const row = await ctx.store.db
    .selectFrom('secondFactors')
    .selectAll()
    .where('userId', '=', userId)
    .executeTakeFirst();
  return row?.confirmedAt ? row : undefined;
}

/** Whether `code` is valid now for the factor, without using it up (the owner's way past the account delay). */
export function codeMatches(
  ctx: ServiceContext,
  factor: SecondFactorsTable,
  code: string,
  nowMs = Date.now(),
) {
  const step = matchTotp(secretOf(ctx, factor), code, nowMs);
  return step !== null && (factor.lastStep === null || step > factor.lastStep);
}

/** Accepts `code` once: true when it is valid and no code of its time step or a later one was used before. */
export async function useCode(
  ctx: ServiceContext,
  factor: SecondFactorsTable,
  code: string,
  nowMs = Date.now(),
): Promise<boolean> {
  const step = matchTotp(secretOf(ctx, factor), code, nowMs);
  if (step === null) return false;
  const updated = await ctx.store.db
    .updateTable('secondFactors')
    .set({ lastStep: step, updatedAt: now() })
    .where('userId', '=', factor.userId)
    .where((eb) => eb.or([eb('lastStep', 'is', null), eb('lastStep', '<', step)]))
    .executeTakeFirst();
  return Number(updated.numUpdatedRows) === 1;
}

/** Starts (or restarts) enrolment: a new secret, unconfirmed until a code from it is entered. Needs the password. */
export async function startEnrolment(
  ctx: ServiceContext,
  actor: Actor,
  password: string,
  address?: string,
): Promise<Enrolment> {
  if (actor.kind !== 'user') throw new UnauthenticatedError();
  await checkOwnPassword(ctx, actor, password, 'password', address);
  if (await confirmedFactor(ctx, actor.id))
    throw new ConflictError('a second factor is already set up; remove it first', [
      { field: 'code', message: 'already set up' },
    ]);
  const secret = base32Encode(newTotpSecret());
  const at = now();
  const row: SecondFactorsTable = {
    userId: actor.id,
    kind: 'totp',
    secret: ctx.auth.cipher.encrypt(secret, cipherContext(actor.id)),
    confirmedAt: null,
    lastStep: null,
    createdAt: at,
    updatedAt: at,
  };
  await inTransaction(ctx.store, async ({ db }) => {
    await db.deleteFrom('secondFactors').where('userId', '=', actor.id).execute();
    await db.insertInto('secondFactors').values(row).execute();
  });
  return {
    secret: secret.replace(/(.{4})(?=.)/g, '$1 '),
    uri: otpauthUri(ctx.auth.issuer, actor.username, secret),
  };
}

/** Confirms enrolment with a first code from the new secret; from now on logins need a code. */
export async function confirmEnrolment(
  ctx: ServiceContext,
  actor: Actor,
  code: string,
  nowMs = Date.now(),
): Promise<void> {
  if (actor.kind !== 'user') throw new UnauthenticatedError();
  const row = await ctx.store.db
    .selectFrom('secondFactors')
    .selectAll()
    .where('userId', '=', actor.id)
    .executeTakeFirst();
  if (!row || row.confirmedAt)
    throw new ConflictError('no second-factor enrolment is waiting for a code', [
      { field: 'code', message: 'start the set-up first' },
    ]);
  if (!(await useCode(ctx, row, code, nowMs)))
    throw new ValidationError([{ field: 'code', message: 'wrong or already used code' }]);
  await inTransaction(ctx.store, async ({ db, ledger }) => {
    await db
      .updateTable('secondFactors')
      .set({ confirmedAt: now(), updatedAt: now() })
      .where('userId', '=', actor.id)
      .execute();
    ledger.append(entry(actorLabel(actor), 'second_factor_enrol', actor.id));
  });
}

/** Removes the actor's own second factor; needs the password and a current code. */
export async function disableSecondFactor(
  ctx: ServiceContext,
  actor: Actor,
  password: string,
  code: string,
  address?: string,
): Promise<void> {
  if (actor.kind !== 'user') throw new UnauthenticatedError();
  await checkOwnPassword(ctx, actor, password, 'password', address);
  const factor = await confirmedFactor(ctx, actor.id);
  if (!factor)
    throw new ConflictError('no second factor is set up', [{ field: 'code', message: 'not set up' }]);
  if (!(await useCode(ctx, factor, code)))
    throw new ValidationError([{ field: 'code', message: 'wrong or already used code' }]);
  await removeFactor(ctx, actorLabel(actor), actor.id, false);
}

/**
 * Removes a user's second factor from the command line (a lost phone) and ends the user's sessions; the user
 * logs in with the password alone and, where required, enrols again. Audited.
 */
export async function resetSecondFactor(
  ctx: ServiceContext,
  actor: Actor,
  username: string,
): Promise<boolean> {
  if (!can(actor, 'manage_users', { kind: 'instance' })) throw new ForbiddenError();
  const user = await ctx.store.db
    .selectFrom('users')
    .select('id')
    .where('username', '=', username)
    .executeTakeFirst();
  if (!user) throw new ValidationError([{ field: 'username', message: 'no such user' }]);
  const existing = await ctx.store.db
    .selectFrom('secondFactors')
    .select('userId')
    .where('userId', '=', user.id)
    .executeTakeFirst();
  if (!existing) return false;
  await removeFactor(ctx, actorLabel(actor), user.id, true);
  return true;
}

async function removeFactor(ctx: ServiceContext, actor: string, userId: string, endSessions: boolean) {
  await inTransaction(ctx.store, async ({ db, ledger }) => {
    await db.deleteFrom('secondFactors').where('userId', '=', userId).execute();
    if (endSessions) await db.deleteFrom('sessions').where('userId', '=', userId).execute();
    ledger.append(entry(actor, endSessions ? 'second_factor_reset' : 'second_factor_remove', userId));
  });
}

function entry(actor: string, action: string, userId: string) {
  return { actor, action, resourceType: 'second_factor', resourceId: userId, caseId: null, digest: null };
}

function secretOf(ctx: ServiceContext, factor: SecondFactorsTable): Buffer {
  return base32Decode(ctx.auth.cipher.decrypt(factor.secret, cipherContext(factor.userId)));
}

function cipherContext(userId: string): string {
  return `second_factors:${userId}:secret`;
}
