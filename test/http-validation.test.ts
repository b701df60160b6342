import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RESOURCE_SPECS } from '../src/storage/index.js';
import { makeCase, makeMember, TEST_PASSWORD } from './factories.js';
import { buildTestApp, loginCookie, type TestApp } from './http.js';
import { seedRecords } from './samples.js';
import { SYSTEM } from './factories.js';
import { createTestStore, DIALECTS, type TestStore } from './stores.js';

describe.each(DIALECTS)(
  'bad input gets a 4xx naming the field, never a 500 or a partial write (%s)',
  (dialect) => {
    let t: TestStore;
    let app: TestApp;
    let caseId: string;
    let cookie: string;
    let refs: Awaited<ReturnType<typeof seedRecords>>;

    beforeAll(async () => {
      t = await createTestStore(dialect);
      app = await buildTestApp(t.ctx);
      caseId = (await makeCase(t.ctx)).id;
      refs = await seedRecords(t.ctx, SYSTEM, caseId);
      await makeMember(t.ctx, caseId, 'investigator', 'investigator', true);
      cookie = await loginCookie(app, 'investigator');
    }, 60_000);
    afterAll(async () => {
      await app.close();
      await t.cleanup();
    });

    const post = (url: string, payload: unknown, headers: Record<string, string> = {}) =>
      app.inject({
        method: 'POST',
        url,
        payload: payload as string,
        headers: { cookie, 'content-type': 'application/json', ...headers },
      });

    it('names every offending field of a person', async () => {
      const response = await post(`/api/cases/${caseId}/people`, {
        names: [{ text: '' }, { text: 'Ali', script: 'klingon' }],
        birthDate: '31 Esfand 1367',
        gender: 7,
        nickname: 'x',
      });
      expect(response.statusCode).toBe(400);
      const fields = (response.json() as { error: { fields: Array<{ field: string }> } }).error.fields.map(
        (f) => f.field,
      );
      expect(fields).toEqual(
        expect.arrayContaining([
          'body.names.0.text',
          'body.names.1.script',
          'body.birthDate',
          'body.gender',
          'body.nickname',
        ]),
      );
    });

    it('changes exactly the fields a PATCH names', async () => {
      const url = `/api/cases/${caseId}/claims/${refs.claim}`;
      const before = (await app.inject({ url, headers: { cookie } })).json() as Record<string, unknown>;
      const patched = await app.inject({
        method: 'PATCH',
        url,
        payload: { claimant: 'Someone else' },
        headers: { cookie },
      });
      expect(patched.statusCode).toBe(200);
      const after = patched.json() as Record<string, unknown>;
      expect({ ...after, updatedAt: before.updatedAt }).toEqual({ ...before, claimant: 'Someone else' });
      const caseBefore = (
        await app.inject({ url: `/api/cases/${caseId}`, headers: { cookie } })
      ).json() as Record<string, unknown>;
      expect(caseBefore.sensitivity).toBe('internal');
    });

    it('rejects malformed JSON, a wrong content type, an oversized body and bad query parameters', async () => {
      expect((await post(`/api/cases/${caseId}/people`, '{"names": [')).statusCode).toBe(400);
      expect(
        (
          await post(`/api/cases/${caseId}/people`, 'names=x', {
            'content-type': 'application/x-www-form-urlencoded',
          })
        ).statusCode,
      ).toBe(415);
      expect(
        (
          await post(
            `/api/cases/${caseId}/people`,
            JSON.stringify({ names: [{ text: 'x'.repeat(2_000_000) }] }),
          )
        ).statusCode,
      ).toBe(413);
      const query = await app.inject({
        url: `/api/cases/${caseId}/people?limit=abc&colour=red`,
        headers: { cookie },
      });
      expect(query.statusCode).toBe(400);
      expect(query.body).toContain('querystring.limit');
      expect(query.body).toContain('querystring.colour');
    });

    it('answers unknown ids with 404 whatever their shape', async () => {
      for (const id of ['not-a-uuid', '00000000-0000-4000-8000-000000000000', "1' or '1'='1", '%00']) {
        const response = await app.inject({
          url: `/api/cases/${caseId}/people/${encodeURIComponent(id)}`,
          headers: { cookie },
        });
        expect(response.statusCode, id).toBe(404);
      }
      expect((await app.inject({ url: `/api/cases/nope/people`, headers: { cookie } })).statusCode).toBe(404);
    });

    it('survives a barrage of random bodies on every create route without a 500 or a stray row', async () => {
      const counts = async () => JSON.stringify(await t.raw('select count(*) as n from audit_log'));
      const before = await counts();
      const junk: unknown[] = [
        null,
        0,
        -1,
        1e308,
        'x',
        [],
        {},
        [{}],
        { names: null },
        { names: [{ text: 5 }] },
        { sensitivity: 'secret' },
        {
          kind: 'prison',
          names: [{ text: 'x' }],
          location: { geometry: { type: 'Point', coordinates: [999, 999] } },
        },
        {
          subjectType: 'case',
          subjectId: caseId,
          property: 'Bad Property',
          value: { type: 'number', value: 'many' },
        },
        {
          subjectType: 'case',
          subjectId: caseId,
          property: 'x',
          value: { type: 'number_range', min: 5, max: 1 },
        },
        {
          eventId: refs.event,
          actorType: 'person',
          actorId: refs.person,
          role: 'victim',
          perpetratorDegree: 'ordered',
        },
        { sourceId: refs.source, locator: { charStart: 10, charEnd: 2 } },
        {
          names: [{ text: 'ok' }],
          birthDate: {
            calendar: 'gregorian',
            precision: 'day',
            text: 'x',
            start: '1990-01-02',
            end: '1990-01-01',
          },
        },
        { title: '\u0000hidden', kind: 'report' },
      ];
      for (const plural of RESOURCE_SPECS.map((spec) => spec.plural)) {
        for (const body of junk) {
          const response = await post(`/api/cases/${caseId}/${plural}`, JSON.stringify(body));
          expect(response.statusCode, `${plural} ${JSON.stringify(body)}`).toBeGreaterThanOrEqual(400);
          expect(response.statusCode, `${plural} ${JSON.stringify(body)}: ${response.body}`).toBeLessThan(
            500,
          );
          const error = (response.json() as { error?: { code: string } }).error;
          expect(error?.code).toBeTruthy();
        }
      }
      expect(await counts()).toBe(before);
    });

    it('serves the OpenAPI document and the docs page', async () => {
      const doc = await app.inject({ url: '/api/openapi.json' });
      expect(doc.statusCode).toBe(200);
      const openapi = doc.json() as { openapi: string; paths: Record<string, unknown> };
      expect(openapi.openapi).toMatch(/^3\./);
      for (const plural of [...RESOURCE_SPECS.map((spec) => spec.plural), 'members']) {
        expect(Object.keys(openapi.paths)).toContain(`/api/cases/{caseId}/${plural}`);
      }
      const page = await app.inject({ url: '/api/docs' });
      expect([200, 302]).toContain(page.statusCode);
    });
  },
);

describe('one-time passwords', () => {
  it('let a user do nothing but change the password', async () => {
    const t = await createTestStore('sqlite');
    const app = await buildTestApp(t.ctx);
    try {
      const { initInstance } = await import('../src/services/instance.js');
      const { admin, demoCase } = await initInstance(t.ctx, { demo: true });
      const login = await app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: 'admin', password: admin!.password },
      });
      const cookie = `dossier_session=${login.cookies.find((c) => c.name === 'dossier_session')!.value}`;
      expect((await app.inject({ url: '/api/auth/me', headers: { cookie } })).json()).toMatchObject({
        user: { mustChangePassword: true },
        abilities: { createCase: false },
      });
      // The demo case is public, so a locked account sees what anyone sees and nothing more.
      expect(
        (await app.inject({ url: `/api/cases/${demoCase!.id}/members`, headers: { cookie } })).statusCode,
      ).toBe(404);
      expect(
        (
          await app.inject({
            method: 'POST',
            url: '/api/cases',
            payload: { title: 'x' },
            headers: { cookie },
          })
        ).statusCode,
      ).toBe(403);
      const changed = await app.inject({
        method: 'POST',
        url: '/api/auth/password',
        payload: { currentPassword: admin!.password, newPassword: 'a much better password' },
        headers: { cookie },
      });
      expect(changed.statusCode).toBe(204);
      expect((await app.inject({ url: '/api/auth/me', headers: { cookie } })).json()).toMatchObject({
        user: null,
      });
      const again = await loginCookie(app, 'admin', 'a much better password');
      expect(
        (await app.inject({ url: `/api/cases/${demoCase!.id}/members`, headers: { cookie: again } }))
          .statusCode,
      ).toBe(200);
    } finally {
      await app.close();
      await t.cleanup();
    }
  });

  it('refuses a wrong password without saying whether the user exists', async () => {
    const t = await createTestStore('sqlite');
    const app = await buildTestApp(t.ctx);
    try {
      await makeMember(t.ctx, (await makeCase(t.ctx)).id, 'someone', 'viewer');
      const wrong = await app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: 'someone', password: 'not the password' },
      });
      const nobody = await app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: 'nobody', password: 'not the password' },
      });
      expect(wrong.statusCode).toBe(401);
      expect(nobody.statusCode).toBe(401);
      expect(wrong.json()).toEqual(nobody.json());
      expect(wrong.cookies).toEqual([]);
      for (let i = 0; i < 4; i++) {
        await app.inject({
          method: 'POST',
          url: '/api/auth/login',
          payload: { username: 'someone', password: 'guess' },
        });
      }
      const throttled = await app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: 'someone', password: TEST_PASSWORD },
      });
      expect(throttled.statusCode).toBe(429);
      expect(Number(throttled.headers['retry-after'])).toBeGreaterThan(0);
    } finally {
      await app.close();
      await t.cleanup();
    }
  });
});
