import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { linkRegistry } from '../src/services/linkage.js';
import { createRecord } from '../src/services/records.js';
import { importList, loadRegistryRows, promoteRegistry } from '../src/services/registry.js';
import { specForType, type RecordValue } from '../src/storage/index.js';
import { makeCase, SYSTEM } from './factories.js';
import { victimLists } from './samples.js';
import { createTestStore, DIALECTS, type TestStore } from './stores.js';

const MAPPINGS = {
  a: { id: 'id', mapping: { name: 'full_name', father: 'father_name', born: 'birth_year' } },
  b: {
    id: 'ref',
    mapping: { 'full name': 'full_name', father: 'father_name', 'year of birth': 'birth_year' },
  },
  c: { id: 'no', mapping: { name: 'full_name', 'birth year': 'birth_year' } },
} as const;

describe.each(DIALECTS)('promoting the registry into the case, again and again (%s)', (dialect) => {
  let t: TestStore;
  let caseId: string;
  const hand: Record<string, string> = {};

  const importOne = async (key: keyof typeof MAPPINGS) =>
    importList(t.ctx, SYSTEM, caseId, {
      name: `List ${key.toUpperCase()}`,
      reliability: 'unknown',
      sensitivity: 'internal',
      fileName: `${key}.csv`,
      bytes: Buffer.from(victimLists()[key]),
      format: 'csv',
      idColumn: MAPPINGS[key].id,
      mapping: { ...MAPPINGS[key].mapping },
    });
  const record = async (key: string, name: string, fatherName: string | null) => {
    const spec = specForType('person')!;
    const p = await createRecord(
      t.ctx,
      SYSTEM,
      spec,
      caseId,
      spec.createSchema.parse({ names: [{ text: name }], fatherName, sensitivity: 'public' }) as Record<
        string,
        unknown
      >,
    );
    hand[key] = p.id;
  };
  const all = async (type: string): Promise<RecordValue[]> =>
    (
      await t.ctx.records.list(t.ctx.store.db, specForType(type)!, {
        caseId,
        labels: ['public', 'internal', 'confidential', 'protected'],
        filters: {},
        limit: 10_000,
        offset: 0,
      })
    ).items;
  /** The person each list row's claims went to; a row whose claims went to two people fails. */
  const personOfRow = async () => {
    const out = new Map<string, string>();
    for (const c of await all('claim')) {
      const row = (c.qualifiers as Record<string, string>).list_record!;
      const subject = String(c.subjectId);
      expect(out.get(row) ?? subject, `row ${row}`).toBe(subject);
      out.set(row, subject);
    }
    return out;
  };

  beforeAll(async () => {
    t = await createTestStore(dialect);
    caseId = (await makeCase(t.ctx)).id;
    // Recorded by hand before any list came: the same man as the lists' first (spelt otherwise, father in Latin
    // letters where List A writes it in Persian), a woman with another father than the lists give her, and two
    // namesakes no list can be told to belong to.
    await record('hossein', 'Husein Rezaei', 'Ali');
    await record('maryam', 'Maryam Karimi', 'Hassan');
    await record('reza1', 'Reza Ahmadi', null);
    await record('reza2', 'Reza Ahmadi', null);
    await importOne('a');
    await importOne('c');
    await linkRegistry(t.ctx, SYSTEM, caseId, { threads: 0 });
  }, 60_000);
  afterAll(async () => t.cleanup());

  it('updates a person recorded by hand instead of adding them again, and only when one person fits', async () => {
    const clusters = new Set((await loadRegistryRows(t.ctx, SYSTEM, caseId)).map((r) => r.cluster));
    const result = await promoteRegistry(t.ctx, SYSTEM, caseId);
    expect(result).toMatchObject({ updated: 1, matchedByName: 1, alreadyPromoted: 0, joined: [] });
    expect(result.people).toBe(clusters.size - 1);
    const rows = await loadRegistryRows(t.ctx, SYSTEM, caseId);
    const owner = await personOfRow();
    // List A's and List C's rows of Hossein Rezaei are claims about the person recorded by hand.
    for (const key of ['a0', 'c0'])
      expect(owner.get(rows.find((r) => r.recordKey === key)!.id), key).toBe(hand.hossein);
    // Maryam Karimi daughter of Mahmoud is not Maryam Karimi daughter of Hassan; the namesakes stay apart.
    expect(owner.get(rows.find((r) => r.recordKey === 'a1')!.id)).not.toBe(hand.maryam);
    const reza = owner.get(rows.find((r) => r.recordKey === 'a2')!.id);
    expect([hand.reza1, hand.reza2]).not.toContain(reza);
    // The hand-recorded names stay as written; the lists' spellings are claims attributed to them.
    const hossein = (await all('person')).find((p) => p.id === hand.hossein)!;
    expect((hossein.names as Array<{ text: string }>).map((n) => n.text)).toEqual(['Husein Rezaei']);
  });

  it('changes nothing when promoted twice', async () => {
    const people = (await all('person')).length;
    const claims = (await all('claim')).length;
    const clusters = new Set((await loadRegistryRows(t.ctx, SYSTEM, caseId)).map((r) => r.cluster));
    expect(await promoteRegistry(t.ctx, SYSTEM, caseId)).toMatchObject({
      people: 0,
      updated: 0,
      claims: 0,
      alreadyPromoted: clusters.size,
    });
    expect((await all('person')).length).toBe(people);
    expect((await all('claim')).length).toBe(claims);
  });

  it('adds a later list to the people already promoted, whatever the new linkage calls their clusters', async () => {
    const before = await all('person');
    await importOne('b');
    await linkRegistry(t.ctx, SYSTEM, caseId, { threads: 0 });
    const rows = await loadRegistryRows(t.ctx, SYSTEM, caseId);
    const result = await promoteRegistry(t.ctx, SYSTEM, caseId);
    expect(result.joined).toEqual([]);
    // Everyone List B shares with List A (rows 5 to 9) or List C (10, 12, 14) is updated, not added; only
    // rows 11 and 13 are new people.
    expect(result.people).toBe(2);
    expect(result.updated).toBe(8);
    expect((await all('person')).length).toBe(before.length + 2);
    const owner = await personOfRow();
    for (const [b, other] of [5, 6, 7, 8, 9, 10, 12, 14].map((i) => [`b${i}`, i < 10 ? `a${i}` : `c${i}`])) {
      const row = (key: string) => rows.find((r) => r.recordKey === key)!.id;
      expect(owner.get(row(b!)), b).toBe(owner.get(row(other!)));
    }
    expect(await promoteRegistry(t.ctx, SYSTEM, caseId)).toMatchObject({ people: 0, updated: 0, claims: 0 });
  });
});
