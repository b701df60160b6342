/**
 * The outside probe as a test: every route of /api/openapi.json, asked by every kind of subject, on a public
 * case that holds a protected witness — named in every protected field and in what is derived from them
 * (mentions in a public document, claims made by promotion, list rows, a submission, a protected file).
 *
 * For every route and subject: no answer is a 5xx, whatever the body; no answer shows the witness to anyone
 * without the protected grant; and only the subjects the route's policy names may get a 2xx. A route that is
 * not in ROUTE_POLICY fails the build: a new route must state who may use it.
 */
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IngestSession } from '../../src/services/evidence.js';
import { linkRegistry } from '../../src/services/linkage.js';
import { createRecord } from '../../src/services/records.js';
import { importList, promoteRegistry } from '../../src/services/registry.js';
import { specForType } from '../../src/storage/index.js';
import { makeCase, makeMember, SUBJECTS, SYSTEM } from '../factories.js';
import { buildTestApp, loginCookie, type TestApp } from '../http.js';
import { seedRecords } from '../samples.js';
import { createTestStore, DIALECTS, type TestStore } from '../stores.js';

const CANARY = 'Zoroaster Canarypour';
const CANARY_FA = 'زرتشت قناری‌پور';
const CANARY_CONTACT = 'canary-line@example.org';
/** What must never reach a subject without the protected grant, in any answer. */
const SECRETS = ['Canarypour', 'canarypour', 'قناری', CANARY_CONTACT];

const SEES_PROTECTED = new Set(['analyst-granted', 'investigator-granted', 'owner-granted']);

/** Subject sets the policy speaks of. */
const EVERYONE = SUBJECTS.map((s) => s.name);
const MEMBERS = EVERYONE.filter((s) => !['anonymous', 'outsider', 'admin'].includes(s));
const EDITORS = ['investigator', 'investigator-granted', 'owner', 'owner-granted'];
const CLAIMERS = ['analyst', 'analyst-granted', ...EDITORS];
const OWNERS = ['owner', 'owner-granted'];
const NOBODY: string[] = [];

/**
 * Who may get a 2xx from each route, asked with the ids of public records (`open`) and of the protected
 * witness's records (`closed`), in a public case. Writes are sent without a valid body, so only routes that
 * need none can succeed; what matters there is that nobody outside the set ever does.
 */
const ROUTE_POLICY: Record<string, { open: string[]; closed?: string[] }> = {
  'POST /api/auth/login': { open: NOBODY },
  'POST /api/auth/logout': { open: EVERYONE },
  'GET /api/auth/me': { open: EVERYONE },
  'POST /api/auth/password': { open: NOBODY },
  'POST /api/auth/second-factor/start': { open: NOBODY },
  'POST /api/auth/second-factor/confirm': { open: NOBODY },
  'POST /api/auth/second-factor/disable': { open: NOBODY },
  // The probe's server has no basemap archive: anonymous visitors get 401, users 404 (test/basemap.test.ts serves one).
  'GET /api/basemap': { open: NOBODY },
  'GET /api/basemap/tiles/{z}/{x}/{y}': { open: NOBODY },
  'GET /api/cases': { open: EVERYONE },
  'POST /api/cases': { open: NOBODY },
  'GET /api/cases/{caseId}': { open: EVERYONE },
  'PATCH /api/cases/{caseId}': { open: OWNERS },
  'GET /api/cases/{caseId}/abilities': { open: EVERYONE },
  'GET /api/cases/{caseId}/members': { open: MEMBERS },
  'POST /api/cases/{caseId}/members': { open: NOBODY },
  'PATCH /api/cases/{caseId}/members/{memberId}': { open: OWNERS },
  'DELETE /api/cases/{caseId}/members/{memberId}': { open: OWNERS },
  'POST /api/cases/{caseId}/claims/{id}/preference': { open: NOBODY },
  'GET /api/public/search': { open: EVERYONE },
  'GET /api/public/people/{id}': { open: EVERYONE, closed: NOBODY },
  'POST /api/public/submissions': { open: NOBODY },
  'GET /api/cases/{caseId}/submissions': { open: ['investigator-granted', 'owner-granted'] },
  'PATCH /api/cases/{caseId}/submissions/{id}': { open: NOBODY },
  'POST /api/cases/{caseId}/estimates': { open: NOBODY },
  'GET /api/cases/{caseId}/estimates': { open: EVERYONE },
  'GET /api/cases/{caseId}/estimates/{id}': { open: NOBODY },
  'POST /api/cases/{caseId}/lists/inspect': { open: NOBODY },
  'POST /api/cases/{caseId}/lists': { open: NOBODY },
  'GET /api/cases/{caseId}/lists': { open: EVERYONE },
  'GET /api/cases/{caseId}/registry': { open: EVERYONE },
  'POST /api/cases/{caseId}/link': { open: EDITORS },
  // The list is protected: without the grant there are no rows to plan for (400).
  'GET /api/cases/{caseId}/link/plan': { open: ['investigator-granted', 'owner-granted'] },
  'POST /api/cases/{caseId}/link-runs': { open: EDITORS },
  'GET /api/cases/{caseId}/link-runs/{runId}': { open: NOBODY },
  'GET /api/cases/{caseId}/link-pairs': { open: EVERYONE },
  'PATCH /api/cases/{caseId}/link-pairs/{id}': { open: NOBODY },
  'POST /api/cases/{caseId}/registry/promote': { open: EDITORS },
  // The list is protected: its report (flagged cells as written) is for those who may read protected rows.
  'GET /api/cases/{caseId}/lists/{listId}/report': { open: [...SEES_PROTECTED] },
  'POST /api/cases/{caseId}/list-records/{recordId}/corrections': { open: NOBODY },
  'POST /api/cases/{caseId}/files': { open: NOBODY },
  'GET /api/cases/{caseId}/files': { open: EVERYONE },
  'GET /api/cases/{caseId}/files/{fileId}': { open: EVERYONE, closed: [...SEES_PROTECTED] },
  'GET /api/cases/{caseId}/files/{fileId}/content': { open: EVERYONE, closed: [...SEES_PROTECTED] },
  'GET /api/cases/{caseId}/files/{fileId}/document': { open: EVERYONE, closed: [...SEES_PROTECTED] },
  'POST /api/cases/{caseId}/files/{fileId}/withdraw': { open: NOBODY },
  'PATCH /api/cases/{caseId}/mentions/{mentionId}': { open: NOBODY },
  'GET /api/search': { open: EVERYONE },
  // Bundles need the right to export the case; without a valid body nobody creates or previews one.
  'POST /api/cases/{caseId}/bundles/preview': { open: NOBODY },
  'POST /api/cases/{caseId}/bundles': { open: NOBODY },
  'GET /api/cases/{caseId}/bundles': { open: EDITORS },
  'GET /api/cases/{caseId}/bundles/{bundleId}/zip': { open: NOBODY },
  // No body names a decision: nobody gets through; the review rules are the findings contract test's.
  'POST /api/cases/{caseId}/findings/{id}/review': { open: NOBODY },
  'GET /api/cases/{caseId}/findings/{id}/corroboration': { open: EVERYONE, closed: [...SEES_PROTECTED] },
  'GET /api/legal/elements': { open: EVERYONE },
  'GET /api/cases/{caseId}/legal/matrix': { open: EVERYONE },
  'GET /api/cases/{caseId}/legal/gaps': { open: EVERYONE },
  'GET /api/cases/{caseId}/people/{id}/suspect-summary': { open: EVERYONE, closed: [...SEES_PROTECTED] },
  'GET /api/cases/{caseId}/settings': { open: EVERYONE },
  // An empty patch changes nothing and is valid, for the owners only.
  'PATCH /api/cases/{caseId}/settings': { open: OWNERS },
  // The probe's case does not publish its alleged perpetrators: an empty list, and no page for anyone.
  'GET /api/public/suspects': { open: EVERYONE },
  'GET /api/public/suspects/{id}': { open: NOBODY, closed: NOBODY },
};
/** Kinds analysts may write as well as editors. */
const CLAIMER_KINDS = new Set(['excerpts', 'relations', 'claims', 'findings', 'positions']);
for (const plural of [
  'sources',
  'excerpts',
  'places',
  'people',
  'organizations',
  'events',
  'involvements',
  'relations',
  'claims',
  'findings',
  'positions',
]) {
  ROUTE_POLICY[`GET /api/cases/{caseId}/${plural}`] = { open: EVERYONE };
  ROUTE_POLICY[`POST /api/cases/{caseId}/${plural}`] = { open: NOBODY };
  ROUTE_POLICY[`GET /api/cases/{caseId}/${plural}/{id}`] = { open: EVERYONE, closed: [...SEES_PROTECTED] };
  ROUTE_POLICY[`PATCH /api/cases/{caseId}/${plural}/{id}`] = {
    // An empty patch is a valid patch: it changes nothing, for whoever may edit the record.
    open: CLAIMER_KINDS.has(plural) ? CLAIMERS : EDITORS,
    closed: (CLAIMER_KINDS.has(plural) ? CLAIMERS : EDITORS).filter((s) => SEES_PROTECTED.has(s)),
  };
  ROUTE_POLICY[`DELETE /api/cases/{caseId}/${plural}/{id}`] = {
    open: EDITORS,
    closed: EDITORS.filter((s) => SEES_PROTECTED.has(s)),
  };
}

/** Bodies sent to every route that takes one: none, empty, wrong types, deep nesting, huge strings. */
const BODIES: Array<unknown> = [
  undefined,
  {},
  { names: 'x', sensitivity: 7, value: { type: 'text' }, content: '!!!', q: ['a'] },
  JSON.parse('['.repeat(60) + ']'.repeat(60)),
  { title: 'x'.repeat(300_000), username: 'y'.repeat(5000) },
];

describe.each(DIALECTS)('route × subject × label probe (%s)', (dialect) => {
  let t: TestStore;
  let app: TestApp;
  let caseId: string;
  const cookies = new Map<string, string>();
  const ids = { open: new Map<string, string>(), closed: new Map<string, string>() };

  beforeAll(async () => {
    t = await createTestStore(dialect);
    app = await buildTestApp(t.ctx);
    caseId = (await makeCase(t.ctx, 'public')).id;
    const open = await seedRecords(t.ctx, SYSTEM, caseId, 'public');
    const closed = await seedRecords(t.ctx, SYSTEM, caseId, 'protected');
    // The witness in every protected field the records have.
    const witness = await createRecord(t.ctx, SYSTEM, specForType('person')!, caseId, {
      ...(specForType('person')!.createSchema.parse({
        names: [
          { text: CANARY, script: 'latin', kind: 'birth' },
          { text: CANARY_FA, script: 'persian', kind: 'birth' },
        ],
        fatherName: `${CANARY} Senior`,
        contact: CANARY_CONTACT,
        notes: `Hidden in Canarypour village`,
        sensitivity: 'protected',
      }) as Record<string, unknown>),
    });
    await createRecord(t.ctx, SYSTEM, specForType('claim')!, caseId, {
      ...(specForType('claim')!.createSchema.parse({
        subjectType: 'person',
        subjectId: witness.id,
        property: 'phone',
        value: { type: 'text', text: `${CANARY_CONTACT} (Canarypour)` },
        claimant: CANARY,
        evidence: [],
        sensitivity: 'public', // inherits the witness's label
      }) as Record<string, unknown>),
    });
    for (const [kind, id] of Object.entries(open)) ids.open.set(kind, id);
    for (const [kind, id] of Object.entries(closed)) ids.closed.set(kind, id);
    ids.closed.set('person', witness.id);

    // Derived data: a public document naming the witness, a protected testimony, a protected list promoted.
    const session = await IngestSession.open(t.ctx, SYSTEM, caseId);
    const report = await session.ingest({
      // The public text spells the witness otherwise: what it says is public, what it was matched to is not.
      content: Readable.from([Buffer.from(`Public report: Zoroaster Kanaripour was seen in 1367.`)]),
      fileName: 'report.txt',
      sensitivity: 'public',
    });
    const testimony = await session.ingest({
      content: Readable.from([Buffer.from(`Testimony of ${CANARY}, ${CANARY_CONTACT}.`)]),
      fileName: `${CANARY}.txt`,
      sensitivity: 'protected',
    });
    ids.open.set('file', report.file.id);
    ids.closed.set('file', testimony.file.id);
    const mention = await t.ctx.store.db
      .selectFrom('mentions')
      .select('id')
      .where('fileId', '=', report.file.id)
      .where('entityId', '=', witness.id)
      .executeTakeFirstOrThrow();
    ids.closed.set('mention', mention.id);
    const imported = await importList(t.ctx, SYSTEM, caseId, {
      name: 'Protected list',
      reliability: 'unknown',
      sensitivity: 'protected',
      fileName: 'list.csv',
      bytes: Buffer.from(`id,name,born\n1,${CANARY},1340\n2,${CANARY_FA},1340\n3,Zoroastre Canarypur,1961\n`),
      format: 'csv',
      idColumn: 'id',
      mapping: { name: 'full_name', born: 'birth_year' },
    });
    ids.open.set('list', imported.list!.id);
    await linkRegistry(t.ctx, SYSTEM, caseId);
    await promoteRegistry(t.ctx, SYSTEM, caseId);
    const submitted = await app.inject({
      method: 'POST',
      url: '/api/public/submissions',
      payload: {
        caseId,
        personId: open.person,
        kind: 'new_information',
        message: `My brother ${CANARY} was there`,
        submitterName: CANARY,
        relationship: 'brother',
        contact: CANARY_CONTACT,
      },
    });
    if (submitted.statusCode !== 201)
      throw new Error(`submission: ${submitted.statusCode} ${submitted.body}`);
    ids.closed.set('submission', (submitted.json() as { id: string }).id);

    for (const subject of SUBJECTS.slice(1)) {
      const actor = await makeMember(t.ctx, caseId, subject.name, subject.role, subject.grant, subject.admin);
      if (subject.role && actor.kind === 'user') {
        const member = await t.ctx.store.db
          .selectFrom('memberships')
          .select('id')
          .where('userId', '=', actor.id)
          .executeTakeFirstOrThrow();
        ids.open.set(`member:${subject.name}`, member.id);
      }
      cookies.set(subject.name, await loginCookie(app, subject.name));
    }
  }, 180_000);
  afterAll(async () => {
    await app.close();
    await t.cleanup();
  });

  async function routes(): Promise<Array<{ method: string; path: string }>> {
    const doc = (await app.inject({ url: '/api/openapi.json' })).json() as {
      paths: Record<string, Record<string, unknown>>;
    };
    return Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((method) => ({ method: method.toUpperCase(), path })),
    );
  }

  /** The route's URL with its parameters filled from public (`open`) or protected (`closed`) records. */
  function urlOf(path: string, variant: 'open' | 'closed'): string {
    const plural = /\/api\/cases\/\{caseId\}\/([a-z-]+)\//.exec(path)?.[1] ?? '';
    const kind: Record<string, string> = {
      sources: 'source',
      excerpts: 'excerpt',
      places: 'place',
      people: 'person',
      organizations: 'organization',
      events: 'event',
      involvements: 'involvement',
      relations: 'relation',
      claims: 'claim',
      findings: 'finding',
      positions: 'position',
      submissions: 'submission',
    };
    const unknown = '00000000-0000-4000-8000-000000000000';
    const pick = (key: string) => ids[variant].get(key) ?? ids.open.get(key) ?? unknown;
    return path
      .replace('{caseId}', caseId)
      .replace('{fileId}', pick('file'))
      .replace('{mentionId}', pick('mention'))
      .replace('{memberId}', ids.open.get('member:viewer') ?? unknown)
      .replace('{runId}', unknown)
      .replace('{bundleId}', unknown)
      .replace('{listId}', pick('list'))
      .replace('{recordId}', unknown)
      .replace(
        '{id}',
        path.startsWith('/api/public/people') ? pick('person') : kind[plural] ? pick(kind[plural]) : unknown,
      );
  }

  it('states a policy for every route in the OpenAPI document', async () => {
    const missing = (await routes())
      .map((r) => `${r.method} ${r.path}`)
      .filter((key) => !(key in ROUTE_POLICY));
    expect(missing).toEqual([]);
  });

  describe.each(SUBJECTS)('$name', (subject) => {
    it('gets a 2xx only where the policy allows, never a 5xx, never the witness without the grant', async () => {
      const failures: string[] = [];
      for (const { method, path } of await routes()) {
        const policy = ROUTE_POLICY[`${method} ${path}`];
        if (!policy) continue;
        // Deleting members and logging out change who the subjects are: asked last, by their own test.
        if (method === 'DELETE' && path.includes('/members/')) continue;
        if (path === '/api/auth/logout') continue;
        const variants =
          path.includes('{') && policy.closed ? (['open', 'closed'] as const) : (['open'] as const);
        for (const variant of variants) {
          const allowed = variant === 'closed' ? policy.closed! : policy.open;
          const bodies = method === 'GET' ? [undefined] : BODIES;
          for (const body of bodies) {
            // A DELETE with the ids of real records would remove them for the subjects after this one.
            if (method === 'DELETE' && allowed.includes(subject.name)) continue;
            const url = urlOf(path, variant);
            const response = await app.inject({
              method: method as 'GET',
              url: method === 'GET' && path.includes('search') ? `${url}?q=Zoroaster` : url,
              headers: {
                ...(cookies.has(subject.name) ? { cookie: cookies.get(subject.name)! } : {}),
                ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
              },
              ...(body !== undefined ? { payload: JSON.stringify(body) } : {}),
            });
            const where = `${method} ${path} [${variant}] body=${JSON.stringify(body)?.slice(0, 40)}`;
            if (response.statusCode >= 500)
              failures.push(`${where}: ${response.statusCode} ${response.body.slice(0, 200)}`);
            const ok = response.statusCode >= 200 && response.statusCode < 300;
            if (ok && !allowed.includes(subject.name))
              failures.push(`${where}: ${response.statusCode} not allowed`);
            if (method === 'GET' && !ok && allowed.includes(subject.name))
              failures.push(`${where}: ${response.statusCode} but allowed`);
            if (!SEES_PROTECTED.has(subject.name)) {
              for (const secret of SECRETS)
                if (response.body.includes(secret)) failures.push(`${where}: shows ${secret}`);
            }
          }
        }
      }
      expect(failures).toEqual([]);
    }, 120_000);
  });
});
