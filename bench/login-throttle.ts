/**
 * How many password checks an attacker gets through the login throttle. Starts the app in-process (app.inject,
 * a temporary SQLite store, or PostgreSQL with BENCH_DIALECT=postgres) and runs three attackers at once for
 * BENCH_SECONDS (default 60), each against its own store:
 *   sequential  one address, one account, one guess after the other
 *   parallel    waves of 200 simultaneous guesses at one account, each from a different address (a botnet)
 *   spray       one address, a different account name for every guess
 * It prints the guesses sent and those that reached the password check (argon2), per minute, and the schedule's
 * figures for an hour and a day of the account budget. BENCH_ATTACKERS=spray (or a comma-separated list) runs
 * some of them alone: side by side on SQLite, the parallel attacker's waves hold the single connection and the
 * others send fewer guesses.
 *
 *   npx tsx bench/login-throttle.ts
 */
import {
  ACCOUNT_BUDGET,
  ADDRESS_BUDGET,
  delayAfter,
  passwordVerificationCount,
  type BudgetRule,
} from '../src/auth/index.js';
import { makeCase, makeMember } from '../test/factories.js';
import { buildTestApp, type TestApp } from '../test/http.js';
import { createTestStore, type DialectName } from '../test/stores.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 60);
const DIALECT = (process.env.BENCH_DIALECT ?? 'sqlite') as DialectName;
const chosen = (process.env.BENCH_ATTACKERS ?? 'sequential,parallel,spray').split(',');

interface Tally {
  sent: number;
  checked: number;
  statuses: Record<number, number>;
}

async function attack(
  id: string,
  name: string,
  run: (app: TestApp, tally: Tally, until: number) => Promise<void>,
): Promise<[string, Tally] | null> {
  if (!chosen.includes(id)) return null;
  const t = await createTestStore(DIALECT);
  const app = await buildTestApp(t.ctx);
  await makeMember(t.ctx, (await makeCase(t.ctx)).id, 'victim', 'viewer');
  const tally: Tally = { sent: 0, checked: 0, statuses: {} };
  try {
    await run(app, tally, Date.now() + SECONDS * 1000);
  } finally {
    await app.close();
    await t.cleanup();
  }
  return [name, tally];
}

async function guess(app: TestApp, tally: Tally, username: string, remoteAddress: string): Promise<void> {
  const answer = await app.inject({
    method: 'POST',
    url: '/api/auth/login',
    remoteAddress,
    payload: { username, password: `guess ${tally.sent}` },
  });
  tally.sent += 1;
  tally.statuses[answer.statusCode] = (tally.statuses[answer.statusCode] ?? 0) + 1;
  // 401 is the answer of a checked (wrong) password; 429 was refused before the check.
  if (answer.statusCode === 401) tally.checked += 1;
}

/** Attempts the schedule lets through in `ms` when the attacker tries the moment the budget allows. */
function scheduled(rule: BudgetRule, ms: number): number {
  let attempts = 0;
  let at = 0;
  while (at <= ms) {
    attempts += 1;
    at += delayAfter(rule, attempts);
  }
  return attempts;
}

const before = passwordVerificationCount();
const results = await Promise.all([
  attack('sequential', 'sequential, 1 address → 1 account', async (app, tally, until) => {
    while (Date.now() < until) await guess(app, tally, 'victim', '198.51.100.1');
  }),
  attack('parallel', '200 parallel, 200 addresses → 1 account', async (app, tally, until) => {
    let wave = 0;
    while (Date.now() < until) {
      await Promise.all(
        Array.from({ length: 200 }, (_, i) =>
          guess(app, tally, 'victim', `10.${wave % 250}.${i >> 8}.${i & 255}`),
        ),
      );
      wave += 1;
    }
  }),
  attack('spray', 'spray, 1 address → a new name each time', async (app, tally, until) => {
    while (Date.now() < until) await guess(app, tally, `user${tally.sent}`, '198.51.100.2');
  }),
]);
const perMinute = (n: number) => ((n * 60) / SECONDS).toFixed(1);
console.log(`login throttle bench: ${DIALECT}, ${SECONDS} s per attacker, run side by side`);
for (const [name, tally] of results.filter((r) => r !== null)) {
  console.log(
    `  ${name.padEnd(42)} sent ${String(tally.sent).padStart(7)}  reached the password check ${String(tally.checked).padStart(3)}` +
      `  (${perMinute(tally.checked)}/min)  answers ${JSON.stringify(tally.statuses)}`,
  );
}
console.log(`  password verifications counted in process: ${passwordVerificationCount() - before}`);
for (const [label, rule] of [
  ['account budget', ACCOUNT_BUDGET],
  ['address budget', ADDRESS_BUDGET],
] as const) {
  console.log(
    `  schedule, ${label}: ${scheduled(rule, 60_000)} checks in the first minute, ${scheduled(rule, 3_600_000)} in an hour, ${scheduled(rule, 86_400_000)} in a day`,
  );
}
