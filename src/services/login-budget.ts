import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import {
  ACCOUNT_BUDGET,
  ADDRESS_BUDGET,
  BUDGET_RETENTION_MS,
  delayAfter,
  verifyPassword,
  type Actor,
  type BudgetRule,
} from '../auth/index.js';
import { TooManyRequestsError, UnauthenticatedError, ValidationError } from '../domain/errors.js';
import type { UsersTable } from '../storage/schema.js';
import type { ServiceContext } from './context.js';

/**
 * Attempt budgets in the database (table `auth_throttle`, see auth/login-throttle.ts for the schedule). An
 * attempt is counted in a transaction that locks the budget's row (PostgreSQL) and raises its count by a
 * compare-and-swap, before its password is checked: parallel requests cannot all pass the check and be counted
 * only afterwards. The count survives a restart and is shared by every server process on the same database.
 * Names and addresses are stored only as HMACs under a key derived from the field key.
 */
export type BudgetKind = 'account' | 'address' | 'session' | 'device';

/** The rule of each budget: `session` is an account's budget for password checks within its own session. */
const RULES: Record<BudgetKind, BudgetRule> = {
  account: ACCOUNT_BUDGET,
  address: ADDRESS_BUDGET,
  session: ACCOUNT_BUDGET,
  device: ACCOUNT_BUDGET,
};

export interface Budget {
  readonly kind: BudgetKind;
  readonly key: string;
}

/** The budget of a name, an address, an account's in-session checks, or a known browser of an account. */
export function budget(ctx: ServiceContext, kind: BudgetKind, value: string): Budget {
  const mac = createHmac('sha256', ctx.auth.budgetKey).update(`${kind}\0${value}`).digest('base64url');
  return { kind, key: `${kind}:${mac}` };
}

export type Reservation = { allowed: true } | { allowed: false; retryAfterSeconds: number };

// Compare-and-swap rounds before giving up under extreme contention; each lost round means another
// request was counted, so the budget is nearly spent anyway and "try again shortly" is the honest answer.
const MAX_ROUNDS = 50;
const PURGE_INTERVAL_MS = 60_000;
const lastPurge = new WeakMap<object, number>();

/** Counts one attempt against `target`, or answers how long to wait when its budget does not allow one now. */
export async function reserveAttempt(
  ctx: ServiceContext,
  target: Budget,
  nowMs = Date.now(),
): Promise<Reservation> {
  await purgeExpired(ctx, nowMs);
  const rule = RULES[target.kind];
  const now = new Date(nowMs).toISOString();
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const outcome = await ctx.store.db.transaction().execute(async (db) => {
      await db
        .insertInto('authThrottle')
        .values({ key: target.key, failures: 0, nextAt: now, expiresAt: now })
        .onConflict((oc) => oc.column('key').doNothing())
        .execute();
      // PostgreSQL: the row lock queues parallel attempts on one budget. SQLite runs one writer at a time;
      // there, and should anything else interleave, the compare-and-swap below refuses a stale count.
      const select = db
        .selectFrom('authThrottle')
        .select(['failures', 'nextAt', 'expiresAt'])
        .where('key', '=', target.key);
      const row = await (ctx.store.dialect.supportsRowLocks ? select.forUpdate() : select).executeTakeFirst();
      if (!row) return 'retry' as const;
      const expired = row.expiresAt <= now;
      if (!expired && row.nextAt > now)
        return { allowed: false as const, retryAfterSeconds: secondsUntil(row.nextAt, nowMs) };
      const updated = await db
        .updateTable('authThrottle')
        .set(schedule(rule, expired ? 1 : row.failures + 1, nowMs))
        .where('key', '=', target.key)
        .where('failures', '=', row.failures)
        .where('nextAt', '=', row.nextAt)
        .executeTakeFirst();
      return Number(updated.numUpdatedRows) === 1 ? { allowed: true as const } : ('retry' as const);
    });
    if (outcome !== 'retry') return outcome;
  }
  return { allowed: false, retryAfterSeconds: 1 };
}

function secondsUntil(iso: string, nowMs: number): number {
  return Math.max(1, Math.ceil((Date.parse(iso) - nowMs) / 1000));
}

/** Reserves an attempt or throws 429 with the wait. */
export async function requireAttempt(ctx: ServiceContext, target: Budget, nowMs = Date.now()): Promise<void> {
  const reservation = await reserveAttempt(ctx, target, nowMs);
  if (!reservation.allowed) throw tooMany(target, reservation.retryAfterSeconds);
}

export function tooMany(target: Budget, seconds: number): TooManyRequestsError {
  const what = target.kind === 'address' ? 'from this address' : 'for this account';
  return new TooManyRequestsError(
    `too many attempts ${what}; try again in ${describeWait(seconds)}`,
    seconds,
  );
}

/** Forgets a budget's attempts (after a success). */
export async function clearBudget(ctx: ServiceContext, target: Budget): Promise<void> {
  await ctx.store.db.deleteFrom('authThrottle').where('key', '=', target.key).execute();
}

/**
 * Gives back the attempt a success used: address budgets count failures only, or an office sharing one
 * address would be slowed by its own daily logins. The delay already set stays (it lapses on its own).
 */
export async function refundAttempt(ctx: ServiceContext, target: Budget): Promise<void> {
  await ctx.store.db
    .updateTable('authThrottle')
    .set((eb) => ({ failures: eb('failures', '-', 1) }))
    .where('key', '=', target.key)
    .where('failures', '>', 0)
    .execute();
}

function schedule(rule: BudgetRule, attempts: number, nowMs: number) {
  const delay = delayAfter(rule, attempts);
  const next = nowMs + delay;
  return {
    failures: attempts,
    // No wait is no time at all: each request reads its clock before it queues for the row, so a parallel
    // request that read it a moment earlier than the last one counted would otherwise be refused (and not
    // counted) while free attempts remain.
    nextAt: new Date(delay === 0 ? 0 : next).toISOString(),
    expiresAt: new Date(next + BUDGET_RETENTION_MS).toISOString(),
  };
}

/** Deletes forgotten budgets, at most once a minute per store: the table holds about a day of attempts. */
async function purgeExpired(ctx: ServiceContext, nowMs: number): Promise<void> {
  const last = lastPurge.get(ctx.store) ?? 0;
  if (nowMs - last < PURGE_INTERVAL_MS) return;
  lastPurge.set(ctx.store, nowMs);
  await ctx.store.db
    .deleteFrom('authThrottle')
    .where('expiresAt', '<=', new Date(nowMs).toISOString())
    .execute();
}

function describeWait(seconds: number): string {
  return seconds < 120 ? `${seconds} seconds` : `${Math.ceil(seconds / 60)} minutes`;
}

/**
 * Checks the password of the actor's own account (changing the password, enrolling or removing a second
 * factor) within two budgets: the client address's, and the account's budget for checks made from its own
 * sessions. The latter is separate from the login budget, so a stranger's failed logins never stop the owner
 * here; only a holder of one of the account's sessions can spend it. A wrong password answers 400 naming `field`.
 */
export async function checkOwnPassword(
  ctx: ServiceContext,
  actor: Actor,
  password: string,
  field: string,
  address: string | undefined,
): Promise<UsersTable> {
  if (actor.kind !== 'user') throw new UnauthenticatedError();
  const from = address === undefined ? undefined : budget(ctx, 'address', address);
  if (from) await requireAttempt(ctx, from);
  const own = budget(ctx, 'session', actor.id);
  await requireAttempt(ctx, own);
  const user = await ctx.store.db
    .selectFrom('users')
    .selectAll()
    .where('id', '=', actor.id)
    .executeTakeFirst();
  if (!user?.passwordHash || !(await verifyPassword(user.passwordHash, password)))
    throw new ValidationError([{ field, message: 'wrong password' }]);
  await clearBudget(ctx, own);
  if (from) await refundAttempt(ctx, from);
  return user;
}

/**
 * A browser that has logged in to an account before carries a device token: a random id bound to the account
 * name by an HMAC (nothing is stored). Its logins are counted against a budget of that browser alone instead of
 * the account's, so a stranger who spends the account's budget from elsewhere cannot keep its owner out — the
 * "device cookie" defence. A stolen token only gives its thief the same five guesses and doubling delays.
 */
export function deviceToken(
  ctx: ServiceContext,
  username: string,
  id = randomBytes(16).toString('base64url'),
) {
  const mac = createHmac('sha256', ctx.auth.budgetKey)
    .update(`device\0${username}\0${id}`)
    .digest('base64url');
  return `${id}.${mac}`;
}

/** The id of a device token issued for this account name, or undefined for anything else. */
export function knownDevice(
  ctx: ServiceContext,
  username: string,
  token: string | undefined,
): string | undefined {
  if (!token || token.length > 200) return undefined;
  const id = token.split('.')[0];
  if (!id) return undefined;
  const expected = Buffer.from(deviceToken(ctx, username, id));
  const given = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected) ? id : undefined;
}
