import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/http/app.js';
import { verifyBundle } from '../src/services/bundle-verify.js';
import { IngestSession } from '../src/services/evidence.js';
import { createRecord } from '../src/services/records.js';
import { newSigningKeyPem, signingKeyFromPem, specForType } from '../src/storage/index.js';
import { makeCase, makeMember, SYSTEM } from './factories.js';
import { loginCookie, type TestApp } from './http.js';
import { seedRecords } from './samples.js';
import { createTestStore, DIALECTS, type TestStore } from './stores.js';

type Omitted = { type: string; id: string; code: string; label?: string; names?: unknown[] };
type Preview = { released: number; included: Record<string, number>; omitted: Omitted[] };
type Listing = { id: string; state: string; audience: string; pdf: boolean; omitted: number; error?: string };

describe.each(DIALECTS)('bundles over HTTP (%s)', (dialect) => {
  let t: TestStore;
  let app: TestApp;
  let dir: string;
  let caseId: string;
  let key: string;
  let internal: Awaited<ReturnType<typeof seedRecords>>;
  let witness: string;
  let testimony: string;
  const cookie = new Map<string, string>();

  beforeAll(async () => {
    t = await createTestStore(dialect);
    dir = mkdtempSync(join(tmpdir(), 'dossier-bundle-http-'));
    const signing = signingKeyFromPem(newSigningKeyPem());
    key = signing.publicKeyBase64;
    app = await buildApp({
      ctx: t.ctx,
      cookieSecure: true,
      bundles: {
        dir: join(dir, 'bundles'),
        checkpoints: { key: signing, file: join(dir, 'checkpoints.log') },
      },
    });
    caseId = (await makeCase(t.ctx, 'public')).id;
    await seedRecords(t.ctx, SYSTEM, caseId, 'public');
    internal = await seedRecords(t.ctx, SYSTEM, caseId, 'internal');
    const spec = specForType('person')!;
    witness = (
      await createRecord(t.ctx, SYSTEM, spec, caseId, {
        ...(spec.createSchema.parse({
          names: [{ text: 'Zoroaster Canarypour', script: 'latin', kind: 'birth' }],
          sensitivity: 'protected',
        }) as Record<string, unknown>),
      })
    ).id;
    const source = specForType('source')!;
    testimony = (
      await createRecord(t.ctx, SYSTEM, source, caseId, {
        ...(source.createSchema.parse({
          kind: 'testimony',
          title: 'Testimony given for the court',
          consent: { scopes: ['legal'] },
          sensitivity: 'protected',
        }) as Record<string, unknown>),
      })
    ).id;
    await makeMember(t.ctx, caseId, 'granted', 'investigator', true);
    cookie.set('granted', await loginCookie(app, 'granted'));
    for (const [name, role] of [
      ['investigator', 'investigator'],
      ['analyst', 'analyst'],
      ['viewer', 'viewer'],
      ['outsider', null],
    ] as const) {
      await makeMember(t.ctx, caseId, name, role);
      cookie.set(name, await loginCookie(app, name));
    }
  }, 60_000);
  afterAll(async () => {
    await app.close();
    await t.cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  const call = (who: string, method: 'GET' | 'POST', url: string, payload?: unknown) =>
    app.inject({
      method,
      url,
      headers: { cookie: cookie.get(who)!, ...(payload ? { 'content-type': 'application/json' } : {}) },
      ...(payload ? { payload: JSON.stringify(payload) } : {}),
    });

  it('previews what a public bundle leaves out and why, and a UN one that takes the internal records', async () => {
    const base = `/api/cases/${caseId}/bundles`;
    const forPublic = await call('investigator', 'POST', `${base}/preview`, { audience: 'public' });
    expect(forPublic.statusCode, forPublic.body).toBe(200);
    const preview = forPublic.json() as { included: Record<string, number>; omitted: Omitted[] };
    expect(preview.included.person).toBe(1);
    expect(preview.omitted).toContainEqual(
      expect.objectContaining({ type: 'person', id: internal.person, code: 'label', label: 'internal' }),
    );
    // Named to an investigator who reads internal records; the protected witness, read without the grant, is not.
    expect(preview.omitted.find((o) => o.id === internal.person)!.names).not.toHaveLength(0);
    const hidden = preview.omitted.find((o) => o.id === witness)!;
    expect(hidden).toMatchObject({ code: 'label', label: 'protected' });
    expect(JSON.stringify(hidden)).not.toContain('Canarypour');
    const forUn = (await call('investigator', 'POST', `${base}/preview`, { audience: 'un' })).json() as {
      included: Record<string, number>;
      omitted: Omitted[];
    };
    expect(forUn.included.person).toBe(2);
    expect(forUn.omitted.some((o) => o.id === internal.person)).toBe(false);
  });

  it('lets a consented protected testimony into a court preview only for a member who reads protected records', async () => {
    const url = `/api/cases/${caseId}/bundles/preview`;
    const granted = (await call('granted', 'POST', url, { audience: 'court' })).json() as Preview;
    expect(granted.released).toBe(1);
    expect(granted.omitted.some((o) => o.id === testimony)).toBe(false);
    const plain = (await call('investigator', 'POST', url, { audience: 'court' })).json() as Preview;
    expect(plain.released).toBe(0);
    expect(plain.omitted).toContainEqual(expect.objectContaining({ id: testimony, code: 'label' }));
    const un = (await call('granted', 'POST', url, { audience: 'un' })).json() as Preview;
    expect(un.released).toBe(0);
  });

  /** Asks for the case's bundles until the one named is no longer being made. */
  async function settled(id: string): Promise<Listing> {
    for (;;) {
      const listed = (await call('investigator', 'GET', `/api/cases/${caseId}/bundles`)).json() as {
        items: Listing[];
      };
      const found = listed.items.find((b) => b.id === id);
      if (found && found.state !== 'running') return found;
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  it('makes a bundle in the background, lists it when done, serves its zip that verifies offline, and writes the creation in the ledger', async () => {
    const base = `/api/cases/${caseId}/bundles`;
    const created = await call('investigator', 'POST', base, { audience: 'public', pdf: false });
    expect(created.statusCode, created.body).toBe(202);
    const run = created.json() as Listing;
    expect(run).toMatchObject({ audience: 'public', state: 'running' });
    const made = await settled(run.id);
    expect(made).toMatchObject({ state: 'done', audience: 'public', pdf: false });
    expect(made.omitted).toBeGreaterThan(0);

    const zip = await call('investigator', 'GET', `${base}/${made.id}/zip`);
    expect(zip.statusCode).toBe(200);
    expect(zip.headers['content-type']).toBe('application/zip');
    expect(String(zip.headers['content-disposition'])).toMatch(/attachment; filename="dossier-public-/);
    const file = join(dir, 'downloaded.zip');
    writeFileSync(file, zip.rawPayload);
    execFileSync('unzip', ['-q', file, '-d', join(dir, 'unzipped')]);
    expect(await verifyBundle(join(dir, 'unzipped'), key)).toMatchObject({ ok: true, audience: 'public' });

    const audit = await t.ctx.store.db
      .selectFrom('auditLog')
      .select(['actor', 'resourceId'])
      .where('action', '=', 'bundle')
      .execute();
    expect(audit).toContainEqual({ actor: 'user:investigator', resourceId: caseId });
  });

  it('refuses those who may not export, names bad fields, and does not find other bundles', async () => {
    const base = `/api/cases/${caseId}/bundles`;
    for (const who of ['analyst', 'viewer'])
      for (const [method, url, body] of [
        ['POST', `${base}/preview`, { audience: 'public' }],
        ['POST', base, { audience: 'public', pdf: false }],
        ['GET', base, undefined],
      ] as const)
        expect((await call(who, method, url, body)).statusCode, `${who} ${method} ${url}`).toBe(403);
    // The case is public: an outsider reads it but may not export it.
    expect((await call('outsider', 'GET', base)).statusCode).toBe(403);
    const press = await call('investigator', 'POST', base, { audience: 'press' });
    expect(press.statusCode).toBe(400);
    expect(press.json().error.fields).toEqual([expect.objectContaining({ field: 'body.audience' })]);
    const unknown = '00000000-0000-4000-8000-000000000000';
    const subject = await call('investigator', 'POST', `${base}/preview`, {
      audience: 'court',
      subjects: [unknown],
    });
    expect(subject.statusCode).toBe(400);
    expect(subject.json().error.fields).toEqual([
      expect.objectContaining({ field: 'subjects.0', message: `no record ${unknown} in this case` }),
    ]);
    expect((await call('investigator', 'GET', `${base}/${unknown}/zip`)).statusCode).toBe(404);
    expect((await call('investigator', 'GET', `${base}/..%2F..%2Fx/zip`)).statusCode).toBe(404);
  });

  it('reports a bundle whose making failed, naming the altered evidence file, and leaves nothing of it', async () => {
    const session = await IngestSession.open(t.ctx, SYSTEM, caseId);
    const { file } = await session.ingest({
      content: Readable.from([Buffer.from('A public note about the prisons.')]),
      fileName: 'note.txt',
      sensitivity: 'public',
    });
    const stored = await (
      t.ctx.evidence.blobs as unknown as { storedPath(s: string): Promise<string | null> }
    ).storedPath(file.sha256);
    const bytes = readFileSync(stored!);
    bytes[bytes.length - 1] = bytes[bytes.length - 1]! ^ 1;
    writeFileSync(stored!, bytes);
    const created = await call('investigator', 'POST', `/api/cases/${caseId}/bundles`, {
      audience: 'public',
      pdf: false,
    });
    expect(created.statusCode).toBe(202);
    const run = created.json() as Listing;
    const failed = await settled(run.id);
    expect(failed.state).toBe('failed');
    expect(failed.error).toMatch(/note\.txt/);
    expect(existsSync(join(dir, 'bundles', caseId, run.id))).toBe(false);
    expect((await call('investigator', 'GET', `/api/cases/${caseId}/bundles/${run.id}/zip`)).statusCode).toBe(
      404,
    );
  });
});
