import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCase, makeMember } from './factories.js';
import { buildTestApp, loginCookie, type TestApp } from './http.js';
import { createTestStore, type TestStore } from './stores.js';

type Problem = { field: string; message: string; code: string; params?: Record<string, unknown> };

/**
 * Every refusal carries a stable code, and each field problem a code and the parameters a reader needs, so that
 * the web words it in English or Persian instead of showing the validator's English.
 */
describe('error codes for the web to word', () => {
  let t: TestStore;
  let app: TestApp;
  let caseId: string;
  let cookie: string;
  beforeAll(async () => {
    t = await createTestStore('sqlite');
    app = await buildTestApp(t.ctx);
    caseId = (await makeCase(t.ctx)).id;
    await makeMember(t.ctx, caseId, 'investigator', 'investigator', true);
    cookie = await loginCookie(app, 'investigator');
  }, 60_000);
  afterAll(async () => {
    await app.close();
    await t.cleanup();
  });

  const post = (url: string, payload: string | object) =>
    app.inject({
      method: 'POST',
      url,
      payload,
      headers: { cookie, 'content-type': 'application/json' },
    });
  const problems = (body: unknown) =>
    new Map((body as { error: { fields: Problem[] } }).error.fields.map((f) => [f.field, f]));

  it('codes each schema problem with its parameters', async () => {
    const response = await post(`/api/cases/${caseId}/people`, {
      names: [{ text: '' }, { text: 'Ali', script: 'klingon' }],
      birthDate: '30 Esfand 1367',
      fatherName: 'x'.repeat(5000),
      gender: 7,
      nickname: 'x',
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe('validation_failed');
    const byField = problems(response.json());
    expect(byField.get('body.names.0.text')).toMatchObject({ code: 'required' });
    expect(byField.get('body.names.1.script')).toMatchObject({ code: 'invalid_choice' });
    expect(byField.get('body.birthDate')).toMatchObject({
      code: 'invalid_date',
      params: { text: '30 Esfand 1367' },
    });
    expect(byField.get('body.fatherName')).toMatchObject({
      code: 'too_long',
      params: { maximum: expect.any(Number) },
    });
    expect(byField.get('body.gender')).toMatchObject({ code: 'invalid_choice' });
    expect(byField.get('body.nickname')).toMatchObject({ code: 'unknown_field' });
    // A required field left out.
    const missing = await post(`/api/cases/${caseId}/people`, {});
    expect(problems(missing.json()).get('body.names')).toMatchObject({ code: 'required' });
  });

  it('codes Fastify’s own refusals in words of ours', async () => {
    const response = await post(`/api/cases/${caseId}/people`, '{"names": [');
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe('malformed_body');
    expect(response.json().error.fields[0]).toMatchObject({ field: 'body', code: 'malformed_body' });
  });

  it('codes a domain refusal, with "invalid" where the service names no finer code', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/api/auth/password',
      payload: { currentPassword: 'not the password', newPassword: 'a brand new long password' },
      headers: { cookie, 'content-type': 'application/json' },
    });
    expect(response.statusCode).toBeGreaterThanOrEqual(400);
    expect(response.statusCode).toBeLessThan(500);
    const fields = (response.json() as { error: { fields: Problem[] } }).error.fields;
    expect(fields.length).toBeGreaterThan(0);
    for (const f of fields) expect(f.code, f.field).toMatch(/^[a-z_]+$/);
  });
});
