import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Actor, CaseGrant } from '../auth/index.js';
import { actorLabel, can, hashPassword, verifyPassword } from '../auth/index.js';
import {
  ConflictError,
  ForbiddenError,
  SecondFactorRequiredError,
  UnauthenticatedError,
  ValidationError,
} from '../domain/errors.js';
import type { Role } from '../domain/records/membership.js';
import { passwordSchema, usernameSchema, type UserRecord } from '../domain/records/user.js';
import { inTransaction, rowDigest } from '../storage/index.js';
import type { UsersTable } from '../storage/schema.js';
import { now, type ServiceContext } from './context.js';
import {
  budget,
  checkOwnPassword,
  clearBudget,
  deviceToken,
  knownDevice,
  refundAttempt,
  requireAttempt,
  reserveAttempt,
  tooMany,
} from './login-budget.js';
import { codeMatches, confirmedFactor, useCode } from './second-factor.js';

export const SESSION_LIFETIME_MS = 12 * 60 * 60 * 1000;

// Verifying against a fixed hash when the user does not exist keeps the time of a failed login the same
// whether or not the name is taken, so the login form does not tell who has an account.
let dummyHash: Promise<string> | undefined;

export interface NewUser {
  username: string;
  displayName?: string;
  password: string | null;
  isAdmin?: boolean;
  mustChangePassword?: boolean;
}

export function presentUser(row: UsersTable): UserRecord {
  return {
    id: row.id,
    username: row.username,
    displayName: row.displayName,
    isAdmin: row.isAdmin === 1,
    mustChangePassword: row.mustChangePassword === 1,
    disabled: row.disabled === 1,
    createdAt: row.createdAt,
  };
}

/** Creates a local account. A null password creates a disabled account that needs a password set first. */
export async function createUser(ctx: ServiceContext, actor: Actor, input: NewUser): Promise<UserRecord> {
  if (!can(actor, 'manage_users', { kind: 'instance' }))
    throw new ForbiddenError('only an administrator can add users');
  const username = usernameSchema.safeParse(input.username);
  if (!username.success)
    throw new ValidationError([
      { field: 'username', message: username.error.issues[0]?.message ?? 'invalid' },
    ]);
  if (input.password !== null) {
    const password = passwordSchema.safeParse(input.password);
    if (!password.success)
      throw new ValidationError([
        { field: 'password', message: password.error.issues[0]?.message ?? 'invalid' },
      ]);
  }
  const passwordHash = input.password === null ? null : await hashPassword(input.password);
  const at = now();
  const row: UsersTable = {
    id: randomUUID(),
    username: username.data,
    displayName: input.displayName?.trim() || username.data,
    passwordHash,
    isAdmin: input.isAdmin ? 1 : 0,
    mustChangePassword: input.mustChangePassword ? 1 : 0,
    disabled: passwordHash === null ? 1 : 0,
    createdAt: at,
    updatedAt: at,
  };
  return inTransaction(ctx.store, async ({ db, ledger }) => {
    const taken = await db
      .selectFrom('users')
      .select('id')
      .where('username', '=', row.username)
      .executeTakeFirst();
    if (taken)
      throw new ConflictError('username already taken', [{ field: 'username', message: 'already taken' }]);
    await db.insertInto('users').values(row).execute();
    ledger.append({
      actor: actorLabel(actor),
      action: 'create',
      resourceType: 'user',
      resourceId: row.id,
      caseId: null,
      digest: rowDigest(row),
    });
    return presentUser(row);
  });
}

export async function findUserByName(ctx: ServiceContext, username: string): Promise<UsersTable | undefined> {
  return ctx.store.db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
}

export interface Credentials {
  username: string;
  password: string;
  /** Second-factor code, when the account has one. */
  code?: string | undefined;
  /** The client's address (request.ip), for its attempt budget; kept only as an HMAC. */
  address?: string | undefined;
  /** The device token of a browser that logged in to this account before (see `deviceToken`). */
  device?: string | undefined;
}

/**
 * Checks a password (and a second-factor code where the account has one) and opens a session; returns the
 * bearer token that goes into the cookie. The attempt is counted against the address's and the name's budgets
 * before the password is checked. When the name's budget is spent, a valid code lets the password be checked
 * all the same: strangers can slow the guessing of an account, but not shut out an owner who has a second factor.
 */
export async function login(
  ctx: ServiceContext,
  { username, password, code, address, device }: Credentials,
): Promise<{ token: string; user: UserRecord; device: string }> {
  const from = address === undefined ? undefined : budget(ctx, 'address', address);
  if (from) await requireAttempt(ctx, from);
  const user = await findUserByName(ctx, username);
  // Looked up for unknown names too (no such id), so that the answer takes as long either way.
  const factor = await confirmedFactor(ctx, user?.id ?? '');
  // A browser that logged in to this name before is counted on its own; anyone else on the name's budget.
  const deviceId = knownDevice(ctx, username, device);
  const account = deviceId
    ? budget(ctx, 'device', `${username}\0${deviceId}`)
    : budget(ctx, 'account', username);
  const reservation = await reserveAttempt(ctx, account);
  if (!reservation.allowed && !(factor && code && codeMatches(ctx, factor, code)))
    throw tooMany(account, reservation.retryAfterSeconds);
  dummyHash ??= hashPassword(randomBytes(16).toString('hex'));
  const ok = user?.passwordHash
    ? await verifyPassword(user.passwordHash, password)
    : (await verifyPassword(await dummyHash, password), false);
  if (!user || !ok || user.disabled === 1) throw new UnauthenticatedError('wrong username or password');
  if (factor) {
    if (!code) {
      // The right password is no guess: both budgets get the attempt back (a wrong code will be counted).
      if (from) await refundAttempt(ctx, from);
      if (reservation.allowed) await refundAttempt(ctx, account);
      throw new SecondFactorRequiredError();
    }
    if (!(await useCode(ctx, factor, code)))
      throw new UnauthenticatedError('wrong second-factor code', [
        { field: 'code', message: 'wrong or already used code' },
      ]);
  }
  // Without a second factor the owner needs the name's budget cleared after a success. With one, the code
  // already gets the owner past any delay, and clearing would hand a stranger five fresh guesses each time.
  if (!factor) await clearBudget(ctx, account);
  else if (reservation.allowed) await refundAttempt(ctx, account);
  if (from) await refundAttempt(ctx, from);
  const token = randomBytes(32).toString('base64url');
  const at = new Date();
  await inTransaction(ctx.store, async ({ db, ledger }) => {
    await db
      .insertInto('sessions')
      .values({
        tokenHash: tokenHash(token),
        userId: user.id,
        createdAt: at.toISOString(),
        expiresAt: new Date(at.getTime() + SESSION_LIFETIME_MS).toISOString(),
      })
      .execute();
    ledger.append({
      actor: `user:${user.username}`,
      action: 'login',
      resourceType: 'user',
      resourceId: user.id,
      caseId: null,
      digest: null,
    });
  });
  return { token, user: presentUser(user), device: deviceToken(ctx, username, deviceId) };
}

export async function logout(ctx: ServiceContext, token: string): Promise<void> {
  await ctx.store.db.deleteFrom('sessions').where('tokenHash', '=', tokenHash(token)).execute();
}

/** The actor behind a session token; anonymous when the token is missing, unknown or expired. */
export async function actorForToken(ctx: ServiceContext, token: string | undefined): Promise<Actor> {
  if (!token || token.length > 200) return { kind: 'anonymous' };
  const row = await ctx.store.db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.userId')
    .select([
      'users.id',
      'users.username',
      'users.isAdmin',
      'users.mustChangePassword',
      'users.disabled',
      'sessions.expiresAt',
    ])
    .where('sessions.tokenHash', '=', tokenHash(token))
    .executeTakeFirst();
  if (!row || row.disabled === 1 || row.expiresAt < now()) return { kind: 'anonymous' };
  return actorForUser(ctx, {
    id: row.id,
    username: row.username,
    isAdmin: row.isAdmin === 1,
    mustChangePassword: row.mustChangePassword === 1,
  });
}

/** Builds a user actor with the user's case grants. */
export async function actorForUser(
  ctx: ServiceContext,
  user: { id: string; username: string; isAdmin: boolean; mustChangePassword: boolean },
): Promise<Actor> {
  const memberships = await ctx.store.db
    .selectFrom('memberships')
    .select(['caseId', 'role', 'protectedGrant'])
    .where('userId', '=', user.id)
    .execute();
  const cases = new Map<string, CaseGrant>(
    memberships.map((m) => [m.caseId, { role: m.role as Role, protectedGrant: m.protectedGrant === 1 }]),
  );
  return { kind: 'user', ...user, mustEnrolSecondFactor: await mustEnrol(ctx, user.id, memberships), cases };
}

/** Whether DOSSIER_REQUIRE_TOTP asks this user to enrol a second factor before anything else. */
async function mustEnrol(
  ctx: ServiceContext,
  userId: string,
  memberships: Array<{ caseId: string; role: string; protectedGrant: number }>,
): Promise<boolean> {
  const rule = ctx.auth.requireSecondFactor;
  if (rule === 'off') return false;
  if (rule === 'owners-of-protected' && !(await guardsProtected(ctx, memberships))) return false;
  return !(await confirmedFactor(ctx, userId));
}

/** Holds the protected grant somewhere, or owns a case labelled `protected`. */
async function guardsProtected(
  ctx: ServiceContext,
  memberships: Array<{ caseId: string; role: string; protectedGrant: number }>,
): Promise<boolean> {
  if (memberships.some((m) => m.protectedGrant === 1)) return true;
  const owned = memberships.filter((m) => m.role === 'owner').map((m) => m.caseId);
  if (owned.length === 0) return false;
  const found = await ctx.store.db
    .selectFrom('cases')
    .select('id')
    .where('id', 'in', owned)
    .where('sensitivity', '=', 'protected')
    .executeTakeFirst();
  return Boolean(found);
}

/**
 * Changes the actor's own password; also clears the one-time-password flag and ends other sessions. The check
 * of the current password is budgeted like a login (see `checkOwnPassword`).
 */
export async function changePassword(
  ctx: ServiceContext,
  actor: Actor,
  current: string,
  next: string,
  address?: string,
): Promise<void> {
  if (actor.kind !== 'user') throw new UnauthenticatedError();
  const parsed = passwordSchema.safeParse(next);
  if (!parsed.success)
    throw new ValidationError([
      { field: 'newPassword', message: parsed.error.issues[0]?.message ?? 'invalid' },
    ]);
  const user = await checkOwnPassword(ctx, actor, current, 'currentPassword', address);
  if (current === next)
    throw new ValidationError([{ field: 'newPassword', message: 'must differ from the current password' }]);
  const updated: UsersTable = {
    ...user,
    passwordHash: await hashPassword(next),
    mustChangePassword: 0,
    updatedAt: now(),
  };
  await replaceUser(ctx, actor, updated);
}

/** Writes a changed account and ends its sessions: a new password must log everyone out. */
async function replaceUser(ctx: ServiceContext, actor: Actor, updated: UsersTable): Promise<void> {
  await inTransaction(ctx.store, async ({ db, ledger }) => {
    await db.updateTable('users').set(updated).where('id', '=', updated.id).execute();
    await db.deleteFrom('sessions').where('userId', '=', updated.id).execute();
    ledger.append({
      actor: actorLabel(actor),
      action: 'update',
      resourceType: 'user',
      resourceId: updated.id,
      caseId: null,
      digest: rowDigest(updated),
    });
  });
}

/** Sets a password from the command line (operator), enabling the account. */
export async function setPassword(
  ctx: ServiceContext,
  actor: Actor,
  username: string,
  password: string,
  mustChange: boolean,
): Promise<void> {
  if (!can(actor, 'manage_users', { kind: 'instance' })) throw new ForbiddenError();
  const parsed = passwordSchema.safeParse(password);
  if (!parsed.success)
    throw new ValidationError([{ field: 'password', message: parsed.error.issues[0]?.message ?? 'invalid' }]);
  const user = await findUserByName(ctx, username);
  if (!user) throw new ValidationError([{ field: 'username', message: 'no such user' }]);
  const updated: UsersTable = {
    ...user,
    passwordHash: await hashPassword(password),
    mustChangePassword: mustChange ? 1 : 0,
    disabled: 0,
    updatedAt: now(),
  };
  await replaceUser(ctx, actor, updated);
}

function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
