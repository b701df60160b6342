import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ValidationError } from '../src/domain/errors.js';
import { linkRegistry, planLink, type LinkReport } from '../src/services/linkage.js';
import { importList } from '../src/services/registry.js';
import { makeCase, makeMember, SYSTEM } from './factories.js';
import { buildTestApp, loginCookie, type TestApp } from './http.js';
import { createTestStore, DIALECTS, type TestStore } from './stores.js';

const GIVEN = ['Maryam', 'Reza', 'Ali', 'Zahra', 'Hassan', 'Fatemeh', 'Mahmoud', 'Nahid', 'Akbar', 'Parvin'];
const SURNAMES = ['Ahmadi', 'Karimi', 'Tehrani', 'Moradi', 'Rahimi', 'Jafari', 'Sadeghi', 'Hosseini'];
const CITIES = ['Tabriz', 'Shiraz', 'Rasht', 'Mashhad', 'Isfahan'];

/** Two lists of the same 60 people, the second with a typo in some names and days; full dates of birth. */
function lists(): { a: string; b: string } {
  const a = ['id,given,surname,born,city'];
  const b = ['ref,given,surname,born,city'];
  for (let p = 0; p < 60; p++) {
    const given = GIVEN[p % GIVEN.length]!;
    const surname = SURNAMES[Math.floor(p / GIVEN.length) % SURNAMES.length]!;
    const month = String(1 + (p % 12)).padStart(2, '0');
    const day = String(1 + ((p * 5) % 28)).padStart(2, '0');
    const year = 1925 + p;
    const city = CITIES[p % CITIES.length]!;
    a.push(`a${p},${given},${surname},${year}-${month}-${day},${city}`);
    const typo = p % 3 === 0 ? given.slice(0, -1) + 'e' : given;
    const day2 = p % 4 === 0 ? String(Math.min(28, Number(day) + 1)).padStart(2, '0') : day;
    b.push(`b${p},${typo},${surname},${year}-${month}-${day2},${p % 5 === 0 ? '' : city}`);
  }
  return { a: a.join('\n'), b: b.join('\n') };
}

async function importBoth(t: TestStore, caseId: string, order: Array<'a' | 'b'>): Promise<void> {
  const files = lists();
  for (const key of order)
    await importList(t.ctx, SYSTEM, caseId, {
      name: `List ${key.toUpperCase()}`,
      reliability: 'unknown',
      sensitivity: 'internal',
      fileName: `${key}.csv`,
      bytes: Buffer.from(files[key]),
      format: 'csv',
      idColumn: key === 'a' ? 'id' : 'ref',
      mapping: { given: 'given_name', surname: 'surname', born: 'birth_date', city: 'city' },
    });
}

/** The clusters as sets of "list/record" keys, independent of the store's ids. */
function partition(report: LinkReport): string[] {
  const groups = new Map<string, string[]>();
  for (const [id, cluster] of report.clusterOf) {
    const row = report.rowsById.get(id)!;
    const list = row.recordKey.startsWith('a') ? 'A' : 'B';
    groups.set(cluster, [...(groups.get(cluster) ?? []), `${list}/${row.recordKey}`]);
  }
  return [...groups.values()].map((g) => g.sort().join(' ')).sort();
}

describe.each(DIALECTS)('link settings from the data (%s)', (dialect) => {
  let t: TestStore;
  let first: string;
  let second: string;

  beforeAll(async () => {
    t = await createTestStore(dialect);
    first = (await makeCase(t.ctx)).id;
    second = (await makeCase(t.ctx)).id;
    await importBoth(t, first, ['a', 'b']);
    await importBoth(t, second, ['b', 'a']);
  }, 60_000);
  afterAll(async () => t.cleanup());

  it('derives settings from the fields the lists have, and shows them in the plan', async () => {
    const plan = await planLink(t.ctx, SYSTEM, first);
    expect(plan.settings.fields.map((f) => f.name)).toEqual(
      expect.arrayContaining(['given', 'surname', 'birth_date', 'birth_year', 'city']),
    );
    expect(plan.settings.comparisons.map((c) => c.name)).toContain('birth');
    expect(plan.rules.map((r) => r.name)).toEqual(plan.settings.blocking.map((r) => r.name));
    expect(plan.settings.sameListThreshold).toBe(plan.settings.threshold);
  });

  it('links the same lists the same way whatever the row ids and the import order', async () => {
    const one = await linkRegistry(t.ctx, SYSTEM, first, { dryRun: true, threads: 0 });
    const two = await linkRegistry(t.ctx, SYSTEM, second, { dryRun: true, threads: 0 });
    expect(partition(two)).toEqual(partition(one));
    expect(two.settings).toEqual(one.settings);
    // The people are found: most clusters hold one row of each list.
    const sizes = partition(one).map((g) => g.split(' ').length);
    const pairs = sizes.filter((s) => s === 2).length;
    expect(pairs).toBeGreaterThanOrEqual(50);
  });

  it('runs again with the settings a run saved, and states one threshold within and across lists', async () => {
    const one = await linkRegistry(t.ctx, SYSTEM, first, { dryRun: true, threads: 0, threshold: 0.7 });
    expect(one.settings.threshold).toBe(0.7);
    expect(one.settings.sameListThreshold).toBe(0.7);
    const again = await linkRegistry(t.ctx, SYSTEM, first, {
      dryRun: true,
      threads: 0,
      settings: JSON.parse(JSON.stringify(one.settings)),
    });
    expect(partition(again)).toEqual(partition(one));
  });

  it('refuses bad settings, naming the field', async () => {
    const plan = await planLink(t.ctx, SYSTEM, first);
    const bad = { ...plan.settings, threshold: 3 };
    const error = await linkRegistry(t.ctx, SYSTEM, first, { dryRun: true, settings: bad }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).problems.map((f) => f.field)).toContain('settings.threshold');
    const unknownField = {
      ...plan.settings,
      blocking: [{ name: 'x', fields: ['nowhere'], transforms: [null] }],
      sessions: [],
    };
    const missing = await linkRegistry(t.ctx, SYSTEM, first, { dryRun: true, settings: unknownField }).catch(
      (e: unknown) => e,
    );
    expect(missing).toBeInstanceOf(ValidationError);
  });
});

describe.each(DIALECTS)('link settings over HTTP (%s)', (dialect) => {
  let t: TestStore;
  let app: TestApp;
  let caseId: string;
  let cookie: string;

  beforeAll(async () => {
    t = await createTestStore(dialect);
    app = await buildTestApp(t.ctx);
    caseId = (await makeCase(t.ctx)).id;
    await importBoth(t, caseId, ['a', 'b']);
    await makeMember(t.ctx, caseId, 'investigator', 'investigator');
    cookie = await loginCookie(app, 'investigator');
  }, 60_000);
  afterAll(async () => {
    await app.close();
    await t.cleanup();
  });

  const post = (url: string, payload: object) =>
    app.inject({ method: 'POST', url: `/api/cases/${caseId}/${url}`, payload, headers: { cookie } });

  /** Polls a background run until it is over. */
  async function finished(id: string): Promise<Record<string, unknown>> {
    for (;;) {
      const polled = await app.inject({ url: `/api/cases/${caseId}/link-runs/${id}`, headers: { cookie } });
      const run = polled.json() as Record<string, unknown>;
      if (run.state !== 'running') return run;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  it('runs POST /link and a link run with the settings given, and reports them with the run', async () => {
    const plan = await app.inject({ url: `/api/cases/${caseId}/link/plan`, headers: { cookie } });
    const settings = { ...(plan.json() as { settings: Record<string, unknown> }).settings };
    settings.threshold = 0.8;
    settings.sameListThreshold = 0.8;
    settings.blocking = (settings.blocking as unknown[]).slice(0, 2);
    settings.sessions = (settings.sessions as Array<{ rule: string }>).filter((s) =>
      (settings.blocking as Array<{ name: string }>).some((b) => b.name === s.rule),
    );
    const sync = await post('link', { dryRun: true, settings });
    expect(sync.statusCode, sync.body).toBe(200);
    const report = sync.json() as { settings: Record<string, unknown>; ruleCounts: Array<{ name: string }> };
    expect(report.settings).toEqual(settings);
    expect(report.ruleCounts.map((r) => r.name)).toEqual(
      (settings.blocking as Array<{ name: string }>).map((b) => b.name),
    );
    const started = await post('link-runs', { dryRun: true, settings });
    expect(started.statusCode, started.body).toBe(202);
    const run = await finished((started.json() as { id: string }).id);
    expect(run).toMatchObject({ state: 'done', report: { settings } });
    // Without settings, the derived ones (threshold 0.5) are used.
    const derived = await post('link', { dryRun: true });
    expect((derived.json() as { settings: { threshold: number } }).settings.threshold).toBe(0.5);
  });

  it('refuses bad settings with 400, naming the field, on both routes', async () => {
    const plan = await app.inject({ url: `/api/cases/${caseId}/link/plan`, headers: { cookie } });
    const settings = (plan.json() as { settings: Record<string, unknown> }).settings;
    for (const url of ['link', 'link-runs']) {
      const bad = await post(url, { settings: { ...settings, threshold: 3 } });
      expect(bad.statusCode, bad.body).toBe(400);
      const fields = (bad.json() as { error: { fields: Array<{ field: string }> } }).error.fields;
      expect(fields.map((f) => f.field)).toContain('body.settings.threshold');
      const nowhere = await post(url, {
        settings: {
          ...settings,
          blocking: [{ name: 'x', fields: ['nowhere'], transforms: [null] }],
          sessions: [],
        },
      });
      expect(nowhere.statusCode, nowhere.body).toBe(400);
      expect(nowhere.body).toContain('nowhere');
    }
  });
});
