/**
 * The schedule of password attempts. Every attempt is counted *before* its password is checked, against two
 * budgets: one of the account name and one of the client address (services/login-budget.ts keeps them in the
 * database, keyed by HMAC). The first `free` attempts of a budget pass at once; after that each attempt must
 * wait a delay that doubles with every further attempt, up to `maxDelayMs`. A success clears the account's
 * budget; otherwise a budget is forgotten a day after its last attempt.
 *
 * There is no hard lockout: an account under attack stays reachable every `maxDelayMs`, and its owner passes the
 * account-wide delay at once with a valid second-factor code (the address budget still applies to everyone).
 */
export interface BudgetRule {
  /** Attempts allowed without delay. */
  readonly free: number;
  /** Wait after the first attempt beyond `free`; doubles with each further one. */
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
}

/** Per account name: five attempts, then 30 s, 1, 2, 4, 8 and at most 15 minutes between attempts. */
export const ACCOUNT_BUDGET: BudgetRule = { free: 5, baseDelayMs: 30_000, maxDelayMs: 15 * 60_000 };

/**
 * Per client address: more room (an office may share one address, a user may have several accounts), then the
 * same doubling. This budget is what slows an attacker who sprays one password over many names.
 */
export const ADDRESS_BUDGET: BudgetRule = { free: 20, baseDelayMs: 10_000, maxDelayMs: 15 * 60_000 };

/** A budget is forgotten this long after its last attempt (the address keys' retention). */
export const BUDGET_RETENTION_MS = 24 * 60 * 60_000;

/** How long the next attempt must wait after `attempts` counted attempts. */
export function delayAfter(rule: BudgetRule, attempts: number): number {
  if (attempts < rule.free) return 0;
  const doublings = attempts - rule.free;
  // 2 ** 40 ms is decades: cap the exponent before it can overflow into Infinity.
  return Math.min(rule.maxDelayMs, rule.baseDelayMs * 2 ** Math.min(doublings, 40));
}
