import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SENSITIVITY_LABELS, type Sensitivity } from '../src/domain/sensitivity.js';
import { IngestSession } from '../src/services/evidence.js';
import { importList } from '../src/services/registry.js';
import { createRecord } from '../src/services/records.js';
import { RESOURCE_SPECS, specForType } from '../src/storage/index.js';
import { makeCase, makeMember, SUBJECTS as ALL_SUBJECTS, SYSTEM, type Subject } from './factories.js';
import { buildTestApp, loginCookie, type TestApp } from './http.js';
import { parsedInput, sampleInput, seedRecords } from './samples.js';
import { createTestStore, DIALECTS, type TestStore } from './stores.js';

/** Every kind of actor the policy distinguishes, but the administrator (no case role, tested elsewhere). */
const SUBJECTS = ALL_SUBJECTS.filter((s) => !s.admin);

/**
 * The expected permission model, written out independently of the policy module:
 * which labels each subject reads, and which record kinds it may write and delete.
 */
const READS: Record<string, Sensitivity[]> = {
  anonymous: [],
  outsider: [],
  viewer: ['public', 'internal'],
  'viewer-granted': ['public', 'internal'],
  analyst: ['public', 'internal', 'confidential'],
  'analyst-granted': ['public', 'internal', 'confidential', 'protected'],
  investigator: ['public', 'internal', 'confidential'],
  'investigator-granted': ['public', 'internal', 'confidential', 'protected'],
  owner: ['public', 'internal', 'confidential'],
  'owner-granted': ['public', 'internal', 'confidential', 'protected'],
};
const ALL = RESOURCE_SPECS.map((s) => s.type);
const WRITES: Record<string, string[]> = {
  analyst: ['excerpt', 'relation', 'claim', 'finding', 'position'],
  'analyst-granted': ['excerpt', 'relation', 'claim', 'finding', 'position'],
  investigator: ALL,
  'investigator-granted': ALL,
  owner: ALL,
  'owner-granted': ALL,
};
const DELETES: Record<string, string[]> = {
  investigator: ALL,
  'investigator-granted': ALL,
  owner: ALL,
  'owner-granted': ALL,
};
const MANAGES_MEMBERS = ['owner', 'owner-granted'];
/** Who may link the registry (plan, start and follow link runs): those who may edit people. */
const LINKS = ['investigator', 'investigator-granted', 'owner', 'owner-granted'];
const PREFERS = [
  'analyst',
  'analyst-granted',
  'investigator',
  'investigator-granted',
  'owner',
  'owner-granted',
];
const UNKNOWN = '00000000-0000-4000-8000-000000000000';

const PATCHES: Record<string, Record<string, unknown>> = {
  source: { title: 'Patched title' },
  excerpt: { quote: 'patched' },
  place: { description: 'patched' },
  person: { notes: 'patched' },
  organization: { description: 'patched' },
  event: { description: 'patched' },
  involvement: { notes: 'patched' },
  relation: { notes: 'patched' },
  claim: { claimant: 'patched' },
  finding: { notes: 'patched' },
  position: { notes: 'patched' },
};

function isMember(s: Subject) {
  return s.role !== null;
}

describe.each(DIALECTS)('policy matrix: every route × role × label (%s)', (dialect) => {
  let t: TestStore;
  let app: TestApp;
  let caseId: string;
  const cookies = new Map<string, string>();
  const byLabel = new Map<Sensitivity, Awaited<ReturnType<typeof seedRecords>>>();
  const files = new Map<Sensitivity, { fileId: string; mentionId: string }>();
  /** A finished link run, started by the owner, that every other subject asks for. */
  let linkRunId = '';

  /** A text file of the given label, added by the system, with at least one spotted mention (a date). */
  async function seedFile(label: Sensitivity, text: string): Promise<{ fileId: string; mentionId: string }> {
    const session = await IngestSession.open(t.ctx, SYSTEM, caseId);
    const result = await session.ingest({
      content: Readable.from([Buffer.from(`${text}: the hearing of 8 Mordad 1367.`)]),
      fileName: `${label}.txt`,
      sensitivity: label,
    });
    const mention = await t.ctx.store.db
      .selectFrom('mentions')
      .select('id')
      .where('fileId', '=', result.file.id)
      .executeTakeFirstOrThrow();
    return { fileId: result.file.id, mentionId: mention.id };
  }

  beforeAll(async () => {
    t = await createTestStore(dialect);
    app = await buildTestApp(t.ctx);
    caseId = (await makeCase(t.ctx, 'internal')).id;
    for (const label of SENSITIVITY_LABELS)
      byLabel.set(label, await seedRecords(t.ctx, SYSTEM, caseId, label));
    for (const label of SENSITIVITY_LABELS) files.set(label, await seedFile(label, `seed ${label}`));
    for (const subject of SUBJECTS.slice(1)) {
      await makeMember(t.ctx, caseId, subject.name, subject.role, subject.grant);
      cookies.set(subject.name, await loginCookie(app, subject.name));
    }
    await importList(t.ctx, SYSTEM, caseId, {
      name: 'List',
      reliability: 'unknown',
      sensitivity: 'internal',
      fileName: 'list.csv',
      bytes: Buffer.from('id,name,born\n1,Hossein Rezaei,1340\n2,Hosein Rezaee,1961\n3,Maryam Karimi,1345\n'),
      format: 'csv',
      idColumn: 'id',
      mapping: { name: 'full_name', born: 'birth_year' },
    });
    const run = await app.inject({
      method: 'POST',
      url: `/api/cases/${caseId}/link-runs`,
      payload: { dryRun: true },
      headers: { cookie: cookies.get('owner')! },
    });
    if (run.statusCode !== 202) throw new Error(`link run: ${run.statusCode} ${run.body}`);
    linkRunId = (run.json() as { id: string }).id;
    await finishedRun(linkRunId, 'owner');
  }, 120_000);
  afterAll(async () => {
    await app.close();
    await t.cleanup();
  });

  const request = (
    subject: Subject,
    method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
    url: string,
    payload?: unknown,
  ) =>
    app.inject({
      method,
      url,
      ...(payload ? { payload: payload as object } : {}),
      headers: cookies.has(subject.name) ? { cookie: cookies.get(subject.name)! } : {},
    });

  /** Polls a link run as the given subject until it is no longer running. */
  async function finishedRun(id: string, as: string): Promise<{ state: string }> {
    for (;;) {
      const polled = await app.inject({
        url: `/api/cases/${caseId}/link-runs/${id}`,
        headers: { cookie: cookies.get(as)! },
      });
      if (polled.statusCode !== 200) throw new Error(`link run ${id}: ${polled.statusCode} ${polled.body}`);
      const run = polled.json() as { state: string };
      if (run.state !== 'running') return run;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  describe.each(SUBJECTS)('$name', (subject) => {
    const reads = READS[subject.name]!;
    const noCase = !isMember(subject);

    it('case routes', async () => {
      const expectations: Array<[string, 'GET' | 'POST' | 'PATCH' | 'DELETE', string, unknown, number]> = [
        ['read case', 'GET', `/api/cases/${caseId}`, undefined, noCase ? 404 : 200],
        ['abilities', 'GET', `/api/cases/${caseId}/abilities`, undefined, noCase ? 404 : 200],
        ['members', 'GET', `/api/cases/${caseId}/members`, undefined, noCase ? 404 : 200],
        [
          'update case',
          'PATCH',
          `/api/cases/${caseId}`,
          { description: 'x' },
          noCase ? 404 : MANAGES_MEMBERS.includes(subject.name) ? 200 : 403,
        ],
        [
          'add member',
          'POST',
          `/api/cases/${caseId}/members`,
          { username: 'nobody-here', role: 'viewer' },
          noCase ? 404 : MANAGES_MEMBERS.includes(subject.name) ? 400 : 403,
        ],
        ['create case', 'POST', `/api/cases`, { title: 'New' }, 403],
        [
          'update member',
          'PATCH',
          `/api/cases/${caseId}/members/${UNKNOWN}`,
          { role: 'viewer' },
          noCase ? 404 : MANAGES_MEMBERS.includes(subject.name) ? 404 : 403,
        ],
        [
          'remove member',
          'DELETE',
          `/api/cases/${caseId}/members/${UNKNOWN}`,
          undefined,
          noCase ? 404 : MANAGES_MEMBERS.includes(subject.name) ? 404 : 403,
        ],
      ];
      for (const [what, method, url, payload, status] of expectations) {
        expect((await request(subject, method, url, payload)).statusCode, what).toBe(status);
      }
      const listed = (await request(subject, 'GET', '/api/cases')).json() as { items: Array<{ id: string }> };
      expect(listed.items.some((c) => c.id === caseId)).toBe(!noCase);
    });

    it('registry link routes', async () => {
      const links = LINKS.includes(subject.name);
      const status = noCase ? 404 : links ? 200 : 403;
      const base = `/api/cases/${caseId}`;
      expect((await request(subject, 'GET', `${base}/link/plan`)).statusCode, 'plan').toBe(status);
      const started = await request(subject, 'POST', `${base}/link-runs`, { dryRun: true });
      expect(started.statusCode, `start a link run: ${started.body}`).toBe(links ? 202 : status);
      if (links) {
        // A subject that may link follows its own run to the end; the others may not see the owner's.
        const own = (started.json() as { id: string }).id;
        expect((await finishedRun(own, subject.name)).state).toBe('done');
      } else {
        const polled = await request(subject, 'GET', `${base}/link-runs/${linkRunId}`);
        expect(polled.statusCode, 'follow a link run').toBe(status);
      }
    });

    it.each(RESOURCE_SPECS.map((s) => s.type))('%s routes, every label', async (type) => {
      const spec = specForType(type)!;
      const base = `/api/cases/${caseId}/${spec.plural}`;
      const publicRefs = byLabel.get('public')!;
      const list = await request(subject, 'GET', `${base}?limit=500`);
      expect(list.statusCode, 'list').toBe(noCase ? 404 : 200);
      const listedIds = noCase
        ? []
        : (list.json() as { items: Array<{ id: string }> }).items.map((r) => r.id);
      for (const label of SENSITIVITY_LABELS) {
        const id = (byLabel.get(label) as Record<string, string>)[type]!;
        const readable = reads.includes(label);
        const writable = readable && (WRITES[subject.name] ?? []).includes(type);
        const deletable = readable && (DELETES[subject.name] ?? []).includes(type);
        const denied = noCase ? 404 : 403;
        const where = `${type} ${label}`;
        expect(listedIds.includes(id), `list shows ${where}`).toBe(readable);
        expect((await request(subject, 'GET', `${base}/${id}`)).statusCode, `get ${where}`).toBe(
          readable ? 200 : 404,
        );
        const created = await request(subject, 'POST', base, sampleInput(spec.type, publicRefs, label));
        expect(created.statusCode, `create ${where}: ${created.body}`).toBe(writable ? 201 : denied);
        const patched = await request(subject, 'PATCH', `${base}/${id}`, PATCHES[spec.type]);
        expect(patched.statusCode, `update ${where}`).toBe(writable ? 200 : readable ? 403 : 404);
        const fresh = await createRecord(
          t.ctx,
          SYSTEM,
          spec,
          caseId,
          parsedInput(spec.type, publicRefs, label),
        );
        const removed = await request(subject, 'DELETE', `${base}/${fresh.id}`);
        expect(removed.statusCode, `delete ${where}`).toBe(deletable ? 204 : readable ? 403 : 404);
        if (type === 'claim') {
          const marks = readable && PREFERS.includes(subject.name);
          const preference = await request(subject, 'POST', `${base}/${id}/preference`, {
            preferred: true,
            reason: 'best documented figure',
          });
          expect(preference.statusCode, `mark preferred ${where}`).toBe(marks ? 200 : readable ? 403 : 404);
        }
        if (type === 'finding') {
          // Those who may prefer a claim may review a finding someone else wrote (here: the system).
          const reviews = readable && PREFERS.includes(subject.name);
          const review = await request(subject, 'POST', `${base}/${id}/review`, {
            decision: 'return',
            note: 'the sources need another look',
          });
          expect(review.statusCode, `review ${where}`).toBe(reviews ? 200 : readable ? 403 : 404);
        }
      }
    });

    it('evidence routes, every label', async () => {
      const base = `/api/cases/${caseId}/files`;
      const list = await request(subject, 'GET', `${base}?limit=500`);
      expect(list.statusCode, 'list files').toBe(noCase ? 404 : 200);
      const listed = noCase ? [] : (list.json() as { items: Array<{ id: string }> }).items.map((f) => f.id);
      const writes = WRITES[subject.name] ?? [];
      for (const label of SENSITIVITY_LABELS) {
        const { fileId, mentionId } = files.get(label)!;
        const readable = reads.includes(label);
        const where = `file ${label}`;
        const denied = noCase ? 404 : 403;
        expect(listed.includes(fileId), `list shows ${where}`).toBe(readable);
        for (const path of ['', '/content', '/document'])
          expect(
            (await request(subject, 'GET', `${base}/${fileId}${path}`)).statusCode,
            `get ${where}${path}`,
          ).toBe(readable ? 200 : 404);
        const upload = await app.inject({
          method: 'POST',
          url: `${base}?name=upload.txt&sensitivity=${label}`,
          payload: Buffer.from(`upload by ${subject.name} at ${label}`),
          headers: {
            'content-type': 'application/octet-stream',
            ...(cookies.has(subject.name) ? { cookie: cookies.get(subject.name)! } : {}),
          },
        });
        const mayCreate = writes.includes('source') && readable;
        expect(upload.statusCode, `upload ${where}: ${upload.body}`).toBe(mayCreate ? 201 : denied);
        const fresh = await seedFile(label, `withdraw ${subject.name} ${label}`);
        const withdrawn = await request(subject, 'POST', `${base}/${fresh.fileId}/withdraw`, {
          reason: 'test',
        });
        expect(withdrawn.statusCode, `withdraw ${where}`).toBe(
          readable && writes.includes('source') ? 200 : readable ? 403 : 404,
        );
        const decided = await request(subject, 'PATCH', `/api/cases/${caseId}/mentions/${mentionId}`, {
          decision: 'suggested',
        });
        expect(decided.statusCode, `decide mention ${where}`).toBe(
          readable && writes.includes('claim') ? 200 : readable ? 403 : 404,
        );
      }
    });
  });
});
