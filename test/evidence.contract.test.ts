import { chmodSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../src/auth/index.js';
import {
  ForbiddenError,
  IntegrityError,
  NotFoundError,
  PayloadTooLargeError,
  ValidationError,
} from '../src/domain/errors.js';
import { createServiceContext } from '../src/services/context.js';
import type { FsBlobStore } from '../src/evidence/blob-store.js';
import { IngestSession } from '../src/services/evidence.js';
import {
  checkCaseFiles,
  fileDetail,
  listFiles,
  openFile,
  readDocument,
  withdrawFile,
} from '../src/services/files.js';
import { decideMention } from '../src/services/mentions.js';
import { createRecord, getRecord } from '../src/services/records.js';
import { collectGarbage } from '../src/services/gc.js';
import { verifyLedger } from '../src/services/verify.js';
import { specForType } from '../src/storage/index.js';
import { makeCase, makeMember } from './factories.js';
import { buildTestApp, loginCookie, type TestApp } from './http.js';
import { createTestStore, DIALECTS, type TestStore } from './stores.js';

const REPORT = [
  'Report on the summer of 1988',
  '',
  'Hossein Rezaei was taken from Evin Prison on 8 Mordad 1367 and was not seen again.',
  'According to the report, more than 2,800 prisoners were executed in Tehran.',
  '',
  'حسین رضایی در زندان اوین بود.',
].join('\n');

const OPERATOR: Actor = { kind: 'system', name: 'gc-test' };
const bytes = (text: string) => Readable.from([Buffer.from(text, 'utf8')]);

/** The file a blob is stored in (named by a keyed hash of its content, not by the hash itself). */
async function blobPath(t: TestStore, sha256: string): Promise<string> {
  const path = await (t.ctx.evidence.blobs as FsBlobStore).storedPath(sha256);
  expect(path).not.toBeNull();
  expect(path).not.toContain(sha256);
  return path!;
}

/** The stored bytes read back through the store (decrypted). */
async function readBack(t: TestStore, sha256: string): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of t.ctx.evidence.blobs.openRead(sha256) as AsyncIterable<Buffer>)
    chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}

/** Changes one byte of a stored blob behind the application's back. */
async function tamper(t: TestStore, sha256: string): Promise<void> {
  const path = await blobPath(t, sha256);
  chmodSync(path, 0o600);
  const content = readFileSync(path);
  content[content.length - 3] = content[content.length - 3]! ^ 0x01;
  writeFileSync(path, content);
}

describe.each(DIALECTS)('evidence store on %s', (dialect) => {
  let t: TestStore;
  let caseId: string;
  let investigator: Actor;
  let viewer: Actor;
  let analyst: Actor;
  let personId: string;
  let app: TestApp;

  beforeAll(async () => {
    t = await createTestStore(dialect);
    caseId = (await makeCase(t.ctx)).id;
    investigator = await makeMember(t.ctx, caseId, 'ines', 'investigator');
    viewer = await makeMember(t.ctx, caseId, 'vida', 'viewer');
    analyst = await makeMember(t.ctx, caseId, 'ana', 'analyst');
    const person = await createRecord(t.ctx, investigator, specForType('person')!, caseId, {
      names: [
        { text: 'Hossein Rezaei', script: 'latin', kind: 'transliteration' },
        { text: 'حسین رضایی', script: 'persian', kind: 'birth' },
      ],
      fatherName: null,
      gender: 'male',
      birthDate: null,
      birthPlaceId: null,
      contact: null,
      synthetic: true,
      notes: '',
      sensitivity: 'internal',
    });
    personId = person.id;
    app = await buildTestApp(t.ctx);
  });
  afterAll(async () => {
    await app.close();
    await t.cleanup();
  });

  it('stores a file by hash with its source, derived text, custody log and spotted mentions', async () => {
    const session = await IngestSession.open(t.ctx, investigator, caseId);
    const result = await session.ingest({
      content: bytes(REPORT),
      fileName: 'report-1988.txt',
      sensitivity: 'internal',
      collection: { collectedBy: 'Field team', origin: 'family archive', method: 'handed over on paper' },
    });
    expect(result.duplicate).toBe(false);
    expect(result.file.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(result.file.originalName).toBe('report-1988.txt');
    expect(result.extraction).toMatchObject({ status: 'done' });
    // On disk the bytes are encrypted: neither the words nor the name of the file can be read there.
    const onDisk = readFileSync(await blobPath(t, result.file.sha256));
    expect(onDisk.includes(Buffer.from(REPORT.slice(0, 40), 'utf8'))).toBe(false);
    expect(await readBack(t, result.file.sha256)).toBe(REPORT);

    const source = await getRecord(t.ctx, investigator, specForType('source')!, caseId, result.sourceId);
    expect(source.title).toBe('report-1988.txt');

    const detail = await fileDetail(t.ctx, investigator, caseId, result.file.id);
    expect(detail.derived).toHaveLength(1);
    expect(detail.derived[0]).toMatchObject({
      parentId: result.file.id,
      parentSha256: result.file.sha256,
      derivation: { kind: 'text' },
    });
    expect(detail.derived[0]!.derivation!.tool).not.toBe('');
    expect(detail.custody.map((c) => c.action)).toEqual(['collected', 'extracted']);
    expect(detail.custody[0]!.detail).toMatchObject({ collection: { collectedBy: 'Field team' } });

    const document = await readDocument(t.ctx, investigator, caseId, result.file.id);
    expect(document.text).toContain('Hossein Rezaei');
    const people = document.mentions.filter((m) => m.kind === 'person' && m.entityId === personId);
    expect(people.length).toBeGreaterThanOrEqual(2); // Latin and Persian script
    for (const m of document.mentions) expect(document.text!.slice(m.charStart, m.charEnd)).toBe(m.text);
    expect(document.mentions.some((m) => m.kind === 'date')).toBe(true);
    expect(document.mentions.some((m) => m.kind === 'count')).toBe(true);
    expect(
      (await fileDetail(t.ctx, investigator, caseId, result.file.id)).custody.map((c) => c.action),
    ).toContain('viewed');
    expect((await verifyLedger(t.ctx)).problems).toEqual([]);
  });

  it('recognises bytes it already holds and logs their second arrival', async () => {
    const session = await IngestSession.open(t.ctx, investigator, caseId);
    const again = await session.ingest({
      content: bytes(REPORT),
      fileName: 'copy.txt',
      sensitivity: 'internal',
    });
    expect(again.duplicate).toBe(true);
    expect(again.file.originalName).toBe('report-1988.txt');
    const detail = await fileDetail(t.ctx, investigator, caseId, again.file.id);
    expect(detail.custody.at(-1)).toMatchObject({
      action: 'received_again',
      detail: { fileName: 'copy.txt' },
    });
  });

  it('turns an accepted mention into an excerpt and a claim, and retracts the claim when undone', async () => {
    const { items } = await listFiles(t.ctx, investigator, caseId);
    const file = items.find((f) => f.originalName === 'report-1988.txt')!;
    const document = await readDocument(t.ctx, investigator, caseId, file.id);
    const mention = document.mentions.find((m) => m.kind === 'person')!;
    const accepted = await decideMention(t.ctx, analyst, caseId, mention.id, { decision: 'accept' });
    expect(accepted.status).toBe('accepted');
    const excerpt = await getRecord(t.ctx, analyst, specForType('excerpt')!, caseId, accepted.excerptId!);
    expect(String(excerpt.quote)).toContain(mention.text);
    const claim = await getRecord(t.ctx, analyst, specForType('claim')!, caseId, accepted.claimId!);
    expect(claim).toMatchObject({ subjectId: personId, property: 'mentioned_in', status: 'asserted' });

    const count = document.mentions.find((m) => m.kind === 'count')!;
    await expect(decideMention(t.ctx, analyst, caseId, count.id, { decision: 'accept' })).rejects.toThrow(
      ValidationError,
    );
    const undone = await decideMention(t.ctx, analyst, caseId, mention.id, { decision: 'suggested' });
    expect(undone.status).toBe('suggested');
    const retracted = await getRecord(t.ctx, analyst, specForType('claim')!, caseId, accepted.claimId!);
    expect(retracted.status).toBe('retracted');
    expect((await decideMention(t.ctx, analyst, caseId, count.id, { decision: 'reject' })).status).toBe(
      'rejected',
    );
    await expect(decideMention(t.ctx, viewer, caseId, mention.id, { decision: 'accept' })).rejects.toThrow(
      ForbiddenError,
    );
    expect((await verifyLedger(t.ctx)).problems).toEqual([]);
  });

  it('refuses files larger than the limit and types not accepted, keeping nothing', async () => {
    const small = createServiceContext(t.store, Buffer.alloc(32, 7), {
      blobDir: t.ctx.evidence.blobs.location,
      maxUploadBytes: 100,
    });
    const before = (await listFiles(t.ctx, investigator, caseId)).total;
    const session = await IngestSession.open(small, investigator, caseId);
    await expect(
      session.ingest({ content: bytes('x'.repeat(500)), fileName: 'big.txt', sensitivity: 'internal' }),
    ).rejects.toThrow(PayloadTooLargeError);
    const zip = Buffer.concat([Buffer.from('PK\u0003\u0004'), Buffer.alloc(200)]);
    await expect(
      (await IngestSession.open(t.ctx, investigator, caseId)).ingest({
        content: Readable.from([zip]),
        fileName: 'archive.zip',
        sensitivity: 'internal',
      }),
    ).rejects.toThrow(ValidationError);
    expect((await listFiles(t.ctx, investigator, caseId)).total).toBe(before);
    expect(readdirSync(join(t.ctx.evidence.blobs.location, 'incoming'))).toEqual([]);
    // The refused archive's bytes are not kept either.
    const orphans = (await verifyLedger(t.ctx)).problems.filter((p) => p.kind === 'blob_unreferenced');
    expect(orphans).toEqual([]);
  });

  it('reports blobs no file refers to in verify, and gc removes them with a ledger entry each', async () => {
    // Bytes left by an older version's refused upload, or a crash between storing and recording.
    await t.ctx.evidence.blobs.put(bytes('bytes nobody recorded'));
    const orphan = (await verifyLedger(t.ctx)).problems.filter((p) => p.kind === 'blob_unreferenced');
    expect(orphan).toEqual([expect.objectContaining({ kind: 'blob_unreferenced' })]);
    const name = orphan[0]!.id!;

    await expect(collectGarbage(t.ctx, investigator, { minAgeMs: 0 })).rejects.toThrow(ForbiddenError);
    const young = await collectGarbage(t.ctx, OPERATOR);
    expect(young).toMatchObject({ blobs: [], tooRecent: 1 });
    const dry = await collectGarbage(t.ctx, OPERATOR, { dryRun: true, minAgeMs: 0 });
    expect(dry.blobs.map((b) => b.name)).toEqual([name]);
    const done = await collectGarbage(t.ctx, OPERATOR, { minAgeMs: 0 });
    expect(done.blobs.map((b) => b.name)).toEqual([name]);
    const after = (await verifyLedger(t.ctx)).problems.filter((p) => p.kind === 'blob_unreferenced');
    expect(after).toEqual([]);
    const audited = await t.store.db
      .selectFrom('auditLog')
      .selectAll()
      .where('resourceType', '=', 'blob')
      .execute();
    expect(audited).toEqual([
      expect.objectContaining({ action: 'delete', resourceId: name, actor: 'system:gc-test' }),
    ]);
  });

  it('keeps confidential files from viewers and ingest from those who may not create sources', async () => {
    const session = await IngestSession.open(t.ctx, investigator, caseId);
    const secret = await session.ingest({
      content: bytes('A confidential note.'),
      fileName: 'note.txt',
      sensitivity: 'confidential',
    });
    await expect(fileDetail(t.ctx, viewer, caseId, secret.file.id)).rejects.toThrow(NotFoundError);
    expect((await listFiles(t.ctx, viewer, caseId)).items.map((f) => f.id)).not.toContain(secret.file.id);
    await expect(IngestSession.open(t.ctx, viewer, caseId)).rejects.toThrow(ForbiddenError);
  });

  it('withdraws a file without deleting it: hidden, refused, audited', async () => {
    const session = await IngestSession.open(t.ctx, investigator, caseId);
    const result = await session.ingest({
      content: bytes('Withdraw me.'),
      fileName: 'w.txt',
      sensitivity: 'internal',
    });
    await expect(withdrawFile(t.ctx, analyst, caseId, result.file.id, 'consent withdrawn')).rejects.toThrow(
      ForbiddenError,
    );
    await withdrawFile(t.ctx, investigator, caseId, result.file.id, 'consent withdrawn');
    expect((await listFiles(t.ctx, investigator, caseId)).items.map((f) => f.id)).not.toContain(
      result.file.id,
    );
    await expect(openFile(t.ctx, investigator, caseId, result.file.id, 'downloaded')).rejects.toThrow(
      NotFoundError,
    );
    expect(await readBack(t, result.file.sha256)).toBe('Withdraw me.');
    const detail = await fileDetail(t.ctx, investigator, caseId, result.file.id);
    expect(detail.file).toMatchObject({ status: 'withdrawn', statusNote: 'consent withdrawn' });
    expect(detail.custody.at(-1)!.action).toBe('withdrawn');
  });

  it('names a tampered file on read, on export and in verify, and quarantines it', async () => {
    const session = await IngestSession.open(t.ctx, investigator, caseId);
    const result = await session.ingest({
      content: bytes('The original testimony, byte for byte.'),
      fileName: 'testimony.txt',
      sensitivity: 'internal',
    });
    await tamper(t, result.file.sha256);

    const report = await verifyLedger(t.ctx);
    expect(report.ok).toBe(false);
    expect(report.problems).toContainEqual(
      expect.objectContaining({
        kind: 'file_altered',
        id: result.file.id,
        message: expect.stringContaining('testimony.txt'),
      }),
    );

    await expect(openFile(t.ctx, investigator, caseId, result.file.id, 'downloaded')).rejects.toThrow(
      /testimony\.txt.*quarantined/,
    );
    const detail = await fileDetail(t.ctx, investigator, caseId, result.file.id);
    expect(detail.file.status).toBe('quarantined');
    expect(detail.custody.at(-1)!.action).toBe('quarantined');
    await expect(checkCaseFiles(t.ctx, investigator, caseId)).rejects.toThrow(IntegrityError);
    await expect(checkCaseFiles(t.ctx, investigator, caseId)).rejects.toThrow(/testimony\.txt/);

    const cookie = await loginCookie(app, 'ines');
    const response = await app.inject({
      method: 'GET',
      url: `/api/cases/${caseId}/files/${result.file.id}/content`,
      headers: { cookie },
    });
    expect(response.statusCode).toBe(409);
    expect(response.json().error.message).toContain('testimony.txt');
  });

  it('takes uploads over HTTP as a raw stream and answers bad input with 4xx', async () => {
    const cookie = await loginCookie(app, 'ines');
    const upload = await app.inject({
      method: 'POST',
      url: `/api/cases/${caseId}/files?name=${encodeURIComponent('گزارش.txt')}&sensitivity=internal`,
      headers: { cookie, 'content-type': 'application/octet-stream' },
      payload: Buffer.from('گزارش کوتاه درباره زندان اوین', 'utf8'),
    });
    expect(upload.statusCode).toBe(201);
    const body = upload.json();
    expect(body.file.originalName).toBe('گزارش.txt');

    const download = await app.inject({
      method: 'GET',
      url: `/api/cases/${caseId}/files/${body.file.id}/content`,
      headers: { cookie },
    });
    expect(download.statusCode).toBe(200);
    expect(download.headers['x-sha256']).toBe(body.file.sha256);
    expect(download.headers['content-disposition']).toContain('attachment');
    expect(download.body).toBe('گزارش کوتاه درباره زندان اوین');

    // Bigger than the JSON body limit: uploads stream past it, up to the evidence limit.
    const large = await app.inject({
      method: 'POST',
      url: `/api/cases/${caseId}/files?name=large.txt`,
      headers: { cookie, 'content-type': 'application/octet-stream' },
      payload: Buffer.alloc(3 * 1024 * 1024, 'a'),
    });
    expect(large.statusCode, large.body).toBe(201);
    expect(large.json().file.size).toBe(3 * 1024 * 1024);

    const noName = await app.inject({
      method: 'POST',
      url: `/api/cases/${caseId}/files`,
      headers: { cookie, 'content-type': 'application/octet-stream' },
      payload: Buffer.from('x'),
    });
    expect(noName.statusCode).toBe(400);
    expect(JSON.stringify(noName.json())).toContain('name');

    const form = await app.inject({
      method: 'POST',
      url: `/api/cases/${caseId}/files?name=a.txt`,
      headers: { cookie, 'content-type': 'text/plain' },
      payload: 'x',
    });
    expect(form.statusCode).toBe(415);

    const badCollection = await app.inject({
      method: 'POST',
      url: `/api/cases/${caseId}/files?name=a.txt&collection=${encodeURIComponent('{"who":1}')}`,
      headers: { cookie, 'content-type': 'application/octet-stream' },
      payload: Buffer.from('x'),
    });
    expect(badCollection.statusCode).toBe(400);

    const anonymous = await app.inject({
      method: 'POST',
      url: `/api/cases/${caseId}/files?name=a.txt`,
      headers: { 'content-type': 'application/octet-stream' },
      payload: Buffer.from('x'),
    });
    expect([401, 404]).toContain(anonymous.statusCode);
  });

  it('leaves the ledger consistent after all of it', async () => {
    const problems = (await verifyLedger(t.ctx)).problems.filter((p) => !p.kind.startsWith('file_'));
    expect(problems).toEqual([]);
  });
});
