import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AUDIENCES, createBundle } from '../src/services/bundle.js';
import { verifyBundle } from '../src/services/bundle-verify.js';
import type { CheckpointSettings } from '../src/services/checkpoints.js';
import { IngestSession } from '../src/services/evidence.js';
import { runEstimate } from '../src/services/estimates.js';
import { extractText } from '../src/extraction/index.js';
import { createRecord } from '../src/services/records.js';
import { newSigningKeyPem, signingKeyFromPem, specForType } from '../src/storage/index.js';
import { makeCase, makeMember, SYSTEM } from './factories.js';
import { createTestStore, DIALECTS, type TestStore } from './stores.js';

const CANARY = 'Zoroaster Canarypour';
const CANARY_FA = 'زرتشت قناری‌پور';
const CANARY_CONTACT = 'canary-line@example.org';
const SECRETS = ['Canarypour', 'canarypour', 'قناری', CANARY_CONTACT].map((s) => Buffer.from(s, 'utf8'));

/** The text of a PDF as poppler reads it back, without the direction marks it puts around each run. */
function pdfText(path: string): string {
  return execFileSync('pdftotext', ['-enc', 'UTF-8', path, '-'], { encoding: 'utf8' }).replace(
    /[\u200e\u200f\u202a-\u202e\u2066-\u2069]/g,
    '',
  );
}

/** A small three-list capture table (counts made up for the test). */
const PATTERNS = 'a,b,c,freq\n1,0,0,40\n0,1,0,35\n0,0,1,30\n1,1,0,12\n1,0,1,10\n0,1,1,9\n1,1,1,4\n';

/** Every file under `dir`, recursively. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? filesUnder(join(dir, e.name)) : [join(dir, e.name)],
  );
}

describe.each(DIALECTS)('dossier bundles (%s)', (dialect) => {
  let t: TestStore;
  let dir: string;
  let settings: CheckpointSettings;
  let caseId: string;
  const ids: Record<string, string> = {};

  async function make(type: string, input: Record<string, unknown>) {
    const spec = specForType(type)!;
    return createRecord(
      t.ctx,
      SYSTEM,
      spec,
      caseId,
      spec.createSchema.parse(input) as Record<string, unknown>,
    );
  }

  beforeEach(async () => {
    t = await createTestStore(dialect);
    dir = mkdtempSync(join(tmpdir(), 'dossier-bundle-'));
    settings = { key: signingKeyFromPem(newSigningKeyPem()), file: join(dir, 'checkpoints.log') };
    caseId = (await makeCase(t.ctx, 'public')).id;
    const report = await make('source', { kind: 'report', title: 'Public report', sensitivity: 'public' });
    const excerpt = await make('excerpt', {
      sourceId: report.id,
      locator: { page: 2 },
      quote: 'executions',
      sensitivity: 'public',
    });
    const event = await make('event', {
      kind: 'execution',
      title: 'Executions',
      date: 'summer 1988',
      sensitivity: 'public',
    });
    const claim = await make('claim', {
      subjectType: 'event',
      subjectId: event.id,
      property: 'took_place',
      value: { type: 'boolean', value: true },
      evidence: [{ excerptId: excerpt.id }],
      sensitivity: 'public',
    });
    await make('finding', {
      statement: { en: 'Executions took place', fa: 'اعدام‌ها رخ داد' },
      subjects: [{ type: 'event', id: event.id }],
      standard: 'reasonable_grounds',
      evidence: [{ kind: 'claim', id: claim.id }],
      sensitivity: 'public',
    });
    // A victim arrested at a mapped prison, and an official who took part, with a position.
    const prison = await make('place', {
      names: [{ text: 'Evin Prison' }, { text: 'زندان اوین' }],
      kind: 'prison',
      location: {
        geometry: { type: 'Point', coordinates: [51.384, 35.796] },
        precision: 'approximate',
        certainty: 'confirmed',
      },
      sensitivity: 'public',
    });
    const arrest = await make('event', {
      kind: 'arrest',
      title: 'Arrest',
      date: 'Tir 1367',
      placeId: prison.id,
      sensitivity: 'public',
    });
    const victim = await make('person', {
      names: [{ text: 'Synthetic Victim', script: 'latin', kind: 'birth' }],
      synthetic: true,
      sensitivity: 'public',
    });
    const official = await make('person', {
      names: [{ text: 'Synthetic Official', script: 'latin', kind: 'birth' }],
      synthetic: true,
      sensitivity: 'public',
    });
    ids.victim = victim.id;
    ids.official = official.id;
    await make('involvement', {
      eventId: arrest.id,
      actorType: 'person',
      actorId: victim.id,
      role: 'victim',
      sensitivity: 'public',
    });
    await make('involvement', {
      eventId: arrest.id,
      actorType: 'person',
      actorId: official.id,
      role: 'perpetrator',
      sensitivity: 'public',
    });
    await make('position', {
      personId: official.id,
      title: 'Prosecutor',
      start: '1988',
      claimIds: [claim.id],
      sensitivity: 'public',
    });
    // The protected witness, in every identifying field; a testimony without consent for anyone outside; one
    // with consent for the UN only (internal).
    const witness = await make('person', {
      names: [
        { text: CANARY, script: 'latin', kind: 'birth' },
        { text: CANARY_FA, script: 'persian', kind: 'birth' },
      ],
      contact: CANARY_CONTACT,
      notes: 'Hidden in Canarypour village',
      sensitivity: 'protected',
    });
    await make('claim', {
      subjectType: 'person',
      subjectId: witness.id,
      property: 'phone',
      value: { type: 'text', text: CANARY_CONTACT },
      claimant: CANARY,
      sensitivity: 'public',
    });
    const unconsented = await make('source', {
      kind: 'testimony',
      title: 'Testimony without consent',
      consent: { scopes: ['internal'] },
      sensitivity: 'public',
    });
    ids.unconsented = unconsented.id;
    const forUn = await make('source', {
      kind: 'testimony',
      title: 'Testimony for the UN',
      consent: { scopes: ['un', 'legal'] },
      sensitivity: 'internal',
    });
    ids.forUn = forUn.id;
    const session = await IngestSession.open(t.ctx, SYSTEM, caseId);
    const publicFile = await session.ingest({
      content: Readable.from([Buffer.from('A public document about the prisons in 1367.')]),
      fileName: 'public.txt',
      sensitivity: 'public',
    });
    ids.publicFile = publicFile.file.id;
    const estimate = await runEstimate(t.ctx, SYSTEM, caseId, {
      title: 'Count from three lists',
      csv: PATTERNS,
      method: 'loglinear',
      sensitivity: 'public',
    });
    ids.estimate = estimate.id;
    await session.ingest({
      content: Readable.from([Buffer.from(`Statement of ${CANARY}, ${CANARY_CONTACT}.`)]),
      fileName: `${CANARY}.txt`,
      sensitivity: 'protected',
    });
  }, 60_000);
  afterEach(async () => {
    await t.cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  it('builds every audience without a byte of the protected witness, and each verifies offline', async () => {
    for (const audience of AUDIENCES) {
      const out = join(dir, audience);
      const summary = await createBundle(t.ctx, SYSTEM, caseId, audience, out, settings);
      for (const path of filesUnder(out)) {
        const bytes = readFileSync(path);
        for (const secret of SECRETS) expect(bytes.includes(secret), `${audience}: ${path}`).toBe(false);
      }
      // The PDF's text is compressed: read it back, so that a name cannot hide in it.
      const printed = pdfText(join(out, 'report.pdf'));
      for (const secret of SECRETS)
        expect(Buffer.from(printed).includes(secret), `${audience}: report.pdf text`).toBe(false);
      // English and Persian, shaped and in logical order, as poppler reads it; the count with its interval.
      for (const text of [
        'Executions took place',
        'اعدام‌ها رخ داد',
        'یافته‌ها',
        'مکان‌ها و محل‌های دفن',
        'Evin Prison',
        'Count from three lists',
        'Estimated total',
        'برآورد کل',
        'The population is closed',
      ])
        expect(printed, `${audience} report.pdf`).toContain(text);
      expect(summary.pdf).toBe(true);
      // Poppler reads the lam-alef ligature (لا) backwards; Dossier's own reading of a PDF puts it right, so the
      // standard's words (دلایل) read back in order there.
      if (audience === 'public')
        expect((await extractText(join(out, 'report.pdf'))).text).toContain('دلایل معقول برای باور');
      const report = await verifyBundle(out, settings.key.publicKeyBase64);
      expect(report.problems, audience).toEqual([]);
      // The zip beside the folder holds no more than it, and unzipped (by Debian's unzip) verifies the same.
      const zipped = readFileSync(summary.zip);
      for (const secret of SECRETS) expect(zipped.includes(secret), `${audience}: zip`).toBe(false);
      const unzipped = join(dir, `${audience}-unzipped`);
      execFileSync('unzip', ['-q', summary.zip, '-d', unzipped]);
      expect(await verifyBundle(unzipped, settings.key.publicKeyBase64)).toMatchObject({
        ok: true,
        records: summary.records,
      });
      expect(report.records).toBe(summary.records);
      // Source, excerpt, event, claim, finding and the file's record at least; more for the UN and a court.
      expect(summary.records).toBeGreaterThanOrEqual(6);
      const records = readFileSync(join(out, 'records.jsonl'), 'utf8');
      // A testimony without consent for the audience is left out, its place marked.
      expect(summary.omitted).toContainEqual({
        type: 'source',
        id: ids.unconsented,
        reason: `no consent for the ${audience} audience`,
      });
      expect(records).toContain(ids.unconsented);
      expect(records).not.toContain('Testimony without consent');
      expect(records.includes('Testimony for the UN')).toBe(audience !== 'public');
      expect(readdirSync(join(out, 'files'))).toHaveLength(1);
      const html = readFileSync(join(out, 'report.html'), 'utf8');
      for (const text of [
        'Executions took place',
        'اعدام‌ها رخ داد',
        'Evin Prison',
        'dir="rtl"',
        'reasonable grounds',
      ])
        expect(html, `${audience} report`).toContain(text);
      // The arrest's date in both calendars, in each language's section.
      expect(html).toMatch(/1988[^<]*\([^)]*1367/);
      expect(html).toMatch(/۱۳۶۷[^<]*\([^)]*۱۹۸۸/);
      expect(html).not.toContain('Testimony without consent');
      // The count: documented, estimated with its interval, method and assumptions; the run itself in the records.
      expect(html).toMatch(/Documented: 140 — Estimated total: [\d,]+ — 95 % interval: [\d,]+–[\d,]+/);
      expect(html).toContain('log-linear models');
      expect(records).toContain(ids.estimate);
      const geo = JSON.parse(readFileSync(join(out, 'places.geojson'), 'utf8')) as {
        features: Array<{ geometry: { coordinates: number[] }; properties: { certainty: string } }>;
      };
      expect(geo.features).toEqual([
        expect.objectContaining({
          geometry: { type: 'Point', coordinates: [51.384, 35.796] },
          properties: expect.objectContaining({ certainty: 'confirmed' }),
        }),
      ]);
      const ftm = readFileSync(join(out, 'entities.ftm.jsonl'), 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { schema: string; properties: Record<string, unknown[]> });
      expect(new Set(ftm.map((e) => e.schema))).toEqual(
        new Set(['Person', 'Position', 'Occupancy', 'Event']),
      );
      expect(ftm.find((e) => e.schema === 'Occupancy')!.properties.holder).toEqual([ids.official]);
      const wgeid = readFileSync(join(out, 'wgeid.jsonl'), 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as Record<string, unknown>);
      expect(wgeid).toEqual([
        expect.objectContaining({
          personId: ids.victim,
          arrestOrLastSeen: [expect.objectContaining({ kind: 'arrest', place: 'Evin Prison' })],
          believedResponsible: [ids.official],
          consentOfRelatives: null,
          submitterConfidential: true,
        }),
      ]);
    }
  });

  it('names what changed: a byte of a file, a dropped record, an edited manifest, another key', async () => {
    const out = join(dir, 'un');
    await createBundle(t.ctx, SYSTEM, caseId, 'un', out, settings);
    const [evidence] = readdirSync(join(out, 'files'));
    const path = join(out, 'files', evidence!);
    const original = readFileSync(path);
    const altered = Buffer.from(original);
    altered[0] = altered[0]! ^ 1;
    writeFileSync(path, altered);
    expect((await verifyBundle(out)).problems).toEqual([
      expect.objectContaining({ kind: 'file_altered', file: `files/${evidence}` }),
    ]);
    writeFileSync(path, original);
    // The PDF is a file of the bundle like the others: a byte changed in it is named.
    const pdfPath = join(out, 'report.pdf');
    const pdf = readFileSync(pdfPath);
    const touched = Buffer.from(pdf);
    touched[touched.length >> 1] = touched[touched.length >> 1]! ^ 1;
    writeFileSync(pdfPath, touched);
    expect((await verifyBundle(out)).problems).toEqual([
      expect.objectContaining({ kind: 'file_altered', file: 'report.pdf' }),
    ]);
    writeFileSync(pdfPath, pdf);

    const recordsPath = join(out, 'records.jsonl');
    const text = readFileSync(recordsPath, 'utf8');
    const lines = text.trim().split('\n');
    writeFileSync(recordsPath, lines.slice(1).join('\n') + '\n');
    const dropped = await verifyBundle(out);
    expect(dropped.ok).toBe(false);
    expect(dropped.problems.map((p) => `${p.kind} ${p.file}`)).toEqual(
      expect.arrayContaining(['file_altered records.jsonl', 'manifest records.jsonl']),
    );
    // A record edited and its file hash "fixed" in the manifest: the signature and the ledger digest both say so.
    const edited = lines.map((l) => l.replace('"Public report"', '"Edited report"')).join('\n') + '\n';
    writeFileSync(recordsPath, edited);
    const manifestPath = join(out, 'manifest.json');
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as {
      files: Array<{ path: string; sha256: string }>;
    };
    const { createHash } = await import('node:crypto');
    manifest.files[0]!.sha256 = createHash('sha256').update(edited).digest('hex');
    writeFileSync(manifestPath, JSON.stringify(manifest));
    const forged = await verifyBundle(out);
    expect(forged.problems.map((p) => p.kind)).toEqual(expect.arrayContaining(['signature', 'record']));
    expect(forged.problems.find((p) => p.kind === 'record')!.message).toMatch(/was altered/);

    const other = signingKeyFromPem(newSigningKeyPem());
    expect((await verifyBundle(out, other.publicKeyBase64)).problems[0]).toMatchObject({ kind: 'signature' });
  });

  it('narrows to subjects: the official, what is about them and what that rests on; an unknown subject is named', async () => {
    const out = join(dir, 'subjects');
    const summary = await createBundle(t.ctx, SYSTEM, caseId, 'court', out, settings, {
      subjects: [ids.official!],
    });
    const lines = readFileSync(join(out, 'records.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { type: string; record?: { id: string } });
    const types = lines.filter((l) => l.type !== 'omitted').map((l) => l.type);
    // The official, their involvement and position, the arrest and its place, the claim, excerpt and source.
    expect(new Set(types)).toEqual(
      new Set(['person', 'involvement', 'position', 'event', 'place', 'claim', 'excerpt', 'source']),
    );
    expect(lines.some((l) => l.record?.id === ids.victim)).toBe(false);
    expect((await verifyBundle(out)).problems).toEqual([]);
    expect(summary.records).toBe(types.length);
    const unknown = '00000000-0000-4000-8000-000000000000';
    await expect(
      createBundle(t.ctx, SYSTEM, caseId, 'court', join(dir, 'none'), settings, { subjects: [unknown] }),
    ).rejects.toMatchObject({
      problems: [{ field: 'subjects.0', message: `no record ${unknown} in this case` }],
    });
  });

  it('lets a protected testimony with consent for legal use into a court bundle only, proved by its release entry', async () => {
    const consented = await make('source', {
      kind: 'testimony',
      title: 'Consented testimony of witness W-7',
      consent: { scopes: ['legal'] },
      sensitivity: 'protected',
    });
    const excerpt = await make('excerpt', {
      sourceId: consented.id,
      locator: { page: 1 },
      quote: 'I saw the commission that day',
      sensitivity: 'protected',
    });
    await make('source', {
      kind: 'testimony',
      title: 'Withdrawn testimony of witness W-8',
      consent: { scopes: ['legal', 'un', 'public'], withdrawn: true },
      sensitivity: 'protected',
    });
    for (const audience of AUDIENCES) {
      const out = join(dir, `release-${audience}`);
      const summary = await createBundle(t.ctx, SYSTEM, caseId, audience, out, settings, { pdf: false });
      const records = readFileSync(join(out, 'records.jsonl'), 'utf8');
      expect(records.includes('Consented testimony of witness W-7'), audience).toBe(audience === 'court');
      expect(records.includes('I saw the commission that day'), audience).toBe(audience === 'court');
      expect(records).not.toContain('Withdrawn testimony');
      expect(summary.released).toBe(audience === 'court' ? 2 : 0);
      for (const path of filesUnder(out))
        for (const secret of SECRETS) expect(readFileSync(path).includes(secret), path).toBe(false);
      expect((await verifyBundle(out)).problems, audience).toEqual([]);
    }
    // The release is in the ledger, by whom, with the digest of the record in clear.
    const releases = await t.ctx.store.db
      .selectFrom('auditLog')
      .select(['actor', 'resourceId'])
      .where('action', '=', 'release')
      .execute();
    expect(releases.map((r) => r.resourceId).sort()).toEqual([consented.id, excerpt.id].sort());
    // A released record edited in the bundle no longer matches its release entry.
    const court = join(dir, 'release-court', 'records.jsonl');
    writeFileSync(court, readFileSync(court, 'utf8').replace('that day', 'that week'));
    const altered = await verifyBundle(join(dir, 'release-court'));
    expect(altered.problems).toContainEqual(
      expect.objectContaining({
        kind: 'record',
        id: excerpt.id,
        message: expect.stringMatching(/was altered/),
      }),
    );
    // A maker who may not read protected records releases nothing, whatever the consent.
    const investigator = await makeMember(t.ctx, caseId, 'no-grant', 'investigator', false);
    const out = join(dir, 'release-no-grant');
    const summary = await createBundle(t.ctx, investigator, caseId, 'court', out, settings, { pdf: false });
    expect(summary.released).toBe(0);
    expect(summary.omitted).toContainEqual({
      type: 'source',
      id: consented.id,
      reason: 'labelled protected',
    });
    expect(readFileSync(join(out, 'records.jsonl'), 'utf8')).not.toContain('Consented testimony');
  });

  it('without a Chromium refuses with the setting named, and with --no-pdf says so in the signed manifest', async () => {
    const missing = join(dir, 'no-browser');
    await expect(
      createBundle(t.ctx, SYSTEM, caseId, 'public', missing, settings, {
        pdf: { chromium: join(dir, 'no-chromium-here') },
      }),
    ).rejects.toThrow(/DOSSIER_CHROMIUM.*--no-pdf/);
    expect(readdirSync(dir)).not.toContain('no-browser');
    const out = join(dir, 'without-pdf');
    const summary = await createBundle(t.ctx, SYSTEM, caseId, 'public', out, settings, { pdf: false });
    expect(summary.pdf).toBe(false);
    expect(readdirSync(out)).not.toContain('report.pdf');
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as {
      notProduced: unknown;
    };
    expect(manifest.notProduced).toEqual([
      { path: 'report.pdf', reason: 'the bundle was made without the PDF' },
    ]);
    expect((await verifyBundle(out)).problems).toEqual([]);
  });

  it('refuses an unknown audience, and a case whose evidence file was altered, naming the file', async () => {
    await expect(
      createBundle(t.ctx, SYSTEM, caseId, 'press', join(dir, 'x'), settings),
    ).rejects.toMatchObject({
      problems: [{ field: 'audience' }],
    });
    const [row] = await t.raw(`select sha256 from files where id = ?`, [ids.publicFile]);
    const stored = await (
      t.ctx.evidence.blobs as unknown as { storedPath(s: string): Promise<string | null> }
    ).storedPath(String(row!.sha256));
    const bytes = readFileSync(stored!);
    bytes[bytes.length - 1] = bytes[bytes.length - 1]! ^ 1;
    writeFileSync(stored!, bytes);
    await expect(createBundle(t.ctx, SYSTEM, caseId, 'public', join(dir, 'y'), settings)).rejects.toThrow(
      /public\.txt/,
    );
  });
});
