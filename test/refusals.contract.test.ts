import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCase, makeMember } from './factories.js';
import { buildTestApp, loginCookie, type TestApp } from './http.js';
import { createTestStore, DIALECTS, type TestStore } from './stores.js';

/** Bad or unauthorised requests answer a 4xx naming the field, never a 500 or a 200 (issue 11). */
describe.each(DIALECTS)('refusals (%s)', (dialect) => {
  let t: TestStore;
  let app: TestApp;
  let publicCase: string;
  let privateCase: string;
  let investigator: string;
  let viewer: string;

  beforeAll(async () => {
    t = await createTestStore(dialect);
    app = await buildTestApp(t.ctx);
    publicCase = (await makeCase(t.ctx, 'public', 'Public case')).id;
    privateCase = (await makeCase(t.ctx, 'internal', 'Internal case')).id;
    await makeMember(t.ctx, publicCase, 'investigator', 'investigator');
    await makeMember(t.ctx, publicCase, 'viewer', 'viewer');
    investigator = await loginCookie(app, 'investigator');
    viewer = await loginCookie(app, 'viewer');
  });
  afterAll(async () => {
    await app.close();
    await t.cleanup();
  });

  const fieldOf = (body: string) =>
    (JSON.parse(body) as { error: { fields?: Array<{ field: string }> } }).error.fields?.map((p) => p.field);

  it('refuses an empty upload and an upload without a body, naming the file', async () => {
    const empty = await app.inject({
      method: 'POST',
      url: `/api/cases/${publicCase}/files?name=empty.txt`,
      headers: { cookie: investigator, 'content-type': 'application/octet-stream' },
      payload: Buffer.alloc(0),
    });
    expect([empty.statusCode, fieldOf(empty.body)]).toEqual([400, ['file']]);
    const none = await app.inject({
      method: 'POST',
      url: `/api/cases/${publicCase}/files?name=nothing.txt`,
      headers: { cookie: investigator },
    });
    expect(none.statusCode).toBeGreaterThanOrEqual(400);
    expect(none.statusCode).toBeLessThan(500);
    const files = await app.inject({
      url: `/api/cases/${publicCase}/files`,
      headers: { cookie: investigator },
    });
    expect((files.json() as { total: number }).total).toBe(0);
  });

  it('refuses the link plan of a case with no readable rows, naming the registry', async () => {
    const plan = await app.inject({
      url: `/api/cases/${publicCase}/link/plan`,
      headers: { cookie: investigator },
    });
    expect([plan.statusCode, fieldOf(plan.body)]).toEqual([400, ['registry']]);
  });

  it('refuses promotion of the registry to the anonymous and to those who may not create people', async () => {
    const url = (caseId: string) => `/api/cases/${caseId}/registry/promote`;
    const hidden = await app.inject({ method: 'POST', url: url(privateCase) });
    expect(hidden.statusCode).toBe(404);
    const anonymous = await app.inject({ method: 'POST', url: url(publicCase) });
    expect(anonymous.statusCode).toBe(403);
    const byViewer = await app.inject({ method: 'POST', url: url(publicCase), headers: { cookie: viewer } });
    expect(byViewer.statusCode).toBe(403);
    // Allowed, with nothing to promote yet.
    const allowed = await app.inject({
      method: 'POST',
      url: url(publicCase),
      headers: { cookie: investigator },
    });
    expect(allowed.statusCode).toBe(200);
  });
});
