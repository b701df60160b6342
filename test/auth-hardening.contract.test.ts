import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  ACCOUNT_BUDGET,
  ADDRESS_BUDGET,
  base32Decode,
  passwordVerificationCount,
  totpCode,
  type Actor,
} from '../src/auth/index.js';
import { ConfigError, loadConfig } from '../src/config.js';
import type { ServiceContext } from '../src/services/context.js';
import { createCase } from '../src/services/cases.js';
import {
  confirmEnrolment,
  resetSecondFactor,
  startEnrolment,
  type Enrolment,
} from '../src/services/second-factor.js';
import { verifyLedger } from '../src/services/verify.js';
import { openStore } from '../src/storage/index.js';
import { makeCase, makeMember, SYSTEM, TEST_PASSWORD } from './factories.js';
import { buildTestApp, loginCookie, type TestApp } from './http.js';
import { createTestStore, DIALECTS, TEST_DATABASE_URL, type TestStore } from './stores.js';

const STEP_MS = 30_000;

describe.each(DIALECTS)('authentication hardening (%s)', (dialect) => {
  let t: TestStore;
  let app: TestApp;

  beforeEach(async () => {
    t = await createTestStore(dialect);
    app = await buildTestApp(t.ctx);
  });
  afterEach(async () => {
    await app.close();
    await t.cleanup();
  });

  const loginAs = (username: string, password: string, remoteAddress = '127.0.0.1', code?: string) =>
    app.inject({
      method: 'POST',
      url: '/api/auth/login',
      remoteAddress,
      payload: { username, password, ...(code === undefined ? {} : { code }) },
    });

  async function enrol(ctx: ServiceContext, actor: Actor): Promise<{ secret: Buffer; step: number }> {
    const enrolment: Enrolment = await startEnrolment(ctx, actor, TEST_PASSWORD);
    const secret = base32Decode(enrolment.secret);
    const at = Date.now();
    await confirmEnrolment(ctx, actor, totpCode(secret, at), at);
    return { secret, step: Math.floor(at / STEP_MS) };
  }

  it('counts parallel guesses before checking them: 200 at once reach the password check at most 5 times', async () => {
    await makeMember(t.ctx, (await makeCase(t.ctx)).id, 'maryam', 'viewer');
    const before = passwordVerificationCount();
    // Each guess from its own address, so only the account's budget stands in the way.
    const answers = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        loginAs('maryam', `guess ${i}`, `10.0.${Math.floor(i / 250)}.${i % 250}`),
      ),
    );
    const statuses = answers.map((a) => a.statusCode);
    expect(statuses.filter((s) => s === 401).length).toBe(ACCOUNT_BUDGET.free);
    expect(statuses.filter((s) => s === 429).length).toBe(200 - ACCOUNT_BUDGET.free);
    expect(passwordVerificationCount() - before).toBe(ACCOUNT_BUDGET.free);
    const refused = answers.find((a) => a.statusCode === 429)!;
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    // While the delay holds, the right password without a second factor waits too (the documented trade-off).
    expect((await loginAs('maryam', TEST_PASSWORD, '192.0.2.1')).statusCode).toBe(429);
  });

  it('limits one address spraying many names', async () => {
    const before = passwordVerificationCount();
    const answers = await Promise.all(
      Array.from({ length: 60 }, (_, i) => loginAs(`name${i}`, 'Winter1988!', '198.51.100.7')),
    );
    expect(answers.filter((a) => a.statusCode === 401).length).toBe(ADDRESS_BUDGET.free);
    expect(answers.filter((a) => a.statusCode === 429).length).toBe(60 - ADDRESS_BUDGET.free);
    expect(passwordVerificationCount() - before).toBe(ADDRESS_BUDGET.free);
    expect((await loginAs('name0', 'x', '198.51.100.8')).statusCode).toBe(401);
  });

  it('keeps the count in the database: a freshly opened store still refuses', async () => {
    await makeMember(t.ctx, (await makeCase(t.ctx)).id, 'maryam', 'viewer');
    for (let i = 0; i < ACCOUNT_BUDGET.free; i++)
      expect((await loginAs('maryam', `guess ${i}`, `10.1.0.${i}`)).statusCode).toBe(401);
    const reopened = await openStore(
      dialect === 'sqlite'
        ? { kind: 'sqlite', path: t.where }
        : { kind: 'postgres', url: TEST_DATABASE_URL, schema: t.where },
    );
    const other = await buildTestApp({ ...t.ctx, store: reopened });
    try {
      const answer = await other.inject({
        method: 'POST',
        url: '/api/auth/login',
        remoteAddress: '10.1.1.1',
        payload: { username: 'maryam', password: TEST_PASSWORD },
      });
      expect(answer.statusCode).toBe(429);
      expect(Number(answer.headers['retry-after'])).toBeGreaterThan(0);
    } finally {
      await other.close();
      await reopened.close();
    }
    // Names and addresses are stored only as keyed hashes.
    const rows = await t.raw('select key from auth_throttle');
    expect(rows.length).toBeGreaterThan(0);
    expect(JSON.stringify(rows)).not.toMatch(/maryam|10\.1\./);
  });

  it("lets an owner with a second factor in through a stranger's failures, and refuses a used code", async () => {
    const caseId = (await makeCase(t.ctx)).id;
    const owner = await makeMember(t.ctx, caseId, 'owner', 'owner', true);
    const { secret, step } = await enrol(t.ctx, owner);
    // A stranger spends the account's budget from many addresses.
    const stranger = await Promise.all(
      Array.from({ length: 30 }, (_, i) => loginAs('owner', `guess ${i}`, `203.0.113.${i}`)),
    );
    expect(stranger.filter((a) => a.statusCode === 401).length).toBe(ACCOUNT_BUDGET.free);
    // The owner's password alone waits ...
    expect((await loginAs('owner', TEST_PASSWORD, '192.0.2.1')).statusCode).toBe(429);
    // ... a guessed or replayed code does not help ...
    const replayed = await loginAs('owner', TEST_PASSWORD, '192.0.2.1', totpCode(secret, step * STEP_MS));
    expect(replayed.statusCode).toBe(429);
    // ... but password and a fresh code get in at once.
    const fresh = totpCode(secret, (step + 1) * STEP_MS);
    const inside = await loginAs('owner', TEST_PASSWORD, '192.0.2.1', fresh);
    expect(inside.statusCode).toBe(200);
    // The owner's login does not hand the stranger fresh guesses.
    const later = await Promise.all(
      Array.from({ length: 10 }, (_, i) => loginAs('owner', `later ${i}`, `203.0.113.${100 + i}`)),
    );
    expect(later.map((a) => a.statusCode)).toEqual(Array.from({ length: 10 }, () => 429));
    // The same code cannot be used twice.
    expect((await loginAs('owner', TEST_PASSWORD, '192.0.2.1', fresh)).statusCode).toBe(429);
  });

  it("lets an owner without a second factor in from a browser that logged in before, through a stranger's failures", async () => {
    const caseId = (await makeCase(t.ctx)).id;
    await makeMember(t.ctx, caseId, 'clerk', 'investigator');
    const first = await loginAs('clerk', TEST_PASSWORD, '192.0.2.7');
    expect(first.statusCode).toBe(200);
    const device = first.cookies.find((c) => c.name === 'dossier_device');
    expect(device?.httpOnly).toBe(true);
    // A stranger spends the account's budget from many addresses.
    await Promise.all(Array.from({ length: 30 }, (_, i) => loginAs('clerk', `guess ${i}`, `203.0.113.${i}`)));
    expect((await loginAs('clerk', TEST_PASSWORD, '192.0.2.7')).statusCode).toBe(429);
    const known = (password: string) =>
      app.inject({
        method: 'POST',
        url: '/api/auth/login',
        remoteAddress: '192.0.2.7',
        payload: { username: 'clerk', password },
        cookies: { dossier_device: device!.value },
      });
    // The known browser has a budget of its own: the right password gets in at once.
    expect((await known(TEST_PASSWORD)).statusCode).toBe(200);
    // A device cookie is bound to its account: it does not open another name's budget.
    await makeMember(t.ctx, caseId, 'other', 'viewer');
    const strangers = await Promise.all(
      Array.from({ length: 8 }, (_, i) => loginAs('other', `g${i}`, `198.51.100.${i}`)),
    );
    expect(strangers.filter((r) => r.statusCode === 401).length).toBe(ACCOUNT_BUDGET.free);
    const elsewhere = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      remoteAddress: '192.0.2.7',
      payload: { username: 'other', password: TEST_PASSWORD },
      cookies: { dossier_device: device!.value },
    });
    expect(elsewhere.statusCode).toBe(429);
    // And guesses through a stolen device cookie are limited by that device's own budget.
    const guesses = [];
    for (let i = 0; i < 8; i++) guesses.push((await known(`wrong ${i}`)).statusCode);
    expect(guesses.filter((s) => s === 401).length).toBe(ACCOUNT_BUDGET.free);
    expect(guesses.slice(ACCOUNT_BUDGET.free)).toEqual([429, 429, 429]);
  });

  it('asks for the code after the right password, and refuses a wrong code', async () => {
    const owner = await makeMember(t.ctx, (await makeCase(t.ctx)).id, 'owner', 'owner');
    const { secret, step } = await enrol(t.ctx, owner);
    const asked = await loginAs('owner', TEST_PASSWORD);
    expect(asked.statusCode).toBe(401);
    expect(asked.json()).toMatchObject({
      error: { code: 'second_factor_required', fields: [{ field: 'code' }] },
    });
    expect(asked.cookies).toEqual([]);
    // The first step of a two-step login is no failure: an owner who logs in often is never slowed down.
    for (let i = 0; i < ACCOUNT_BUDGET.free + 2; i++)
      expect((await loginAs('owner', TEST_PASSWORD)).statusCode).toBe(401);
    const wrongCode = totpCode(secret, (step + 1) * STEP_MS) === '000000' ? '111111' : '000000';
    expect((await loginAs('owner', TEST_PASSWORD, '127.0.0.1', wrongCode)).statusCode).toBe(401);
    expect((await loginAs('owner', 'wrong', '127.0.0.1', totpCode(secret, Date.now()))).statusCode).toBe(401);
    // A code is accepted once: the right password and a used code are refused, naming the field.
    const fresh = totpCode(secret, (step + 1) * STEP_MS);
    expect((await loginAs('owner', TEST_PASSWORD, '127.0.0.1', fresh)).statusCode).toBe(200);
    const replayed = await loginAs('owner', TEST_PASSWORD, '127.0.0.1', fresh);
    expect(replayed.statusCode).toBe(401);
    expect(replayed.json()).toMatchObject({
      error: { code: 'unauthenticated', fields: [{ field: 'code' }] },
    });
  });

  it('keeps the secret encrypted in the database and audits enrolment and its reset', async () => {
    const owner = await makeMember(t.ctx, (await makeCase(t.ctx)).id, 'owner', 'owner');
    const enrolment = await startEnrolment(t.ctx, owner, TEST_PASSWORD);
    const plain = enrolment.secret.replaceAll(' ', '');
    expect(plain).toMatch(/^[A-Z2-7]{32}$/);
    expect(enrolment.uri).toContain(`secret=${plain}`);
    await confirmEnrolment(t.ctx, owner, totpCode(base32Decode(plain), Date.now()));
    const rows = await t.raw('select * from second_factors');
    expect(rows).toHaveLength(1);
    expect(String(rows[0]!.secret)).toMatch(/^enc:v1:/);
    expect(JSON.stringify(rows)).not.toContain(plain);
    const cookie = await loginCookieWithCode(plain);
    expect(await resetSecondFactor(t.ctx, SYSTEM, 'owner')).toBe(true);
    expect(await t.raw('select * from second_factors')).toHaveLength(0);
    // The reset ends the user's sessions.
    expect((await app.inject({ url: '/api/auth/me', headers: { cookie } })).json()).toMatchObject({
      user: null,
    });
    const actions = (await t.raw('select action from audit_log')).map((r) => r.action);
    expect(actions).toEqual(expect.arrayContaining(['second_factor_enrol', 'second_factor_reset']));
    expect((await verifyLedger(t.ctx)).problems).toEqual([]);
    expect((await loginAs('owner', TEST_PASSWORD)).statusCode).toBe(200);
  });

  async function loginCookieWithCode(plainSecret: string): Promise<string> {
    const code = totpCode(base32Decode(plainSecret), Date.now() + STEP_MS);
    const answer = await loginAs('owner', TEST_PASSWORD, '127.0.0.1', code);
    expect(answer.statusCode).toBe(200);
    const cookie = answer.cookies.find((c) => c.name === 'dossier_session')!;
    return `${cookie.name}=${cookie.value}`;
  }

  it('throttles password changes, and a stranger’s failed logins do not stop them', async () => {
    await makeMember(t.ctx, (await makeCase(t.ctx)).id, 'maryam', 'viewer');
    const cookie = await loginCookie(app, 'maryam');
    // A stranger spends the login budget of the name; the owner's own session is unaffected by it.
    await Promise.all(
      Array.from({ length: 10 }, (_, i) => loginAs('maryam', `guess ${i}`, `203.0.113.${i}`)),
    );
    const change = (currentPassword: string, remoteAddress = '127.0.0.1') =>
      app.inject({
        method: 'POST',
        url: '/api/auth/password',
        remoteAddress,
        headers: { cookie },
        payload: { currentPassword, newPassword: 'a much better password' },
      });
    const before = passwordVerificationCount();
    const answers = await Promise.all(
      Array.from({ length: 50 }, (_, i) => change(`guess ${i}`, `10.2.0.${i}`)),
    );
    expect(answers.filter((a) => a.statusCode === 400).length).toBe(ACCOUNT_BUDGET.free);
    expect(answers.filter((a) => a.statusCode === 429).length).toBe(50 - ACCOUNT_BUDGET.free);
    expect(passwordVerificationCount() - before).toBe(ACCOUNT_BUDGET.free);
    expect(answers.find((a) => a.statusCode === 400)!.json()).toMatchObject({
      error: { fields: [{ field: 'currentPassword' }] },
    });
    const locked = await change(TEST_PASSWORD);
    expect(locked.statusCode).toBe(429);
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('makes owners of protected cases and holders of the protected grant enrol before anything else', async () => {
    const strict: ServiceContext = {
      ...t.ctx,
      auth: { ...t.ctx.auth, requireSecondFactor: 'owners-of-protected' },
    };
    const strictApp = await buildTestApp(strict);
    try {
      const secret = await createCase(strict, SYSTEM, {
        title: 'Protected',
        description: '',
        sensitivity: 'protected',
      });
      const open = await makeCase(t.ctx);
      const owner = await makeMember(strict, secret.id, 'owner', 'owner');
      await makeMember(strict, open.id, 'granted', 'investigator', true);
      await makeMember(strict, open.id, 'viewer', 'viewer');
      const cookieOf = async (name: string) => loginCookie(strictApp, name);
      const me = async (cookie: string) =>
        (await strictApp.inject({ url: '/api/auth/me', headers: { cookie } })).json() as {
          user: { mustEnrolSecondFactor: boolean };
        };
      const members = async (cookie: string, caseId: string) =>
        (await strictApp.inject({ url: `/api/cases/${caseId}/members`, headers: { cookie } })).statusCode;
      const ownerCookie = await cookieOf('owner');
      expect((await me(ownerCookie)).user.mustEnrolSecondFactor).toBe(true);
      expect(await members(ownerCookie, secret.id)).toBe(404);
      expect((await me(await cookieOf('granted'))).user.mustEnrolSecondFactor).toBe(true);
      const viewerCookie = await cookieOf('viewer');
      expect((await me(viewerCookie)).user.mustEnrolSecondFactor).toBe(false);
      expect(await members(viewerCookie, open.id)).toBe(200);
      // Enrolment through the API lifts the restriction for the open session.
      const started = await strictApp.inject({
        method: 'POST',
        url: '/api/auth/second-factor/start',
        headers: { cookie: ownerCookie },
        payload: { password: TEST_PASSWORD },
      });
      expect(started.statusCode).toBe(200);
      const { secret: shown } = started.json() as { secret: string };
      const confirmed = await strictApp.inject({
        method: 'POST',
        url: '/api/auth/second-factor/confirm',
        headers: { cookie: ownerCookie },
        payload: { code: totpCode(base32Decode(shown), Date.now()) },
      });
      expect(confirmed.statusCode).toBe(204);
      expect((await me(ownerCookie)).user.mustEnrolSecondFactor).toBe(false);
      expect(await members(ownerCookie, secret.id)).toBe(200);
      void owner;
    } finally {
      await strictApp.close();
    }
  });

  it('removes a second factor only with the password and a current code', async () => {
    await makeMember(t.ctx, (await makeCase(t.ctx)).id, 'owner', 'owner');
    const cookie = await loginCookie(app, 'owner');
    const started = await app.inject({
      method: 'POST',
      url: '/api/auth/second-factor/start',
      headers: { cookie },
      payload: { password: TEST_PASSWORD },
    });
    const secret = base32Decode((started.json() as { secret: string }).secret);
    const now = Date.now();
    await app.inject({
      method: 'POST',
      url: '/api/auth/second-factor/confirm',
      headers: { cookie },
      payload: { code: totpCode(secret, now) },
    });
    const disable = (password: string, code: string) =>
      app.inject({
        method: 'POST',
        url: '/api/auth/second-factor/disable',
        headers: { cookie },
        payload: { password, code },
      });
    const wrongPassword = await disable('nope', totpCode(secret, now + STEP_MS));
    expect(wrongPassword.statusCode).toBe(400);
    expect(wrongPassword.json()).toMatchObject({ error: { fields: [{ field: 'password' }] } });
    const usedCode = await disable(TEST_PASSWORD, totpCode(secret, now));
    expect(usedCode.statusCode).toBe(400);
    expect(usedCode.json()).toMatchObject({ error: { fields: [{ field: 'code' }] } });
    expect((await disable(TEST_PASSWORD, totpCode(secret, now + STEP_MS))).statusCode).toBe(204);
    expect((await app.inject({ url: '/api/auth/me', headers: { cookie } })).json()).toMatchObject({
      user: { secondFactor: false },
    });
  });
});

describe('DOSSIER_REQUIRE_TOTP', () => {
  it('defaults to owners of protected material, accepts all and off, and names itself when wrong', () => {
    expect(loadConfig({}).requireSecondFactor).toBe('owners-of-protected');
    expect(loadConfig({ DOSSIER_REQUIRE_TOTP: 'all' }).requireSecondFactor).toBe('all');
    expect(loadConfig({ DOSSIER_REQUIRE_TOTP: 'OFF' }).requireSecondFactor).toBe('off');
    expect(() => loadConfig({ DOSSIER_REQUIRE_TOTP: 'maybe' })).toThrow(ConfigError);
    expect(() => loadConfig({ DOSSIER_REQUIRE_TOTP: 'maybe' })).toThrow(/DOSSIER_REQUIRE_TOTP/);
  });
});
