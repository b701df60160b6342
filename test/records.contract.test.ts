import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConflictError, NotFoundError, ValidationError } from '../src/domain/errors.js';
import { markPreferred } from '../src/services/claims.js';
import {
  createRecord,
  createRecordsInBatch,
  deleteRecord,
  getRecord,
  listRecords,
  updateRecord,
} from '../src/services/records.js';
import { RESOURCE_SPECS, specForType } from '../src/storage/index.js';
import { makeCase, SYSTEM } from './factories.js';
import { parsedInput, seedRecords } from './samples.js';
import { createTestStore, DIALECTS, type TestStore } from './stores.js';

describe.each(DIALECTS)('record storage contract (%s)', (dialect) => {
  let t: TestStore;
  let caseId: string;
  let refs: Awaited<ReturnType<typeof seedRecords>>;

  beforeAll(async () => {
    t = await createTestStore(dialect);
    caseId = (await makeCase(t.ctx)).id;
    refs = await seedRecords(t.ctx, SYSTEM, caseId);
  });
  afterAll(async () => t.cleanup());

  it.each(RESOURCE_SPECS.map((s) => [s.type, s] as const))(
    'reads back a %s exactly as written',
    async (type, spec) => {
      const read = await getRecord(t.ctx, SYSTEM, spec, caseId, refs[type as keyof typeof refs]);
      const expected = parsedInput(spec.type, refs);
      for (const [field, value] of Object.entries(expected)) expect(read[field], field).toEqual(value);
      expect(spec.recordSchema.safeParse(read).success).toBe(true);
    },
  );

  it('keeps a Solar Hijri date with its Gregorian interval', async () => {
    const event = await getRecord(t.ctx, SYSTEM, specForType('event')!, caseId, refs.event);
    expect(event.date).toMatchObject({
      calendar: 'solar_hijri',
      precision: 'day',
      start: '1988-07-30',
      end: '1988-07-30',
    });
  });

  it('lists with pagination, filters and name search in both scripts', async () => {
    const people = specForType('person')!;
    for (let i = 0; i < 5; i++) {
      await createRecord(t.ctx, SYSTEM, people, caseId, {
        ...parsedInput('person', refs),
        names: [{ text: `Person ${i}`, script: 'latin', kind: 'birth' }],
      });
    }
    const page1 = await listRecords(t.ctx, SYSTEM, people, caseId, { limit: 2, offset: 0 });
    const page2 = await listRecords(t.ctx, SYSTEM, people, caseId, { limit: 2, offset: 2 });
    expect(page1.total).toBe(6);
    expect(page1.items).toHaveLength(2);
    expect(page2.items.map((p) => p.id)).not.toContain(page1.items[0]!.id);
    expect(
      (await listRecords(t.ctx, SYSTEM, people, caseId, { q: 'hossein' })).items.map((p) => p.id),
    ).toEqual([refs.person]);
    expect((await listRecords(t.ctx, SYSTEM, people, caseId, { q: 'رضايي' })).items.map((p) => p.id)).toEqual(
      [refs.person],
    );
    expect((await listRecords(t.ctx, SYSTEM, people, caseId, { q: '50%_' })).total).toBe(0);
    const victims = await listRecords(t.ctx, SYSTEM, specForType('involvement')!, caseId, {
      filters: { role: 'victim', eventId: refs.event },
    });
    expect(victims.items.map((i) => i.id)).toEqual([refs.involvement]);
  });

  it('filters by label inside the query', async () => {
    const places = specForType('place')!;
    await createRecord(t.ctx, SYSTEM, places, caseId, parsedInput('place', refs, 'confidential'));
    const page = await listRecords(t.ctx, SYSTEM, places, caseId, { sensitivity: 'confidential' });
    expect(page.total).toBe(1);
    expect(page.items[0]!.sensitivity).toBe('confidential');
  });

  it('updates a record and keeps what was not patched', async () => {
    const sources = specForType('source')!;
    const updated = await updateRecord(t.ctx, SYSTEM, sources, caseId, refs.source, {
      title: 'Renamed report',
    });
    expect(updated.title).toBe('Renamed report');
    const read = await getRecord(t.ctx, SYSTEM, sources, caseId, refs.source);
    expect(read).toMatchObject({ title: 'Renamed report', authors: ['A. Author'], language: 'en' });
  });

  it('rejects references to records that do not exist or belong to another case, naming the field', async () => {
    const other = await makeCase(t.ctx, 'internal', 'Other case');
    const otherRefs = await seedRecords(t.ctx, SYSTEM, other.id);
    const attempt = createRecord(
      t.ctx,
      SYSTEM,
      specForType('excerpt')!,
      caseId,
      parsedInput('excerpt', { source: otherRefs.source }),
    );
    await expect(attempt).rejects.toBeInstanceOf(ValidationError);
    await expect(attempt).rejects.toMatchObject({ problems: [{ field: 'sourceId' }] });
    const claim = parsedInput('claim', { ...refs, excerpt: '00000000-0000-4000-8000-000000000000' });
    await expect(createRecord(t.ctx, SYSTEM, specForType('claim')!, caseId, claim)).rejects.toMatchObject({
      problems: [{ field: 'evidence.0.excerptId' }],
    });
  });

  it('refuses to delete a record others refer to, and deletes it once free', async () => {
    const places = specForType('place')!;
    await expect(deleteRecord(t.ctx, SYSTEM, places, caseId, refs.place)).rejects.toBeInstanceOf(
      ConflictError,
    );
    const lonely = await createRecord(t.ctx, SYSTEM, places, caseId, parsedInput('place', refs));
    await deleteRecord(t.ctx, SYSTEM, places, caseId, lonely.id);
    await expect(getRecord(t.ctx, SYSTEM, places, caseId, lonely.id)).rejects.toBeInstanceOf(NotFoundError);
  });

  it('writes a failed batch not at all: no record and no ledger entry', async () => {
    const before = await t.raw('select count(*) as n from audit_log');
    const people = await t.raw('select count(*) as n from people');
    const batch = [
      { spec: specForType('person')!, input: parsedInput('person', refs) },
      { spec: specForType('person')!, input: parsedInput('person', refs) },
      {
        spec: specForType('excerpt')!,
        input: parsedInput('excerpt', { source: '00000000-0000-4000-8000-000000000000' }),
      },
    ];
    await expect(createRecordsInBatch(t.ctx, SYSTEM, caseId, batch)).rejects.toBeInstanceOf(ValidationError);
    expect(await t.raw('select count(*) as n from audit_log')).toEqual(before);
    expect(await t.raw('select count(*) as n from people')).toEqual(people);
  });

  it('rolls back every row when the database refuses part of a transaction', async () => {
    const before = await t.raw('select count(*) as n from audit_log');
    const person = parsedInput('person', refs);
    const duplicateId = '11111111-1111-4111-8111-111111111111';
    const batch = [
      { spec: specForType('person')!, input: { ...person, id: duplicateId } },
      { spec: specForType('person')!, input: { ...person, id: duplicateId } },
    ];
    await expect(createRecordsInBatch(t.ctx, SYSTEM, caseId, batch)).rejects.toThrow();
    expect(await t.raw('select count(*) as n from people where id = ?', [duplicateId])).toEqual([
      { n: dialect === 'sqlite' ? 0 : '0' },
    ]);
    expect(await t.raw('select count(*) as n from audit_log')).toEqual(before);
  });

  it('marks one preferred value among competing claims, with a reason', async () => {
    const claims = specForType('claim')!;
    const second = await createRecord(t.ctx, SYSTEM, claims, caseId, {
      ...parsedInput('claim', refs),
      value: { type: 'number', value: 30000, bound: 'exact' },
    });
    await markPreferred(t.ctx, SYSTEM, caseId, refs.claim, true, 'the best documented figure');
    const after = await markPreferred(t.ctx, SYSTEM, caseId, second.id, true, 'a different analyst view');
    expect(after).toMatchObject({ preferred: true, preferredReason: 'a different analyst view' });
    expect(await getRecord(t.ctx, SYSTEM, claims, caseId, refs.claim)).toMatchObject({ preferred: false });
    const all = await listRecords(t.ctx, SYSTEM, claims, caseId, { filters: { property: 'death_toll' } });
    expect(all.total).toBe(2);
  });
});
