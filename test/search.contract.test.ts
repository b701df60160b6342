import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANONYMOUS, type Actor } from '../src/auth/index.js';
import { NotFoundError, ValidationError } from '../src/domain/errors.js';
import { foldForSearch, longVowelKey, skeletonKey } from '../src/names/index.js';
import type { SearchHit } from '../src/search/index.js';
import { createRecord } from '../src/services/records.js';
import {
  entriesFromRecord,
  indexDocument,
  indexRecord,
  reindexCase,
  removeDocument,
  searchCases,
  type SearchRequest,
} from '../src/services/search.js';
import { specForType } from '../src/storage/index.js';
import { makeCase, makeMember, SYSTEM } from './factories.js';
import { createTestStore, DIALECTS, type TestStore } from './stores.js';

const CANARY = 'Zarathustra Canarypour';
const CANARY_FA = 'زرتشت قناری‌پور';

const D1_TEXT = [
  'متن نامه‌ای از آیت‌الله حسینعلی منتظری به اعضای کمیسیون در مرداد ۱۳۶۷.',
  'منتظری نوشت که مصطفی پورمحمدی و دیگران میخواستند اِعدام‌ها را در زندان ادامه دهند.',
  'این نامه به كميته رسید.',
].join('\n\n');

const D2_TEXT =
  'Minutes of the death commission. In the summer of 1988 Hossein-Ali Montazeri protested to the ' +
  'commission in writing. Ebrahim Raisi and Mostafa Pourmohammadi sat on it at Evin Prison, where ' +
  'prisoners were asked about their beliefs before the hearing.';

function page(n: number, extra = ''): string {
  const filler = 'The ward registers list transfers, visits and the names of guards on duty. '.repeat(7);
  return `Page ${n} of the Gohardasht register. ${filler}${extra}`;
}

describe.each(DIALECTS)('search contract (%s)', (dialect) => {
  let t: TestStore;
  let caseA: string;
  let caseB: string;
  let caseC: string;
  let viewer: Actor;
  let investigator: Actor;
  let granted: Actor;
  let outsider: Actor;
  const ids: Record<string, string> = {};
  const files: Record<string, string> = {};

  async function record(name: string, type: string, input: Record<string, unknown>, caseId = caseA) {
    const spec = specForType(type)!;
    const created = await createRecord(t.ctx, SYSTEM, spec, caseId, spec.createSchema.parse(input) as never);
    ids[name] = created.id;
  }

  async function doc(
    name: string,
    text: string,
    options: {
      caseId?: string;
      sensitivity?: 'public' | 'internal' | 'confidential';
      language?: string;
    } = {},
  ) {
    files[name] = randomUUID();
    await indexDocument(t.store.db, t.store.dialect, {
      caseId: options.caseId ?? caseA,
      sensitivity: options.sensitivity ?? 'internal',
      sourceId: null,
      fileId: files[name],
      title: `Document ${name}`,
      fileName: `${name}.pdf`,
      text,
      language: options.language ?? 'en',
      dateStart: null,
      dateEnd: null,
    });
  }

  const search = (actor: Actor, request: SearchRequest) => searchCases(t.ctx, actor, request);
  const found = (hits: SearchHit[]) => hits.map((h) => h.recordId);

  beforeAll(async () => {
    t = await createTestStore(dialect);
    caseA = (await makeCase(t.ctx, 'internal', 'Case A')).id;
    caseB = (await makeCase(t.ctx, 'public', 'Case B')).id;
    caseC = (await makeCase(t.ctx, 'internal', 'Case C')).id;
    viewer = await makeMember(t.ctx, caseA, 'viewer', 'viewer');
    investigator = await makeMember(t.ctx, caseA, 'investigator', 'investigator');
    granted = await makeMember(t.ctx, caseA, 'granted', 'investigator', true);
    outsider = await makeMember(t.ctx, caseA, 'outsider', null);

    await record('montazeri', 'person', { names: [{ text: 'حسینعلی منتظری' }] });
    await record('pourmohammadi', 'person', { names: [{ text: 'مصطفی پورمحمدی' }] });
    await record('raisi', 'person', { names: [{ text: 'Ebrahim Raisi' }] });
    await record('lajevardi', 'person', {
      names: [{ text: 'اسدالله لاجوردی' }],
      sensitivity: 'confidential',
    });
    await record('canary', 'person', {
      names: [{ text: CANARY }, { text: CANARY_FA }],
      fatherName: 'Ahura Canarypour',
      notes: 'met the canarynote family',
      sensitivity: 'protected',
    });
    await record('khazaneh', 'person', { names: [{ text: 'Bahram Khazaneh' }, { text: 'بهرام خزانه' }] });
    await record('evin', 'place', {
      names: [{ text: 'Evin Prison' }, { text: 'زندان اوین' }],
      kind: 'prison',
    });
    await record('commission', 'organization', {
      names: [{ text: 'Death commission' }, { text: 'هیئت مرگ' }],
      kind: 'commission',
    });
    await record('khavaranReport', 'source', {
      kind: 'report',
      title: 'Khavaran cemetery',
      date: 'summer 1988',
      language: 'en',
    });
    await record('lajevardiMemo', 'source', {
      kind: 'report',
      title: 'Memo naming Lajevardi',
      sensitivity: 'confidential',
    });
    await record('khavaranExcerpt', 'excerpt', {
      sourceId: ids.khavaranReport,
      quote: `${'Families gathered every Friday and were turned away by guards. '.repeat(12)}They found the graves at khavaran.`,
    });
    await record('lajevardiExcerpt', 'excerpt', {
      sourceId: ids.lajevardiMemo,
      quote: 'Lajevardi signed the transfer list.',
      sensitivity: 'confidential',
    });
    await record('executions', 'event', {
      kind: 'execution',
      title: 'Executions at Evin',
      date: '8 Mordad 1367',
    });
    await record('arrests', 'event', { kind: 'arrest', title: 'Arrests at Evin', date: '1360' });
    await record('hearing', 'event', {
      kind: 'hearing',
      title: 'Closed hearing at Ghezel Hesar',
      sensitivity: 'protected',
    });
    await record('karimi', 'person', { names: [{ text: 'Maryam Karimi' }], sensitivity: 'public' }, caseB);
    for (const caseId of [caseA, caseB, caseC]) await reindexCase(t.ctx, caseId);

    await doc('d1', D1_TEXT, { language: 'fa' });
    await doc('d2', D2_TEXT);
    await doc(
      'd3',
      Array.from({ length: 12 }, (_, i) =>
        page(i + 1, i === 6 ? 'One cell was kept in quarantine.' : ''),
      ).join('\f'),
    );
    await doc('d4', 'گزارشی از دادستانی: لاجوردی دستور انتقال داد.', { language: 'fa' });
    for (let i = 1; i <= 7; i++) await doc(`zanjan${i}`, `List ${i} of prisoners transferred from Zanjan.`);
    await doc('aPublic', 'Public leaflet about Khavaran.', { sensitivity: 'public' });
    await doc('bPublic', 'Public statement about Khavaran.', { caseId: caseB, sensitivity: 'public' });
    await doc('bInternal', 'Internal draft about Khavaran.', { caseId: caseB });
    await doc('c', 'Memoir mentioning Montazeri and Khavaran.', { caseId: caseC });
  }, 120_000);
  afterAll(async () => t.cleanup());

  it('ranks a title match above a passing mention in a long text', async () => {
    const result = await search(SYSTEM, { q: 'khavaran', caseId: caseA });
    expect(found(result.hits)).toEqual(expect.arrayContaining([ids.khavaranReport, ids.khavaranExcerpt]));
    expect(result.hits[0]!.recordId).toBe(ids.khavaranReport);
  });

  it('matches quoted phrases in their order only', async () => {
    const kinds = ['document' as const];
    expect(found((await search(SYSTEM, { q: '"death commission"', caseId: caseA, kinds })).hits)).toContain(
      files.d2,
    );
    expect(
      found((await search(SYSTEM, { q: '"commission death"', caseId: caseA, kinds })).hits),
    ).not.toContain(files.d2);
    expect(found((await search(SYSTEM, { q: 'commission death', caseId: caseA, kinds })).hits)).toContain(
      files.d2,
    );
    expect(found((await search(SYSTEM, { q: '«مصطفی پورمحمدی»', caseId: caseA, kinds })).hits)).toEqual([
      files.d1,
    ]);
    // Three words: each pair in the text is not enough, they must follow one another.
    const phrase = async (q: string) => found((await search(SYSTEM, { q, caseId: caseA, kinds })).hits);
    expect(await phrase('"summer of 1988"')).toContain(files.d2);
    expect(await phrase('"of 1988 summer"')).not.toContain(files.d2);
    expect(await phrase('"commission in writing"')).toContain(files.d2);
    expect(await phrase('"the commission in"')).toContain(files.d2);
    expect(await phrase('"death commission minutes"')).not.toContain(files.d2);
    // A phrase never runs from the title ("Document d2") into the text ("Minutes of…").
    expect(await phrase('"document d2"')).toContain(files.d2);
    expect(await phrase('"d2 minutes"')).not.toContain(files.d2);
  });

  it('meets a compound inside a quoted phrase however it is written, on both databases alike', async () => {
    const kinds = ['document' as const];
    const phrase = async (q: string) =>
      found((await search(SYSTEM, { q, caseId: caseA, kinds })).hits).sort();
    await doc('hyphen', 'A letter from Akbar Soltan-Zadeh arrived.');
    await doc('joined', 'A letter from Akbar Soltanzadeh arrived.');
    await doc('apart', 'A letter from Akbar Soltan Zadeh arrived.');
    await doc('reversed', 'Soltanzadeh, Akbar: a letter arrived.');
    await doc('pourApart', 'Ali Pour Mohammadi signed it.');
    await doc('pourJoined', 'Ali Pourmohammadi signed it.');
    await doc('gholamali', 'Gholamali Rahimi was moved.');
    await doc('gholamHyphen', 'Gholam-Ali Rahimi was moved.');
    const written = [files.hyphen, files.joined, files.apart].sort();
    expect(await phrase('"Akbar Soltanzadeh"')).toEqual(written);
    expect(await phrase('"Akbar Soltan-Zadeh"')).toEqual(written);
    expect(await phrase('"Akbar Soltan Zadeh"')).toEqual(written);
    expect(await phrase('"Ali Pourmohammadi signed"')).toEqual([files.pourApart, files.pourJoined].sort());
    expect(await phrase('"Ali Pour Mohammadi"')).toEqual([files.pourApart, files.pourJoined].sort());
    expect(await phrase('"Gholam Ali"')).toEqual([files.gholamali, files.gholamHyphen].sort());
    // The words still follow one another in the phrase's order ("Soltanzadeh, Akbar" only).
    expect(await phrase('"Soltanzadeh Akbar"')).toEqual([files.reversed]);
    expect(await phrase('"Soltan Zadeh Akbar"')).toEqual([files.reversed]);
  });

  it('checks long phrases beside other words, other phrases and compounds, and counts what it checked', async () => {
    const kinds = ['document' as const];
    const phrase = async (q: string) => {
      const result = await search(SYSTEM, { q, caseId: caseA, kinds });
      expect(result.total).toBe(result.hits.length);
      return found(result.hits).sort();
    };
    await doc('inRow', 'They were transferred to Gohardasht at night. Nayyeri signed the order in the hall.');
    await doc('phraseOnly', 'Others were transferred to Gohardasht later.');
    // Each pair of the phrase, never the three words in a row.
    await doc(
      'pairsOnly',
      'They were transferred to Evin, then moved to Gohardasht. Nayyeri signed the order.',
    );
    await doc(
      'fiveInRow',
      'one two three. four five six. seven eight nine. ten eleven twelve. alpha beta gamma.',
    );
    await doc(
      'fourInRow',
      'one two three. four five six. seven eight nine. ten eleven twelve. alpha gamma beta.',
    );
    expect(await phrase('"transferred to Gohardasht"')).toEqual([files.inRow, files.phraseOnly].sort());
    expect(await phrase('"transferred to Gohardasht" Nayyeri')).toEqual([files.inRow]);
    expect(await phrase('Nayyeri "transferred to Gohardasht"')).toEqual([files.inRow]);
    expect(await phrase('"transferred to Gohardasht" "signed the order"')).toEqual([files.inRow]);
    expect(await phrase('"moved to Gohardasht" "signed the order in"')).toEqual([]);
    // A compound in the phrase: its split form is a second phrase of three words, in a row or not.
    await doc('compoundApart', 'Akbar Soltan Zadeh was transferred to Gohardasht.');
    await doc('compoundJoined', 'Akbar Soltanzadeh was moved. He was transferred to Gohardasht.');
    await doc('compoundScattered', 'Akbar was transferred. Soltan Zadeh, to Gohardasht.');
    expect(await phrase('"Akbar Soltanzadeh" "transferred to Gohardasht"')).toEqual(
      [files.compoundApart, files.compoundJoined].sort(),
    );
    expect(await phrase('"Akbar Soltan Zadeh" Gohardasht')).toEqual(
      [files.compoundApart, files.compoundJoined].sort(),
    );
    // Five phrases of three words: more than are checked one combination at a time.
    const five = '"one two three" "four five six" "seven eight nine" "ten eleven twelve" "alpha beta gamma"';
    expect(await phrase(five)).toEqual([files.fiveInRow]);
  });

  it.each([
    ['منتظری', 'as written'],
    ['منتظري', 'Arabic yeh'],
    ['مُنتَظِری', 'diacritics'],
    ['كميسيون', 'Arabic kaf and yeh'],
    ['کمیته', 'Persian letters for a text written with Arabic ones'],
    ['اعدام', 'no diacritics for a text with them'],
    ['۱۳۶۷', 'Persian digits'],
    ['1367', 'Latin digits'],
    ['١٣٦٧', 'Arabic-Indic digits'],
    ['نامه‌ای', 'ZWNJ'],
    ['نامه ای', 'a space for a ZWNJ'],
    ['نامهای', 'nothing for a ZWNJ'],
    ['می‌خواستند', 'a ZWNJ for nothing'],
    ['پورمحم', 'a word being typed'],
  ])('finds Persian text by %s (%s)', async (q) => {
    const result = await search(SYSTEM, { q, caseId: caseA, kinds: ['document'] });
    expect(found(result.hits)).toContain(files.d1);
  });

  it('finds Persian-script names and the documents naming them from a Latin query', async () => {
    const pour = found((await search(SYSTEM, { q: 'pourmohammadi', caseId: caseA })).hits);
    expect(pour).toEqual(expect.arrayContaining([ids.pourmohammadi, files.d1, files.d2]));
    const montazeri = await search(SYSTEM, { q: 'Hosein Montazeri', caseId: caseA });
    expect(found(montazeri.hits)).toEqual(expect.arrayContaining([ids.montazeri, files.d1]));
    const person = montazeri.hits.find((h) => h.recordId === ids.montazeri)!;
    expect(person.highlights.map(([s, e]) => person.snippet.slice(s, e))).toEqual(['حسینعلی', 'منتظری']);
    expect(found((await search(SYSTEM, { q: 'Mostafa Pour-Mohammadi', caseId: caseA })).hits)).toEqual(
      expect.arrayContaining([ids.pourmohammadi, files.d1, files.d2]),
    );
  });

  it.runIf(dialect === 'postgres')(
    'finds a name misspelt beyond its keys by trigram similarity',
    async () => {
      // "Kazaneh" for Khazaneh: kh and k have different skeletons, so only pg_trgm can tell.
      expect(found((await search(SYSTEM, { q: 'Kazaneh', caseId: caseA })).hits)).toContain(ids.khazaneh);
    },
  );

  it('finds Latin-script names and the documents naming them from a Persian query', async () => {
    const result = await search(SYSTEM, { q: 'ابراهیم رئیسی', caseId: caseA });
    expect(found(result.hits)).toEqual(expect.arrayContaining([ids.raisi, files.d2]));
    const d2 = result.hits.find((h) => h.recordId === files.d2)!;
    expect(d2.highlights.map(([s, e]) => d2.snippet.slice(s, e))).toEqual(['Ebrahim', 'Raisi']);
  });

  it('highlights the matched words, as written, in plain-text snippets', async () => {
    const result = await search(SYSTEM, { q: 'منتظري', caseId: caseA, kinds: ['document'] });
    for (const hit of result.hits) {
      expect(hit.highlights.length).toBeGreaterThan(0);
      let previous = 0;
      for (const [start, end] of hit.highlights) {
        expect(start).toBeGreaterThanOrEqual(previous);
        expect(end).toBeLessThanOrEqual(hit.snippet.length);
        previous = end;
      }
    }
    const d1 = result.hits.find((h) => h.recordId === files.d1)!;
    expect(new Set(d1.highlights.map(([s, e]) => d1.snippet.slice(s, e)))).toEqual(new Set(['منتظری']));
    const latin = await search(SYSTEM, { q: 'MONTAZERI', caseId: caseA, kinds: ['document'] });
    const d2 = latin.hits.find((h) => h.recordId === files.d2)!;
    expect(d2.highlights.map(([s, e]) => d2.snippet.slice(s, e))).toEqual(['Montazeri']);
    const tags = await search(SYSTEM, { q: '<script>alert(1)</script> khavaran', caseId: caseA });
    expect(tags.total).toBe(0);
  });

  it('filters by kind, language, date range and label', async () => {
    const places = await search(SYSTEM, { q: 'evin', caseId: caseA, kinds: ['place'] });
    expect(found(places.hits)).toEqual([ids.evin]);
    expect(found((await search(SYSTEM, { q: 'montazeri', caseId: caseA, language: 'fa' })).hits)).toEqual([
      files.d1,
    ]);
    const english = found((await search(SYSTEM, { q: 'montazeri', caseId: caseA, language: 'en-GB' })).hits);
    expect(english).toContain(files.d2);
    expect(english).not.toContain(files.d1);
    for (const range of [
      { dateFrom: '1988-07-01', dateTo: '1988-08-31' },
      { dateFrom: 'Mordad 1367', dateTo: 'Mordad 1367' },
    ]) {
      const dated = found((await search(SYSTEM, { q: 'evin', caseId: caseA, ...range })).hits);
      expect(dated).toEqual([ids.executions]);
    }
    expect(found((await search(SYSTEM, { q: 'khavaran', caseId: caseA, dateFrom: '1988' })).hits)).toEqual([
      ids.khavaranReport,
    ]);
    const confidential = await search(granted, {
      q: 'lajevardi',
      caseId: caseA,
      sensitivity: ['confidential'],
    });
    expect(confidential.total).toBeGreaterThanOrEqual(3);
    expect(new Set(confidential.hits.map((h) => h.sensitivity))).toEqual(new Set(['confidential']));
  });

  it('refuses bad filters with the field named', async () => {
    await expect(search(SYSTEM, { q: 'evin', dateFrom: 'the day after' })).rejects.toMatchObject({
      problems: [{ field: 'dateFrom' }],
    });
    await expect(search(SYSTEM, { q: 'evin', kinds: ['claim' as never] })).rejects.toMatchObject({
      problems: [{ field: 'kinds.0' }],
    });
    await expect(search(SYSTEM, { q: 'evin', dateFrom: '1990', dateTo: '1980' })).rejects.toMatchObject({
      problems: [{ field: 'dateTo' }],
    });
  });

  it('pages through results with a stable total', async () => {
    const pages = [];
    for (const offset of [0, 3, 6, 9])
      pages.push(await search(SYSTEM, { q: 'zanjan', caseId: caseA, limit: 3, offset }));
    expect(pages.map((p) => p.total)).toEqual([7, 7, 7, 7]);
    expect(pages.map((p) => p.hits.length)).toEqual([3, 3, 1, 0]);
    const all = pages.flatMap((p) => found(p.hits));
    expect(new Set(all)).toEqual(new Set(Array.from({ length: 7 }, (_, i) => files[`zanjan${i + 1}`])));
  });

  it('shows a long document once, at its best part, with the page of the snippet', async () => {
    const register = await search(SYSTEM, { q: 'gohardasht register', caseId: caseA });
    expect(found(register.hits).filter((id) => id === files.d3)).toHaveLength(1);
    expect(register.total).toBe(1);
    const quarantine = await search(SYSTEM, { q: 'quarantine', caseId: caseA });
    expect(quarantine.hits).toHaveLength(1);
    const hit = quarantine.hits[0]!;
    expect(hit.location).toMatchObject({ page: 7 });
    expect(hit.id).toMatch(new RegExp(`^document:${files.d3}:\\d+$`));
    expect(hit.snippet.slice(...hit.highlights[0]!)).toBe('quarantine');
  });

  it('never shows a viewer a hit, a count or a snippet from a record above their labels', async () => {
    // The viewer finds the internal document that names him in Persian (by its own words), and nothing
    // of the confidential person, memo or excerpt.
    const seen = await search(viewer, { q: 'lajevardi', caseId: caseA });
    expect(seen).toMatchObject({ total: 1, hits: [{ recordId: files.d4 }] });
    // Not even through the cross-script expansion, which would betray the confidential entity.
    expect((await search(granted, { q: 'lajevardi', caseId: caseA })).hits.map((h) => h.recordId)).toEqual(
      expect.arrayContaining([ids.lajevardi, ids.lajevardiMemo, ids.lajevardiExcerpt, files.d4]),
    );
    const khavaran = await search(viewer, { q: 'khavaran', limit: 100 });
    expect(khavaran.total).toBe(khavaran.hits.length);
    expect(khavaran.hits.every((h) => ['public', 'internal'].includes(h.sensitivity))).toBe(true);
    expect(khavaran.hits.every((h) => h.caseId === caseA || h.caseId === caseB)).toBe(true);
    expect(JSON.stringify(await search(viewer, { q: 'signed transfer list' }))).not.toContain('Lajevardi');
  });

  it('gives nothing from a case the actor cannot read', async () => {
    await expect(search(viewer, { q: 'montazeri', caseId: caseC })).rejects.toBeInstanceOf(NotFoundError);
    expect((await search(viewer, { q: 'memoir' })).total).toBe(0);
    expect((await search(outsider, { q: 'montazeri' })).total).toBe(0);
    expect(found((await search(SYSTEM, { q: 'memoir' })).hits)).toEqual([files.c]);
  });

  it('gives anonymous readers only public records of public cases', async () => {
    const result = await search(ANONYMOUS, { q: 'khavaran' });
    expect(found(result.hits)).toEqual([files.bPublic]);
    expect(result.total).toBe(1);
    expect(found((await search(ANONYMOUS, { q: 'maryam karimi' })).hits)).toEqual([ids.karimi]);
    await expect(search(ANONYMOUS, { q: 'khavaran', caseId: caseA })).rejects.toBeInstanceOf(NotFoundError);
  });

  it('never indexes the identity of a protected person', async () => {
    for (const actor of [granted, SYSTEM]) {
      for (const q of ['canarypour', 'zarathustra', 'قناری‌پور', 'canarynote', 'ahura'])
        expect((await search(actor, { q, caseId: caseA })).total).toBe(0);
    }
    // Not even the cross-script keys derived from the names (coarse and fine).
    const keys = [skeletonKey('Canarypour'), `1${longVowelKey('Canarypour')}`];
    const secrets = [CANARY, 'Canarypour', 'canarypour', 'canarynote', CANARY_FA, 'قناری', ...keys];
    const rows =
      dialect === 'postgres'
        ? await t.raw('select e.*, tsv::text as words from search_entries e')
        : await t.raw('select * from search_entries');
    expect(rows.length).toBeGreaterThan(10);
    const stored = JSON.stringify(rows);
    for (const secret of secrets) expect(stored).not.toContain(secret);
    if (dialect === 'sqlite') {
      for (const term of ['canarypour', foldForSearch('قناری'), ...keys]) {
        expect(await t.raw(`select rowid from search_fts where search_fts match ?`, [`"${term}"`])).toEqual(
          [],
        );
      }
      await t.raw('pragma wal_checkpoint(TRUNCATE)');
      const dir = dirname(t.where);
      const bytes = readdirSync(dir)
        .map((f) => readFileSync(join(dir, f)).toString('utf8'))
        .join('');
      for (const secret of secrets) expect(bytes).not.toContain(secret);
    }
  });

  it('records reads of protected hits in the ledger', async () => {
    const result = await search(granted, { q: 'ghezel hesar', caseId: caseA });
    expect(found(result.hits)).toEqual([ids.hearing]);
    expect(await search(investigator, { q: 'ghezel hesar', caseId: caseA })).toMatchObject({ total: 0 });
    const reads = await t.raw(`select * from audit_log where action = 'read' and resource_id = ?`, [
      ids.hearing,
    ]);
    expect(reads).toHaveLength(1);
    expect(reads[0]).toMatchObject({ actor: 'user:granted', resource_type: 'event' });
  });

  it.each([
    '"',
    '""',
    '*',
    '***',
    'NEAR(',
    'NEAR(evin prison, 3)',
    '-',
    '-evin',
    ':',
    'title:evin',
    '{title}:evin',
    'evin OR',
    'AND NOT',
    '^evin',
    "'; drop table search_entries; --",
    '%_\\',
    'evin)',
    '(evin',
    '"unbalanced evin',
    '\u0000evin',
    '\u200c',
    ' ',
    '',
    'x'.repeat(10_000),
    Array.from({ length: 40 }, (_, i) => `w${i}`).join(' '),
  ])('answers the hostile query %j with results or a validation error on q', async (q) => {
    try {
      const result = await search(viewer, { q, caseId: caseA });
      expect(result.total).toBeGreaterThanOrEqual(0);
      expect(result.hits.every((h) => h.sensitivity !== 'confidential')).toBe(true);
    } catch (error) {
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).problems.map((p) => p.field)).toEqual(['q']);
    }
  });

  it('follows records and documents as they change', async () => {
    const spec = specForType('person')!;
    const input = spec.createSchema.parse({ names: [{ text: 'Nasrin Zolfaghari' }] }) as never;
    const person = await createRecord(t.ctx, SYSTEM, spec, caseA, input);
    await indexRecord(t.store.db, t.store.dialect, 'person', person);
    expect(found((await search(SYSTEM, { q: 'zolfaghari', caseId: caseA })).hits)).toEqual([person.id]);
    await indexRecord(t.store.db, t.store.dialect, 'person', { ...person, sensitivity: 'protected' });
    expect((await search(SYSTEM, { q: 'zolfaghari', caseId: caseA })).total).toBe(0);
    expect(entriesFromRecord('person', { ...person, sensitivity: 'protected' })[0]).toMatchObject({
      title: 'Person (protected)',
      names: [],
      text: '',
    });
    expect(entriesFromRecord('claim', person)).toEqual([]);
    // A protected excerpt or event is found by its source or title, never by words that may name a witness.
    const quote = {
      quote: 'Testimony of Shahrzad Quillmore',
      translation: null,
      locator: {},
      sourceId: null,
    };
    expect(entriesFromRecord('excerpt', { ...person, ...quote, sensitivity: 'protected' })[0]!.text).toBe('');
    expect(entriesFromRecord('excerpt', { ...person, ...quote })[0]!.text).toContain('Quillmore');
    const hearing = { ...person, title: 'Hearing', description: 'Witness Quillmore spoke', date: null };
    expect(entriesFromRecord('event', { ...hearing, sensitivity: 'protected' })[0]!.text).toBe('');
    await removeDocument(t.store.db, t.store.dialect, files.zanjan7!);
    expect((await search(SYSTEM, { q: 'zanjan', caseId: caseA })).total).toBe(6);
    await doc('zanjan7', 'List 7 of prisoners transferred from Zanjan.');
  });
});
