import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCase, makeMember, SYSTEM } from './factories.js';
import { buildTestApp, loginCookie, type TestApp } from './http.js';
import { seedRecords } from './samples.js';
import { createTestStore, DIALECTS, type TestStore } from './stores.js';

describe.each(DIALECTS)('findings and legal routes over HTTP (%s)', (dialect) => {
  let t: TestStore;
  let app: TestApp;
  let caseId: string;
  let refs: Awaited<ReturnType<typeof seedRecords>>;
  const cookie = new Map<string, string>();

  beforeAll(async () => {
    t = await createTestStore(dialect);
    app = await buildTestApp(t.ctx);
    caseId = (await makeCase(t.ctx)).id;
    refs = await seedRecords(t.ctx, SYSTEM, caseId, 'internal');
    for (const name of ['author', 'second']) {
      await makeMember(t.ctx, caseId, name, 'analyst');
      cookie.set(name, await loginCookie(app, name));
    }
  }, 60_000);
  afterAll(async () => {
    await app.close();
    await t.cleanup();
  });

  const call = (who: string, method: 'GET' | 'POST', url: string, payload?: unknown) =>
    app.inject({
      method,
      url,
      headers: { cookie: cookie.get(who)!, ...(payload ? { 'content-type': 'application/json' } : {}) },
      ...(payload ? { payload: JSON.stringify(payload) } : {}),
    });

  it('writes a finding, refuses the author’s own approval, adopts on the second member’s', async () => {
    const base = `/api/cases/${caseId}/findings`;
    const missing = await call('author', 'POST', base, {
      statement: { en: 'No Persian' },
      standard: 'reasonable_grounds',
    });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.fields).toEqual([expect.objectContaining({ field: 'body.statement.fa' })]);
    const created = await call('author', 'POST', base, {
      statement: { en: 'Executions took place', fa: 'اعدام‌ها رخ داد' },
      standard: 'balance_of_probabilities',
      evidence: [{ kind: 'claim', id: refs.claim }],
      elements: [{ crime: 'cah.murder', element: 'killing' }],
    });
    expect(created.statusCode, created.body).toBe(201);
    const id = (created.json() as { id: string }).id;
    const own = await call('author', 'POST', `${base}/${id}/review`, { decision: 'approve' });
    expect(own.statusCode).toBe(409);
    expect(own.json().error.fields).toEqual([expect.objectContaining({ field: 'decision' })]);
    const approved = await call('second', 'POST', `${base}/${id}/review`, { decision: 'approve' });
    expect([approved.statusCode, approved.json().status]).toEqual([200, 'adopted']);
    const matrix = await call('second', 'GET', `/api/cases/${caseId}/legal/matrix?crime=cah.murder`);
    const murder = (
      matrix.json() as { crimes: Array<{ key: string; elements: Array<{ state: string }> }> }
    ).crimes.find((c) => c.key === 'cah.murder')!;
    expect(murder.elements[0]!.state).toBe('established');
    const corroboration = await call('second', 'GET', `${base}/${id}/corroboration`);
    expect(corroboration.json()).toMatchObject({ supports: { origins: 1 } });
  });

  it('names the bad field: an unknown crime, threshold or suspect; an unknown person is 404', async () => {
    const gaps = `/api/cases/${caseId}/legal/gaps`;
    expect((await call('second', 'GET', `${gaps}?crime=cah.nothing`)).json().error.fields).toEqual([
      expect.objectContaining({ field: 'crime' }),
    ]);
    const threshold = await call('second', 'GET', `${gaps}?threshold=certain`);
    expect(threshold.statusCode).toBe(400);
    expect(threshold.json().error.fields[0].field).toMatch(/threshold/);
    expect((await call('second', 'GET', `${gaps}?suspect=${refs.event}`)).statusCode).toBe(400);
    const unknown = '00000000-0000-4000-8000-000000000000';
    expect(
      (await call('second', 'GET', `/api/cases/${caseId}/people/${unknown}/suspect-summary`)).statusCode,
    ).toBe(404);
    const summary = await call('second', 'GET', `/api/cases/${caseId}/people/${refs.person}/suspect-summary`);
    expect(summary.statusCode).toBe(200);
    expect(summary.json().positions.all).toHaveLength(1);
    const elements = await app.inject({ url: '/api/legal/elements' });
    expect(elements.json().crimes.map((c: { key: string }) => c.key)).toContain('cah.enforced_disappearance');
  });

  it('submits a draft for review, then refuses each wrong step with a code the web words', async () => {
    const base = `/api/cases/${caseId}/findings`;
    const created = await call('author', 'POST', base, {
      statement: { en: 'Nothing supports this yet', fa: 'هنوز چیزی این را تأیید نمی‌کند' },
      standard: 'reasonable_grounds',
      evidence: [{ kind: 'claim', id: refs.claim, stance: 'contradicts' }],
    });
    const id = (created.json() as { id: string }).id;
    const submitted = await call('author', 'POST', `${base}/${id}/review`, { decision: 'submit' });
    expect(submitted.statusCode, submitted.body).toBe(200);
    expect(submitted.json()).toMatchObject({
      status: 'draft',
      reviews: [{ by: 'user:author', decision: 'submit', version: 1 }],
    });
    const again = await call('author', 'POST', `${base}/${id}/review`, { decision: 'submit' });
    expect([again.statusCode, again.json().error.fields[0].code]).toEqual([409, 'already_submitted']);
    const own = await call('author', 'POST', `${base}/${id}/review`, { decision: 'approve' });
    expect([own.statusCode, own.json().error.fields[0].code]).toEqual([409, 'own_finding']);
    const bare = await call('second', 'POST', `${base}/${id}/review`, { decision: 'approve' });
    expect([bare.statusCode, bare.json().error.fields[0]]).toEqual([
      400,
      expect.objectContaining({ field: 'evidence', code: 'no_supporting_evidence' }),
    ]);
    const curt = await call('second', 'POST', `${base}/${id}/review`, { decision: 'return', note: 'no' });
    expect(curt.json().error.fields[0]).toMatchObject({ code: 'return_reason', params: { minimum: 10 } });
    const returned = await call('second', 'POST', `${base}/${id}/review`, {
      decision: 'return',
      note: 'It needs supporting evidence first.',
    });
    expect(returned.json()).toMatchObject({ status: 'draft', reviews: [{}, { decision: 'return' }] });
  });
});
