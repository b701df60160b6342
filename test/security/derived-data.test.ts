/**
 * Derived data (spotted mentions, claims made by promotion or by hand, search entries) inherits the most
 * restrictive label of everything it was derived from, is encrypted like the fields it came from, and is shown
 * by the reader's rights, not the writer's. Findings 1, 2 and 7 of the outside probe (issue 11).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/auth/index.js';
import { IngestSession } from '../../src/services/evidence.js';
import { linkRegistry } from '../../src/services/linkage.js';
import { createRecord, updateRecord } from '../../src/services/records.js';
import { importList, promoteRegistry } from '../../src/services/registry.js';
import { sealProtectedData } from '../../src/services/seal.js';
import { specForType } from '../../src/storage/index.js';
import { makeCase, makeMember, SYSTEM } from '../factories.js';
import { buildTestApp, loginCookie, type TestApp } from '../http.js';
import { parsedInput, victimLists } from '../samples.js';
import { createTestStore, DIALECTS, type TestStore } from '../stores.js';

const WITNESS = 'Zarathustra Canarypour';
const WITNESS_FA = 'زرتشت قناری‌پور';
const READERS = ['viewer', 'investigator', null] as const;

/** Every byte the database keeps: the SQLite file and its WAL, or PostgreSQL's tables as text. */
async function storedText(t: TestStore, dialect: string, tables: string[]): Promise<string> {
  if (dialect === 'sqlite') {
    const dir = dirname(t.where);
    return readdirSync(dir)
      .filter((f) => f.startsWith('dossier.sqlite'))
      .map((f) => readFileSync(join(dir, f)))
      .map((b) => b.toString('latin1') + b.toString('utf8'))
      .join('');
  }
  const rows = [];
  for (const table of tables) rows.push(...(await t.raw(`select * from ${table}`)));
  return JSON.stringify(rows);
}

/** A public claim about a person, validated as the API would. */
function claimInput(fields: Record<string, unknown>): Record<string, unknown> {
  return specForType('claim')!.createSchema.parse({
    subjectType: 'person',
    claimant: 'A report',
    evidence: [],
    sensitivity: 'public',
    ...fields,
  }) as Record<string, unknown>;
}

describe.each(DIALECTS)('derived data inherits its sources’ labels (%s)', (dialect) => {
  let t: TestStore;
  let app: TestApp;
  let caseId: string;
  let witnessId: string;
  let owner: Actor;

  beforeAll(async () => {
    t = await createTestStore(dialect);
    app = await buildTestApp(t.ctx);
    caseId = (await makeCase(t.ctx, 'public')).id;
    owner = await makeMember(t.ctx, caseId, 'owner', 'owner', true);
    await makeMember(t.ctx, caseId, 'viewer', 'viewer');
    await makeMember(t.ctx, caseId, 'investigator', 'investigator');
    const witness = await createRecord(t.ctx, SYSTEM, specForType('person')!, caseId, {
      ...parsedInput('person', {}, 'protected'),
      names: [
        { text: WITNESS, script: 'latin', kind: 'birth' },
        { text: WITNESS_FA, script: 'persian', kind: 'birth' },
      ],
    });
    witnessId = witness.id;
  }, 60_000);
  afterAll(async () => {
    await app.close();
    await t.cleanup();
  });

  it('keeps a protected person spotted in a public document from every reader without the grant', async () => {
    // The owner may read the witness, so the spotter looks for the witness's names in the owner's upload.
    const session = await IngestSession.open(t.ctx, owner, caseId);
    const result = await session.ingest({
      content: Readable.from([
        Buffer.from(
          `A public report. ${WITNESS} spoke first. Later Zaratustra Kanaripour was seen, and ${WITNESS_FA} too.\n`,
        ),
      ]),
      fileName: 'public-report.txt',
      sensitivity: 'public',
    });
    const fileId = result.file.id;
    const url = `/api/cases/${caseId}/files/${fileId}/document`;

    const granted = await app.inject({ url, headers: { cookie: await loginCookie(app, 'owner') } });
    expect(granted.statusCode).toBe(200);
    const seen = (granted.json() as { mentions: Array<{ entityId: string | null }> }).mentions;
    expect(seen.some((m) => m.entityId === witnessId)).toBe(true);

    for (const who of READERS) {
      const headers = who ? { cookie: await loginCookie(app, who) } : {};
      const response = await app.inject({ url, headers });
      expect(response.statusCode, String(who)).toBe(200);
      const body = response.json() as { text: string; mentions: Array<Record<string, unknown>> };
      // The document itself is public and may be read; what it was matched to may not.
      expect(body.text).toContain('A public report');
      const mentions = JSON.stringify(body.mentions);
      for (const secret of [witnessId, WITNESS, 'Canarypour', WITNESS_FA])
        expect(mentions, `${who}: ${secret}`).not.toContain(secret);
    }
    // The mention that names the witness is kept encrypted: its matched name is the witness's full name.
    const stored = await storedText(t, dialect, ['mentions']);
    expect(stored).not.toContain(`"matchedName":"${WITNESS}"`);
  });

  it('stores a claim about a protected person protected and encrypted, whatever label it was given', async () => {
    const claim = await createRecord(
      t.ctx,
      owner,
      specForType('claim')!,
      caseId,
      claimInput({
        subjectId: witnessId,
        property: 'phone',
        value: { type: 'text', text: 'Canary-phone 0912' },
        claimant: 'Canary-claimant',
        qualifiers: { note: 'Canary-qualifier' },
      }),
    );
    expect(claim.sensitivity).toBe('protected');
    const stored = await storedText(t, dialect, ['claims', 'audit_log', 'search_entries']);
    for (const secret of ['Canary-phone', 'Canary-claimant', 'Canary-qualifier'])
      expect(stored, secret).not.toContain(secret);
    for (const who of READERS) {
      const headers = who ? { cookie: await loginCookie(app, who) } : {};
      const response = await app.inject({ url: `/api/cases/${caseId}/claims?limit=500`, headers });
      expect(response.body, String(who)).not.toContain('Canary-phone');
      expect(response.body, String(who)).not.toContain(witnessId);
    }
  });

  it('promotes a protected list into claims that are encrypted at rest', async () => {
    const lists = victimLists();
    await importList(t.ctx, SYSTEM, caseId, {
      name: 'Protected list',
      reliability: 'high',
      sensitivity: 'protected',
      fileName: 'a.csv',
      bytes: Buffer.from(lists.a),
      format: 'csv',
      idColumn: 'id',
      mapping: { name: 'full_name', father: 'father_name', born: 'birth_year', prison: 'place_of_detention' },
    });
    await linkRegistry(t.ctx, SYSTEM, caseId);
    const promoted = await promoteRegistry(t.ctx, SYSTEM, caseId);
    expect(promoted.claims).toBeGreaterThan(0);
    const names = lists.a
      .trim()
      .split('\n')
      .slice(1)
      .map((line) => line.split(',')[1]!);
    if (dialect === 'sqlite') await t.raw('pragma wal_checkpoint(TRUNCATE)');
    const stored = await storedText(t, dialect, ['claims', 'people', 'list_records']);
    for (const name of names) expect(stored, name).not.toContain(name);
    expect(stored).not.toContain('Protected list"');
  });

  it('leaves no trace of a record relabelled protected in the search index or the database files', async () => {
    const person = await createRecord(t.ctx, owner, specForType('person')!, caseId, {
      ...parsedInput('person', {}, 'public'),
      names: [{ text: 'Quetzalcanary Relabelpour', script: 'latin', kind: 'birth' }],
    });
    const claim = await createRecord(
      t.ctx,
      owner,
      specForType('claim')!,
      caseId,
      claimInput({
        subjectId: person.id,
        property: 'occupation',
        value: { type: 'text', text: 'Relabelcanary teacher' },
      }),
    );
    expect(claim.sensitivity).toBe('public');
    await updateRecord(t.ctx, owner, specForType('person')!, caseId, person.id, { sensitivity: 'protected' });

    // Records that refer to it rise with it.
    const after = await t.raw(`select sensitivity from claims where id = ?`, [claim.id]);
    expect(after[0]!.sensitivity).toBe('protected');

    const anonymous = await app.inject({ url: `/api/search?q=Relabelpour&caseId=${caseId}` });
    expect(anonymous.body).not.toContain('Relabelpour');
    if (dialect === 'sqlite') {
      // Nothing of the old words in the full-text index's own tables, nor in the file and its WAL.
      await t.raw(`create virtual table if not exists vocab using fts5vocab(search_fts, 'instance')`);
      const terms = await t.raw(`select count(*) as n from vocab where term like '%relabel%'`);
      expect(Number(terms[0]!.n)).toBe(0);
    }
    const stored = await storedText(t, dialect, ['people', 'claims', 'search_entries']);
    for (const secret of ['Relabelpour', 'relabelpour', 'Relabelcanary'])
      expect(stored, secret).not.toContain(secret);
  });

  it('seals what an earlier version left in clear or under a lower label, when the server starts', async () => {
    const claim = await createRecord(
      t.ctx,
      owner,
      specForType('claim')!,
      caseId,
      claimInput({
        subjectId: witnessId,
        property: 'alias',
        value: { type: 'text', text: 'Legacycanary' },
      }),
    );
    const mention = await t.raw(`select id from mentions where entity_id = ? limit 1`, [witnessId]);
    // As an earlier version stored them: the claim's value in clear, the mention at its document's label.
    await t.raw(`update claims set value = ? where id = ?`, [
      JSON.stringify({ type: 'text', text: 'Legacycanary' }),
      claim.id,
    ]);
    await t.raw(`update mentions set sensitivity = 'public' where id = ?`, [mention[0]!.id]);
    const result = await sealProtectedData(t.ctx, { once: true });
    expect(result.sealed).toBeGreaterThanOrEqual(1);
    expect(result.raised).toBeGreaterThanOrEqual(1);
    const stored = await storedText(t, dialect, ['claims']);
    expect(stored).not.toContain('Legacycanary');
    const after = await t.raw(`select sensitivity from mentions where id = ?`, [mention[0]!.id]);
    expect(after[0]!.sensitivity).toBe('protected');
    // Once sealed, nothing is left to do; and `serve` (once) does not scan the store again at each start.
    expect(await sealProtectedData(t.ctx)).toEqual({ sealed: 0, raised: 0 });
    await t.raw(`update mentions set sensitivity = 'public' where id = ?`, [mention[0]!.id]);
    expect(await sealProtectedData(t.ctx, { once: true })).toEqual({ sealed: 0, raised: 0 });
    expect(await sealProtectedData(t.ctx)).toEqual({ sealed: 0, raised: 1 });
  });
});
