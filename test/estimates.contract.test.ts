import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { estimateRunning } from '../src/services/estimates.js';
import { verifyLedger } from '../src/services/verify.js';
import { makeCase, makeMember } from './factories.js';
import { buildTestApp, loginCookie, type TestApp } from './http.js';
import { createTestStore, DIALECTS, type TestStore } from './stores.js';

const csv = readFileSync(
  join(import.meta.dirname, '..', '..', 'shared', 'benchmarks', 'capture', 'lesbian_lists.csv'),
  'utf8',
);

/** A capture-pattern CSV over `lists` lists of about 3,000 people (seeded), enough for a stepwise model search. */
function manyListsCsv(lists: number, people = 3000): string {
  let seed = 7;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const counts = new Map<string, number>();
  for (let p = 0; p < people; p++) {
    const pattern = Array.from({ length: lists }, (_, l) => (random() < 0.15 + 0.02 * (l % 5) ? 1 : 0));
    if (pattern.every((x) => x === 0)) continue;
    counts.set(pattern.join(','), (counts.get(pattern.join(',')) ?? 0) + 1);
  }
  const header = Array.from({ length: lists }, (_, l) => `L${l + 1}`).join(',') + ',freq';
  return [header, ...[...counts].map(([k, v]) => `${k},${v}`)].join('\n');
}

describe.each(DIALECTS)('recorded estimate runs (%s)', (dialect) => {
  let t: TestStore;
  let app: TestApp;
  let caseId: string;
  let analyst: string;

  beforeAll(async () => {
    t = await createTestStore(dialect);
    app = await buildTestApp(t.ctx);
    caseId = (await makeCase(t.ctx)).id;
    await makeMember(t.ctx, caseId, 'analyst', 'analyst');
    await makeMember(t.ctx, caseId, 'viewer', 'viewer');
    analyst = await loginCookie(app, 'analyst');
  }, 60_000);
  afterAll(async () => {
    await app.close();
    await t.cleanup();
  });

  it('estimates from a pattern table and records inputs, method, version and result', async () => {
    const response = await app.inject({
      method: 'POST',
      url: `/api/cases/${caseId}/estimates`,
      payload: { title: 'Test run', csv },
      headers: { cookie: analyst },
    });
    expect(response.statusCode, response.body).toBe(201);
    const run = response.json() as {
      id: string;
      softwareVersion: string;
      result: { model: string; estimate: number; observed: number };
    };
    expect(run.result.model).toBe('[12,14,23,24,34]');
    expect(run.result.estimate).toBeCloseTo(6349.0, 1);
    expect(run.softwareVersion).toMatch(/^dossier \d/);
    const list = (
      await app.inject({ url: `/api/cases/${caseId}/estimates`, headers: { cookie: analyst } })
    ).json() as { items: Array<{ id: string; input: { tables: Record<string, { freq: number[] }> } }> };
    expect(list.items.map((r) => r.id)).toEqual([run.id]);
    expect(list.items[0]!.input.tables['']!.freq.reduce((a, b) => a + b, 0)).toBe(2185);
    expect((await verifyLedger(t.ctx)).problems).toEqual([]);
  });

  it('searches three-way terms unless told otherwise, and records the selected model’s fit', async () => {
    const post = (payload: Record<string, unknown>) =>
      app.inject({
        method: 'POST',
        url: `/api/cases/${caseId}/estimates`,
        payload: { title: 'Order', csv, ...payload },
        headers: { cookie: analyst },
      });
    const three = (await post({})).json() as {
      parameters: { maxOrder: number };
      result: {
        maxOrder: number;
        modelsFitted: number;
        fit: { deviance: number; df: number; pValue: number };
        models: Array<{ pValue: number | null }>;
      };
    };
    expect(three.parameters.maxOrder).toBe(3);
    expect(three.result).toMatchObject({ maxOrder: 3, modelsFitted: 113 });
    expect(three.result.fit.df).toBeGreaterThan(0);
    expect(three.result.fit.pValue).toBeGreaterThan(0);
    expect(three.result.models.every((m) => m.pValue === null || (m.pValue >= 0 && m.pValue <= 1))).toBe(
      true,
    );
    const two = (await post({ maxOrder: 2 })).json() as {
      result: { maxOrder: number; modelsFitted: number };
    };
    expect(two.result).toMatchObject({ maxOrder: 2, modelsFitted: 64 });
    const bad = await post({ maxOrder: 4 });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('maxOrder');
  });

  it('refuses viewers and names the bad cell of a broken table', async () => {
    const viewer = await loginCookie(app, 'viewer');
    expect(
      (
        await app.inject({
          method: 'POST',
          url: `/api/cases/${caseId}/estimates`,
          payload: { title: 'x', csv },
          headers: { cookie: viewer },
        })
      ).statusCode,
    ).toBe(403);
    const bad = await app.inject({
      method: 'POST',
      url: `/api/cases/${caseId}/estimates`,
      payload: { title: 'x', csv: 'a,b,c,freq\n1,0,7,3' },
      headers: { cookie: analyst },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('row 2, column c');
  });

  it('runs the latent-class model with a recorded seed and settings, reproducibly', async () => {
    const sampler = { seed: 11, chains: 2, burnIn: 500, samples: 200, thinning: 5 };
    const post = () =>
      app.inject({
        method: 'POST',
        url: `/api/cases/${caseId}/estimates`,
        payload: { title: 'LCMCR run', csv, method: 'lcmcr', sampler },
        headers: { cookie: analyst },
      });
    const first = await post();
    expect(first.statusCode, first.body).toBe(201);
    const run = first.json() as {
      method: string;
      parameters: Record<string, number>;
      result: {
        observed: number;
        estimate: number;
        lower: number;
        upper: number;
        histogram: { counts: number[] };
        traces: number[][];
      };
    };
    expect(run.method).toBe('lcmcr');
    expect(run.parameters).toMatchObject({ ...sampler, K: 10, a: 0.25, b: 0.25 });
    expect(run.result.observed).toBe(2185);
    expect(run.result.lower).toBeLessThan(run.result.estimate);
    expect(run.result.estimate).toBeLessThan(run.result.upper);
    expect(run.result.histogram.counts.reduce((a, b) => a + b, 0)).toBeGreaterThan(390);
    expect(run.result.traces).toHaveLength(2);
    const again = (await post()).json() as typeof run;
    expect(again.result.estimate).toBe(run.result.estimate);
    expect(again.result.upper).toBe(run.result.upper);
  });

  it('computes a many-list estimate off the request thread, one per case at a time', async () => {
    const order: string[] = [];
    const post = () =>
      app.inject({
        method: 'POST',
        url: `/api/cases/${caseId}/estimates`,
        payload: { title: 'Eleven lists', csv: manyListsCsv(11) },
        headers: { cookie: analyst },
      });
    const first = post().then((response) => {
      order.push('estimate');
      return response;
    });
    // Wait until the computation has begun (or, were it to block this thread, until it is over).
    while (!estimateRunning(caseId) && !order.includes('estimate'))
      await new Promise((resolve) => setImmediate(resolve));
    const second = await post();
    expect(second.statusCode, second.body.slice(0, 300)).toBe(409);
    const health = await app.inject({ url: '/api/health' });
    expect(health.statusCode).toBe(200);
    order.push('health');
    const done = await first;
    expect(done.statusCode, done.body.slice(0, 300)).toBe(201);
    expect(
      (done.json() as { input: { tables: Record<string, { lists: string[] }> } }).input.tables['']!.lists,
    ).toHaveLength(11);
    expect(order).toEqual(['health', 'estimate']);
  });

  it('names a sampler setting out of range', async () => {
    const bad = await app.inject({
      method: 'POST',
      url: `/api/cases/${caseId}/estimates`,
      payload: { title: 'x', csv, method: 'lcmcr', sampler: { chains: 64 } },
      headers: { cookie: analyst },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('chains');
  });
});
