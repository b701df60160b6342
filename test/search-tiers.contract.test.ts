import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { searchIndexFor } from '../src/search/index.js';
import { documentEntries, indexDocument, searchCases } from '../src/services/search.js';
import { makeCase, SYSTEM } from './factories.js';
import { createTestStore, DIALECTS, type TestStore } from './stores.js';

/**
 * How a hit ranks by the way its text writes the query's word: as spelled, then the same name in another
 * spelling or script, then the same consonant skeleton (another name, perhaps: Hassan for Hossein), then a
 * typo — whatever the number of times the weaker spelling is repeated. And typos in Persian script.
 */
describe.each(DIALECTS)('search tiers and typos (%s)', (dialect) => {
  let t: TestStore;
  let caseId: string;
  const files: Record<string, string> = {};

  async function doc(name: string, text: string, language = 'en') {
    files[name] = randomUUID();
    await indexDocument(t.store.db, t.store.dialect, {
      caseId,
      sensitivity: 'internal',
      sourceId: null,
      fileId: files[name]!,
      title: `Report ${name.length}`,
      fileName: null,
      text,
      language,
      dateStart: null,
      dateEnd: null,
    });
  }

  const order = async (q: string) =>
    (await searchCases(t.ctx, SYSTEM, { q: `${q} `, caseId, kinds: ['document'] })).hits.map((h) => {
      const name = Object.entries(files).find(([, id]) => id === h.recordId)?.[0];
      return name ?? h.recordId;
    });

  beforeAll(async () => {
    t = await createTestStore(dialect);
    caseId = (await makeCase(t.ctx, 'internal', 'Tiers')).id;
    // The weaker spellings are repeated, so a rank by frequency alone would put them first.
    await doc('hassan', 'Hassan was moved. Hassan wrote to Hassan and to Hassan Karimi.');
    await doc('hosein', 'Hosein was moved. Hosein wrote a letter.');
    await doc('hossein', 'A letter signed by Hossein.');
    await doc('typo', 'Pourmohammazi Pourmohammazi Pourmohammazi Pourmohammazi was named.');
    await doc('skeleton', 'Pirmohammadi Pirmohammadi Pirmohammadi was named.');
    await doc('spelling', 'Poormohammadi Poormohammadi was named.');
    await doc('exact', 'Pourmohammadi was named once in a long sentence about the transfer of prisoners.');
    await doc('lajevardi', 'گزارشی از دادستانی: لاجوردی دستور انتقال داد.', 'fa');
    await doc('hassanFa', 'نامه‌ای از حسن به خانواده.', 'fa');
  }, 120_000);
  afterAll(async () => t.cleanup());

  it('ranks Hossein spelled as typed, then in another spelling, before Hassan (the same skeleton)', async () => {
    const found = await order('Hossein');
    expect(found.slice(0, 2)).toEqual(['hossein', 'hosein']);
    // Hassan in either script shares only the skeleton: found, after every Hossein.
    expect(found.slice(2).sort()).toEqual(['hassan', 'hassanFa']);
  });

  it('ranks the exact spelling, another spelling, the same skeleton, then a typo', async () => {
    expect(await order('Pourmohammadi')).toEqual(['exact', 'spelling', 'skeleton', 'typo']);
  });

  it.each([
    ['لاجودی', 'a letter missing'],
    ['لاجوردنی', 'a letter added'],
    ['لاجوزدی', 'a letter mistyped'],
    ['لاجوردي', 'Arabic yeh'],
  ])('finds a long Persian-script word written %s (%s)', async (q) => {
    expect(await order(q)).toEqual(['lajevardi']);
  });

  it('takes the parts of a compound in their order only, in every tier', async () => {
    await doc('inOrder', 'A note by Bahram Zanjani on the transfer.');
    await doc('joined', 'A note by Bahramzanjani on the transfer.');
    await doc('reversed', 'Zanjani wrote a note about Bahram.');
    expect((await order('Bahram-Zanjani')).sort()).toEqual(['inOrder', 'joined']);
  });

  it('counts every tier when the ladder runs to the end', async () => {
    const result = await searchCases(t.ctx, SYSTEM, { q: 'Pourmohammadi ', caseId, kinds: ['document'] });
    expect(result.total).toBe(4);
  });

  it('stops at a tier that fills the ranked window, and still counts and pages past it', async () => {
    // More documents as spelled than PostgreSQL ranks at once (100): the weaker spelling is read only for
    // the pages past them, and the total counts both.
    const many = (await makeCase(t.ctx, 'internal', 'Many')).id;
    const weaker = new Set<string>();
    for (let i = 0; i < 104; i++) {
      const fileId = randomUUID();
      if (i % 50 === 7) weaker.add(fileId);
      await indexDocument(t.store.db, t.store.dialect, {
        caseId: many,
        sensitivity: 'internal',
        sourceId: null,
        fileId,
        title: `Letter ${i}`,
        fileName: null,
        text: `A letter signed by ${i % 50 === 7 ? 'Hosein' : 'Hossein'}, number ${i}.`,
        language: 'en',
        dateStart: null,
        dateEnd: null,
      });
    }
    const page = (offset: number) =>
      searchCases(t.ctx, SYSTEM, { q: 'Hossein ', caseId: many, kinds: ['document'], limit: 20, offset });
    const first = await page(0);
    expect(first.total).toBe(104);
    expect(first.hits.filter((h) => weaker.has(h.recordId ?? ''))).toEqual([]);
    const last = await page(100);
    expect(last.total).toBe(104);
    expect(
      last.hits
        .map((h) => h.recordId)
        .slice(-2)
        .sort(),
    ).toEqual([...weaker].sort());
    const all = new Set<string>();
    for (let offset = 0; offset < 104; offset += 20)
      for (const hit of (await page(offset)).hits) all.add(hit.recordId ?? '');
    expect(all.size).toBe(104);
  }, 120_000);

  /** A document of `parts` parts, each naming `name`, indexed as extraction does (one entry per part). */
  async function longDocument(caseOf: string, name: string, parts: number): Promise<string> {
    const fileId = randomUUID();
    const [template] = documentEntries({
      caseId: caseOf,
      sensitivity: 'internal',
      sourceId: null,
      fileId,
      title: `Register ${parts}`,
      fileName: null,
      text: 'x',
      language: 'en',
      dateStart: null,
      dateEnd: null,
    }).entries;
    const entries = Array.from({ length: parts }, (_, i) => ({
      ...template!,
      id: `document:${fileId}:${i}`,
      text: `Page ${i} of the register names ${name} among the prisoners moved that week.`,
      part: { index: i, page: null, start: i * 100 },
    }));
    await searchIndexFor(t.store.dialect).upsert(t.store.db, entries);
    return fileId;
  }

  it('reads a tier whole when its documents have so many parts that a page of them holds few', async () => {
    // PostgreSQL stops reading a tier's document parts at four times the window (400 rows for a first page):
    // 400 parts of four registers fill it, and the letter after them is as spelled too. Read in part, it
    // would fall to the weaker spellings' tier and rank after letters titled "Hosein".
    const parts = (await makeCase(t.ctx, 'internal', 'Registers')).id;
    const exact: string[] = [];
    for (let i = 0; i < 4; i++) exact.push(await longDocument(parts, 'Hossein', 100));
    const letter = async (title: string, text: string) => {
      const fileId = randomUUID();
      await indexDocument(t.store.db, t.store.dialect, {
        caseId: parts,
        sensitivity: 'internal',
        sourceId: null,
        fileId,
        title,
        fileName: null,
        text,
        language: 'en',
        dateStart: null,
        dateEnd: null,
      });
      return fileId;
    };
    exact.push(await letter('Letter', 'A letter signed by Hossein.'));
    // Their titles weigh more in the rank than a word of the text: only the tier puts them after the letter.
    const weaker = [
      await letter('Hosein', 'Hosein, Hosein, Hosein: a letter from Hosein.'),
      await letter('Hosein', 'Hosein Hosein.'),
    ];
    const result = await searchCases(t.ctx, SYSTEM, { q: 'Hossein ', caseId: parts, kinds: ['document'] });
    expect(result.total).toBe(7);
    const found = result.hits.map((h) => h.recordId ?? '');
    expect(found.slice(0, 5).sort()).toEqual([...exact].sort());
    expect(found.slice(5).sort()).toEqual([...weaker].sort());
    // The tier is the score's whole part (PostgreSQL) or its thousands (SQLite): every register and the
    // letter in the first, not the letter ranked by chance above the weaker spellings in theirs.
    const tier = (score: number) => (dialect === 'postgres' ? Math.floor(score) : Math.round(score / 1000));
    const tiers = result.hits.map((h) => tier(h.score));
    expect(new Set(tiers.slice(0, 5)).size).toBe(1);
    expect(tiers[5]).toBeLessThan(tiers[0]!);
  }, 120_000);

  it('counts a tier it read only in part', async () => {
    // 101 documents of four parts each: more parts than the tier's reading limit, more documents than the
    // window; the total is then counted on its own, and counts documents, not parts.
    const many = (await makeCase(t.ctx, 'internal', 'Parts')).id;
    for (let i = 0; i < 101; i++) await longDocument(many, 'Hossein', 4);
    const weaker = await longDocument(many, 'Hosein', 1);
    const page = (offset: number) =>
      searchCases(t.ctx, SYSTEM, { q: 'Hossein ', caseId: many, kinds: ['document'], limit: 20, offset });
    expect((await page(0)).total).toBe(102);
    const last = await page(100);
    expect(last.total).toBe(102);
    expect(last.hits.map((h) => h.recordId)).toEqual([expect.any(String), weaker]);
    // A phrase has no weaker tier: its one step is the whole match, whose groups it could not count.
    const phrase = await searchCases(t.ctx, SYSTEM, {
      q: '"the register names Hossein"',
      caseId: many,
      kinds: ['document'],
      limit: 20,
      offset: 0,
    });
    expect(phrase.total).toBe(101);
  }, 120_000);

  it('does not take a short Persian word for another one letter away', async () => {
    expect(await order('حسین')).not.toContain('hassanFa');
  });
});
