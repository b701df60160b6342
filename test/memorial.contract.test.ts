import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initInstance } from '../src/services/instance.js';
import { verifyLedger } from '../src/services/verify.js';
import { makeMember } from './factories.js';
import { buildTestApp, loginCookie, type TestApp } from './http.js';
import { createTestStore, DIALECTS, type TestStore } from './stores.js';

describe.each(DIALECTS)('public memorial (%s)', (dialect) => {
  let t: TestStore;
  let app: TestApp;
  let caseId: string;

  beforeAll(async () => {
    t = await createTestStore(dialect);
    app = await buildTestApp(t.ctx);
    caseId = (await initInstance(t.ctx, { demo: true })).demoCase!.id;
  }, 60_000);
  afterAll(async () => {
    await app.close();
    await t.cleanup();
  });

  const search = async (q: string) =>
    (
      (await app.inject({ url: `/api/public/search?q=${encodeURIComponent(q)}` })).json() as {
        items: Array<{ id: string; names: Array<{ text: string }> }>;
      }
    ).items;

  it('finds a victim by variant Latin spellings and by Persian script', async () => {
    for (const q of [
      'Hossein Rezaei',
      'hosein rezaee',
      'Husein Rezai',
      'rezaei',
      'حسین رضایی',
      'حسين رضايي',
    ]) {
      const names = (await search(q)).map((p) => p.names[0]!.text);
      expect(names, q).toContain('حسین رضایی');
    }
    expect(await search('Nobody Atall')).toEqual([]);
  });

  it('shows dates, detention places and the possible burial place with its certainty', async () => {
    const [hit] = await search('Mohamad Karimy');
    const person = (await app.inject({ url: `/api/public/people/${hit!.id}` })).json() as Record<
      string,
      unknown
    >;
    expect(person).toMatchObject({
      synthetic: true,
      birthDate: { calendar: 'solar_hijri', precision: 'day' },
    });
    expect(person.detention).toEqual([
      expect.objectContaining({ certainty: 'confirmed', place: expect.objectContaining({ kind: 'prison' }) }),
    ]);
    expect(person.burial).toEqual([
      expect.objectContaining({
        certainty: 'possible',
        place: expect.objectContaining({ kind: 'mass_grave' }),
      }),
    ]);
    expect(JSON.stringify(person)).not.toMatch(/notes|contact/);
  });

  it('never presents the accused as victims: no search hit and no memorial page', async () => {
    const accused = (
      await t.raw(
        `select distinct actor_id as id from involvements where role = 'perpetrator' and actor_type = 'person'`,
      )
    ).map((r) => String(r.id));
    expect(accused.length).toBeGreaterThan(0);
    for (const q of ['Mostafa Pour Mohammadi', 'Pourmohammadi', 'مصطفی پورمحمدی', 'Hamid Nouri', 'Raisi'])
      for (const hit of await search(q)) expect(accused, q).not.toContain(hit.id);
    expect(await search('Hamid Nouri')).toEqual([]);
    // The victim Ali Pourmohammad is found, written apart; the accused Mostafa Pourmohammadi is not.
    const names = (await search('Pour Mohammad')).map((p) => p.names.map((n) => n.text).join(' · '));
    expect(names).toEqual([expect.stringContaining('Ali Pourmohammad')]);
    for (const id of accused)
      expect((await app.inject({ url: `/api/public/people/${id}` })).statusCode).toBe(404);
  });

  it('never shows an internal or protected person, by search or by id', async () => {
    expect(await search('Zahra Sadeghi')).toEqual([]);
    expect(await search('Narges Rezaei')).toEqual([]);
    const hidden = await t.raw(`select id from people where sensitivity in ('internal', 'protected')`);
    expect(hidden.length).toBe(2);
    for (const { id } of hidden) {
      expect((await app.inject({ url: `/api/public/people/${String(id)}` })).statusCode).toBe(404);
      expect((await app.inject({ url: `/api/cases/${caseId}/people/${String(id)}` })).statusCode).toBe(404);
    }
  });

  it('stores a submission as pending and protected, with nothing about the sender’s connection', async () => {
    const [hit] = await search('Fatemeh Ahmadi');
    const message = 'My aunt was held in Evin; this is a test message from a relative.';
    const sent = await app.inject({
      method: 'POST',
      url: '/api/public/submissions',
      payload: { caseId, personId: hit!.id, kind: 'correction', message, contact: 'relative@example.org' },
      headers: { 'user-agent': 'CanaryBrowser/1.0', 'x-forwarded-for': '203.0.113.77' },
      remoteAddress: '198.51.100.23',
    });
    expect(sent.statusCode).toBe(201);
    const rows = await t.raw(`select * from submissions`);
    const stored = JSON.stringify(rows) + JSON.stringify(await t.raw('select * from audit_log'));
    for (const secret of [message, 'relative@example.org', 'CanaryBrowser', '203.0.113.77', '198.51.100.23'])
      expect(stored).not.toContain(secret);
    expect(rows[0]).toMatchObject({ sensitivity: 'protected', status: 'pending' });

    await makeMember(t.ctx, caseId, 'reviewer', 'investigator', true);
    await makeMember(t.ctx, caseId, 'plain', 'investigator', false);
    const granted = await loginCookie(app, 'reviewer');
    const list = await app.inject({ url: `/api/cases/${caseId}/submissions`, headers: { cookie: granted } });
    expect(list.json()).toMatchObject({ items: [{ message, status: 'pending' }] });
    expect(
      (
        await app.inject({
          url: `/api/cases/${caseId}/submissions`,
          headers: { cookie: await loginCookie(app, 'plain') },
        })
      ).statusCode,
    ).toBe(403);
    expect((await app.inject({ url: `/api/cases/${caseId}/submissions` })).statusCode).toBe(403);
    expect((await verifyLedger(t.ctx)).problems).toEqual([]);
  });

  it('refuses submissions about hidden people or with bad fields', async () => {
    const [hidden] = await t.raw(`select id from people where sensitivity = 'internal'`);
    const about = await app.inject({
      method: 'POST',
      url: '/api/public/submissions',
      payload: { caseId, personId: hidden!.id, kind: 'correction', message: 'a long enough message' },
    });
    expect(about.statusCode).toBe(400);
    expect(about.body).toContain('personId');
    const bad = await app.inject({
      method: 'POST',
      url: '/api/public/submissions',
      payload: { caseId, kind: 'rumour', message: 'short' },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('body.kind');
    expect(bad.body).toContain('body.message');
  });
});
