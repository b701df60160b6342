import { readdirSync, readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IngestSession } from '../src/services/evidence.js';
import { decideMention } from '../src/services/mentions.js';
import { createRecord } from '../src/services/records.js';
import { exportCase } from '../src/services/transfer.js';
import { specForType } from '../src/storage/index.js';
import { makeCase, makeMember, SYSTEM } from './factories.js';
import { buildTestApp, loginCookie, type TestApp } from './http.js';
import { parsedInput } from './samples.js';
import { createTestStore, DIALECTS, type TestStore } from './stores.js';

const CANARY = 'Zarathustra Canarypour';
const CANARY_FA = 'زرتشت قناری‌پور';
const CONTACT = 'canary-contact@example.org';

describe.each(DIALECTS)('protected identities are encrypted at rest (%s)', (dialect) => {
  let t: TestStore;
  let app: TestApp;
  let caseId: string;
  let witnessId: string;

  beforeAll(async () => {
    t = await createTestStore(dialect);
    app = await buildTestApp(t.ctx);
    caseId = (await makeCase(t.ctx)).id;
    const witness = await createRecord(t.ctx, SYSTEM, specForType('person')!, caseId, {
      ...parsedInput('person', {}, 'protected'),
      names: [
        { text: CANARY, script: 'latin', kind: 'birth' },
        { text: CANARY_FA, script: 'persian', kind: 'birth' },
      ],
      fatherName: `${CANARY} Senior`,
      contact: CONTACT,
    });
    witnessId = witness.id;
    // A protected testimony naming the witness in its file name and its text: the bytes are evidence (kept as
    // they are, encrypted, in the blob store), but nothing of it may reach the database or the disk in clear.
    const session = await IngestSession.open(t.ctx, SYSTEM, caseId);
    await session.ingest({
      content: Readable.from([
        Buffer.from(`Testimony of ${CANARY} (${CANARY_FA}), reachable at ${CONTACT}.`),
      ]),
      fileName: `${CANARY}.txt`,
      sensitivity: 'protected',
      collection: { collectedBy: CANARY, origin: CONTACT },
    });
    // Accepting the spotted mention of the witness quotes the testimony in an excerpt and makes a claim.
    const mention = await t.ctx.store.db
      .selectFrom('mentions')
      .select('id')
      .where('kind', '=', 'person')
      .executeTakeFirstOrThrow();
    await decideMention(t.ctx, SYSTEM, caseId, mention.id, { decision: 'accept' });
    for (const [name, role, grant] of [
      ['viewer', 'viewer', true],
      ['investigator', 'investigator', false],
      ['granted', 'investigator', true],
    ] as const) {
      await makeMember(t.ctx, caseId, name, role, grant);
    }
  }, 60_000);
  afterAll(async () => {
    await app.close();
    await t.cleanup();
  });

  it('never stores the name or contact in clear', async () => {
    let stored: string;
    if (dialect === 'sqlite') {
      await t.raw('pragma wal_checkpoint(TRUNCATE)');
      const dir = dirname(t.where);
      stored = readdirSync(dir)
        .filter((f) => f.startsWith('dossier.sqlite'))
        .map(
          (f) => readFileSync(join(dir, f)).toString('latin1') + readFileSync(join(dir, f)).toString('utf8'),
        )
        .join('');
    } else {
      const rows = [];
      for (const table of [
        'people',
        'audit_log',
        'cases',
        'users',
        'sources',
        'files',
        'custody_events',
        'mentions',
        'search_entries',
        'excerpts',
        'claims',
      ])
        rows.push(...(await t.raw(`select * from ${table}`)));
      stored = JSON.stringify(rows);
    }
    for (const secret of [CANARY, 'Canarypour', CANARY_FA, 'قناری', CONTACT])
      expect(stored).not.toContain(secret);
    expect(stored.length).toBeGreaterThan(1000);
  });

  it('keeps the testimony encrypted in the evidence store, leaving no plaintext copy behind', async () => {
    const files = readdirSync(t.ctx.evidence.blobs.location, { recursive: true, withFileTypes: true })
      .filter((f) => f.isFile())
      .map((f) => join(f.parentPath, f.name));
    // The testimony (its extracted text is the same bytes, stored once), and nothing left over in incoming/
    // from the tools that read it.
    expect(files.length).toBe(1);
    expect(files[0]).not.toContain('incoming');
    const onDisk = files.map((f) => readFileSync(f).toString('latin1') + readFileSync(f).toString('utf8'));
    for (const secret of [CANARY, 'Canarypour', CANARY_FA, 'قناری', CONTACT, 'Testimony'])
      expect(onDisk.join('')).not.toContain(secret);
  });

  it('shows it to a granted member, and to nobody else by any route', async () => {
    const granted = await loginCookie(app, 'granted');
    const seen = await app.inject({
      url: `/api/cases/${caseId}/people/${witnessId}`,
      headers: { cookie: granted },
    });
    expect(seen.statusCode).toBe(200);
    expect(seen.body).toContain(CANARY);
    expect(seen.body).toContain(CONTACT);

    for (const who of ['viewer', 'investigator', null]) {
      const cookie = who ? await loginCookie(app, who) : undefined;
      const headers = cookie ? { cookie } : {};
      for (const url of [
        `/api/cases/${caseId}/people/${witnessId}`,
        `/api/cases/${caseId}/people?limit=500`,
        `/api/cases/${caseId}/people?q=${encodeURIComponent('Canarypour')}`,
        `/api/cases/${caseId}/people?q=${encodeURIComponent(CANARY_FA)}`,
        `/api/cases/${caseId}/people?sensitivity=protected`,
        `/api/cases/${caseId}`,
      ]) {
        const response = await app.inject({ url, headers });
        expect(response.statusCode, url).toBeLessThan(500);
        // A 404 for a record fetched by id repeats the id asked for; anywhere else the id must not appear.
        const secrets = url.includes(witnessId)
          ? [CANARY, 'Canarypour', CONTACT]
          : [CANARY, 'Canarypour', CONTACT, witnessId];
        for (const secret of secrets) expect(response.body, `${who} ${url}`).not.toContain(secret);
      }
    }
  });

  it('logs every read of the protected record', async () => {
    const granted = await loginCookie(app, 'granted');
    const before = await t.raw(
      `select count(*) as n from audit_log where action = 'read' and resource_id = ?`,
      [witnessId],
    );
    await app.inject({ url: `/api/cases/${caseId}/people/${witnessId}`, headers: { cookie: granted } });
    await app.inject({ url: `/api/cases/${caseId}/people`, headers: { cookie: granted } });
    const after = await t.raw(
      `select count(*) as n from audit_log where action = 'read' and resource_id = ?`,
      [witnessId],
    );
    expect(Number(after[0]!.n) - Number(before[0]!.n)).toBe(2);
  });

  it('leaves protected records out of an export limited to confidential', async () => {
    const lines: string[] = [];
    for await (const line of exportCase(t.ctx, SYSTEM, caseId, { maxSensitivity: 'confidential' }))
      lines.push(line);
    expect(lines.join('\n')).not.toContain(CANARY);
  });
});
