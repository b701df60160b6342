import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { replaceReviewQueue } from '../src/services/link-review.js';
import { registryLinkageUncertainty } from '../src/services/linkage-uncertainty.js';
import {
  assignClusters,
  importList,
  loadRegistryRows,
  registryCaptureTable,
} from '../src/services/registry.js';
import { computeEstimate } from '../src/services/estimates.js';
import { makeCase, makeMember, SYSTEM } from './factories.js';
import { buildTestApp, loginCookie, type TestApp } from './http.js';
import { createTestStore, DIALECTS, type TestStore } from './stores.js';

/** A name word for a number (names must not hold digits). */
const letters = (n: number) =>
  [Math.floor(n / 676), Math.floor(n / 26) % 26, n % 26].map((d) => String.fromCharCode(97 + d)).join('');

/** 500 people over four independent lists (seeded): each list a CSV naming the people it holds. */
function population(): string[][] {
  let state = 99;
  const random = () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const lists: string[][] = [[], [], [], []];
  const p = [0.4, 0.35, 0.3, 0.45];
  for (let person = 0; person < 500; person++)
    p.forEach((q, j) => {
      if (random() < q) lists[j]!.push(`Person ${letters(person)}`);
    });
  return lists;
}

describe.each(DIALECTS)('the count over the linkage’s plausible range (%s)', (dialect) => {
  let t: TestStore;
  let app: TestApp;
  let caseId: string;

  beforeAll(async () => {
    t = await createTestStore(dialect);
    app = await buildTestApp(t.ctx);
    caseId = (await makeCase(t.ctx)).id;
    await makeMember(t.ctx, caseId, 'analyst', 'analyst');
    for (const [j, names] of population().entries()) {
      // The first list also holds three rows whose name was lost: not people of their own in any count.
      const nameless = j === 0 ? ['', '', ''] : [];
      const csv = ['id,name', ...[...names, ...nameless].map((n, k) => `${k + 1},${n}`)].join('\n');
      await importList(t.ctx, SYSTEM, caseId, {
        name: `List ${j + 1}`,
        reliability: 'medium',
        sensitivity: 'internal',
        fileName: `${j + 1}.csv`,
        bytes: Buffer.from(csv, 'utf8'),
        format: 'csv',
        idColumn: 'id',
        mapping: { name: 'full_name' },
      });
    }
    // The truth as the stored clustering: one cluster per person.
    const rows = await loadRegistryRows(t.ctx, SYSTEM, caseId);
    await assignClusters(
      t.ctx,
      SYSTEM,
      caseId,
      rows,
      new Map(rows.map((r) => [r.id, r.fields.fullName || `nameless ${r.id}`])),
    );
  }, 120_000);
  afterAll(async () => {
    await app.close();
    await t.cleanup();
  });

  it('with no pair waiting for review, equals the plain estimate', async () => {
    const plain = await computeEstimate(new Map([['', await registryCaptureTable(t.ctx, SYSTEM, caseId)]]), {
      method: 'loglinear',
      strata: false,
    });
    const linkage = await registryLinkageUncertainty(t.ctx, SYSTEM, caseId, { draws: 10, seed: 1 });
    expect(linkage.uncertainPairs).toBe(0);
    expect(linkage.model).toBe(plain.result.model);
    expect(linkage.stored.estimate).toBeCloseTo(plain.result.estimate!, 6);
    expect(linkage.combined.lower).toBeCloseTo(plain.result.lower!, 6);
    expect(linkage.combined.upper).toBeCloseTo(plain.result.upper!, 6);
    expect(linkage.estimates.min).toBeCloseTo(plain.result.estimate!, 6);
    expect(linkage.estimates.max).toBeCloseTo(plain.result.estimate!, 6);
    expect(linkage.linkageShare).toBe(0);
    // The rows without a name are left out of the stored clustering's table and of every draw's alike.
    const table = await registryCaptureTable(t.ctx, SYSTEM, caseId);
    expect(linkage.stored.observed).toBe(table.freq.reduce((a, b) => a + b, 0));
    expect(linkage.observed).toEqual({ min: linkage.stored.observed, max: linkage.stored.observed });
  });

  it('with uncertain pairs, is wider, says how much, and is reproducible from its seed', async () => {
    const rows = await loadRegistryRows(t.ctx, SYSTEM, caseId);
    const byPerson = new Map<string, number[]>();
    rows.forEach((r, i) => byPerson.set(r.cluster!, [...(byPerson.get(r.cluster!) ?? []), i]));
    const people = [...byPerson.values()];
    // Joins the linkage doubted (same person, probability 0.5) and joins it nearly made (two people, 0.5).
    const within = people.filter((m) => m.length >= 2).slice(0, 40);
    const singles = people.filter((m) => m.length === 1).map((m) => m[0]!);
    const uncertain = [
      ...within.map((m) => ({ left: m[0]!, right: m[1]!, probability: 0.5, explanation: {} })),
      ...Array.from({ length: 40 }, (_, k) => ({
        left: singles[2 * k]!,
        right: singles[2 * k + 1]!,
        probability: 0.5,
        explanation: {},
      })),
    ];
    await replaceReviewQueue(t.ctx, SYSTEM, caseId, rows, uncertain);
    const first = await registryLinkageUncertainty(t.ctx, SYSTEM, caseId, { draws: 30, seed: 7 });
    expect(first.uncertainPairs).toBe(80);
    expect(first.failedDraws).toBe(0);
    expect(first.estimates.max - first.estimates.min).toBeGreaterThan(0);
    expect(first.observed.max).toBeGreaterThan(first.observed.min);
    expect(first.combined.upper - first.combined.lower).toBeGreaterThan(
      first.stored.upper - first.stored.lower,
    );
    expect(first.linkageShare).toBeGreaterThan(0);
    expect(first.linkageShare).toBeLessThan(1);
    expect(await registryLinkageUncertainty(t.ctx, SYSTEM, caseId, { draws: 30, seed: 7 })).toEqual(first);
    const other = await registryLinkageUncertainty(t.ctx, SYSTEM, caseId, { draws: 30, seed: 8 });
    expect(other.estimates).not.toEqual(first.estimates);
  });

  it('is recorded with an estimate run from the registry, draws and seed included', async () => {
    const analyst = await loginCookie(app, 'analyst');
    const response = await app.inject({
      method: 'POST',
      url: `/api/cases/${caseId}/estimates`,
      payload: { title: 'Registry', linkage: { draws: 20, seed: 5 } },
      headers: { cookie: analyst },
    });
    expect(response.statusCode, response.body).toBe(201);
    const run = response.json() as {
      parameters: { linkage: { draws: number; seed: number } };
      result: {
        estimate: number;
        lower: number;
        upper: number;
        linkage: { linkageShare: number; draws: number };
        namelessRows: number;
      };
    };
    expect(run.parameters.linkage).toMatchObject({ draws: 20, seed: 5 });
    expect(run.result.namelessRows).toBe(3);
    expect(run.result.linkage.draws).toBe(20);
    expect(run.result.linkage.linkageShare).toBeGreaterThan(0);
    const bad = await app.inject({
      method: 'POST',
      url: `/api/cases/${caseId}/estimates`,
      payload: { title: 'Registry', linkage: { draws: 0 } },
      headers: { cookie: analyst },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('draws');
  });
});
