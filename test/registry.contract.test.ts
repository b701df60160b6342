import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import writeXlsxFile from 'write-excel-file/node';
import { ValidationError } from '../src/domain/errors.js';
import { correctListCell, listImportReport } from '../src/services/list-corrections.js';
import {
  assignClusters,
  importList,
  listVictimLists,
  loadRegistryRows,
  registryCaptureTable,
  registryCaptureTables,
  type ListImportRequest,
} from '../src/services/registry.js';
import { verifyLedger } from '../src/services/verify.js';
import { makeCase, makeMember, SYSTEM } from './factories.js';
import { oversizedWorkbook } from './list-bombs.js';
import { buildTestApp, loginCookie, type TestApp } from './http.js';
import { createTestStore, DIALECTS, type TestStore } from './stores.js';

const GOOD = [
  'id,name,father,born,prison,executed,notes',
  '1,حسین رضایی,علی,1340,Evin,8 Mordad 1367,"said ""goodbye"", then left"',
  '2,Hossein Rezaei,Ali,1961,Evin,1988-07-30,',
  '3,Maryam Karimi,,۱۳۴۵,Gohardasht,Mordad 1367,',
].join('\n');

const request = (csv: string, overrides: Partial<ListImportRequest> = {}): ListImportRequest => ({
  name: 'List A',
  reliability: 'medium',
  sensitivity: 'internal',
  fileName: 'a.csv',
  bytes: Buffer.from(csv, 'utf8'),
  format: 'csv',
  idColumn: 'id',
  mapping: {
    name: 'full_name',
    father: 'father_name',
    born: 'birth_year',
    prison: 'place_of_detention',
    executed: 'date_of_death',
  },
  ...overrides,
});

async function problemsOf(promise: Promise<unknown>): Promise<string[]> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ValidationError) return error.problems.map((p) => `${p.field}: ${p.message}`);
    throw error;
  }
  throw new Error('expected a validation error');
}

describe.each(DIALECTS)('victim registry (%s)', (dialect) => {
  let t: TestStore;
  let caseId: string;

  beforeAll(async () => {
    t = await createTestStore(dialect);
    caseId = (await makeCase(t.ctx)).id;
  }, 60_000);
  afterAll(async () => t.cleanup());

  it('imports a list keeping raw cells beside normalised fields in both calendars', async () => {
    const result = await importList(t.ctx, SYSTEM, caseId, request(GOOD));
    expect(result.rows).toBe(3);
    const rows = await loadRegistryRows(t.ctx, SYSTEM, caseId);
    const first = rows.find((r) => r.recordKey === '1')!;
    expect(first.record.raw).toMatchObject({
      name: 'حسین رضایی',
      born: '1340',
      notes: 'said "goodbye", then left',
    });
    expect(first.fields).toMatchObject({
      fullName: 'حسین رضایی',
      fatherName: 'علی',
      script: 'persian',
      placeOfDetention: 'Evin',
    });
    // 1340 SH and 1961 overlap: 1961-03-21..1962-03-20 against 1961-01-01..1961-12-31.
    expect(first.fields.birth).toMatchObject({
      calendar: 'solar_hijri',
      start: '1961-03-21',
      end: '1962-03-20',
    });
    expect(first.fields.death).toMatchObject({ start: '1988-07-30', end: '1988-07-30' });
    const third = rows.find((r) => r.recordKey === '3')!;
    expect(third.fields.birth).toMatchObject({ start: '1966-03-21' });
    const [list] = await listVictimLists(t.ctx, SYSTEM, caseId);
    expect(list).toMatchObject({ name: 'List A', rowCount: 3, fileName: 'a.csv' });
    expect(list!.fileSha256).toMatch(/^[0-9a-f]{64}$/);
    expect((await verifyLedger(t.ctx)).problems).toEqual([]);
  });

  it('refuses unreadable files, duplicate columns, unknown fields and a second list of the same name', async () => {
    const latin1 = Buffer.from('id,name\n1,Jos\xe9\n', 'latin1');
    expect(
      await problemsOf(
        importList(
          t.ctx,
          SYSTEM,
          caseId,
          request('', { bytes: latin1, name: 'X', mapping: { name: 'full_name' } }),
        ),
      ),
    ).toEqual([expect.stringMatching(/line 2, byte 14.*not UTF-8/)]);
    expect(
      await problemsOf(importList(t.ctx, SYSTEM, caseId, request('id,name,name\n1,a,b', { name: 'X' }))),
    ).toEqual([expect.stringMatching(/columns 2 and 3.*both are named "name"/)]);
    expect(
      await problemsOf(
        importList(
          t.ctx,
          SYSTEM,
          caseId,
          request(GOOD, { name: 'X', mapping: { name: 'nom', nope: 'city' } }),
        ),
      ),
    ).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^map name: unknown field "nom"/),
        expect.stringMatching(/^map nope: no column "nope"/),
      ]),
    );
    expect(await problemsOf(importList(t.ctx, SYSTEM, caseId, request(GOOD)))).toEqual([
      expect.stringMatching(/^name: the case already has a list named "List A"/),
    ]);
  });

  it('reads JSON lists and previews without writing on a dry run', async () => {
    const json = JSON.stringify([{ id: 'p1', name: 'Reza Ahmadi', sex: 'm', age: 27 }]);
    const dry = await importList(t.ctx, SYSTEM, caseId, {
      ...request(json, {
        name: 'List J',
        format: 'json',
        fileName: 'j.json',
        mapping: { name: 'full_name', sex: 'sex', age: 'age' },
      }),
      dryRun: true,
    });
    expect(dry.list).toBeNull();
    expect(dry.preview[0]!.fields).toMatchObject({
      fullName: 'Reza Ahmadi',
      sex: 'male',
      age: 27,
      script: 'latin',
    });
    expect((await listVictimLists(t.ctx, SYSTEM, caseId)).map((l) => l.name)).toEqual(['List A']);
  });

  it('reads XLSX workbooks: text, numbers and date cells, with bad cells named by row and column', async () => {
    const sheet = [
      ['id', 'name', 'born', 'executed'],
      ['x1', 'زهرا صادقی', 1344, new Date(Date.UTC(1988, 6, 30))],
      ['x2', 'Vahid Khalili', 1960, null],
    ].map((row) =>
      row.map((value) =>
        value === null ? null : value instanceof Date ? { value, format: 'yyyy-mm-dd' } : { value },
      ),
    );
    const bytes = await writeXlsxFile(sheet).toBuffer();
    const xlsx = (overrides: Partial<ListImportRequest>) =>
      request('', {
        name: 'List X',
        format: 'xlsx',
        fileName: 'x.xlsx',
        bytes,
        mapping: { name: 'full_name', born: 'birth_year', executed: 'date_of_death' },
        ...overrides,
      });
    const result = await importList(t.ctx, SYSTEM, caseId, { ...xlsx({}), dryRun: true });
    expect(
      result.preview.map((p) => [p.key, p.fields.fullName, p.fields.birth?.start, p.fields.death?.start]),
    ).toEqual([
      ['x1', 'زهرا صادقی', '1965-03-21', '1988-07-30'],
      ['x2', 'Vahid Khalili', '1960-01-01', undefined],
    ]);
    const wrong = await writeXlsxFile([
      [{ value: 'id' }, { value: 'name' }, { value: 'born' }],
      [{ value: 'x1' }, { value: 'Ali' }, { value: 'soon' }],
    ]).toBuffer();
    // A bad cell does not refuse the workbook: it is flagged, named by row and column.
    const flagged = await importList(t.ctx, SYSTEM, caseId, {
      ...xlsx({ bytes: wrong, mapping: { name: 'full_name', born: 'birth_year' } }),
      dryRun: true,
    });
    expect(flagged.report.flags).toEqual([
      expect.objectContaining({ row: 2, column: 'born', code: 'year_unreadable', raw: 'soon' }),
    ]);
    expect(
      await problemsOf(
        importList(t.ctx, SYSTEM, caseId, xlsx({ bytes: Buffer.from('PK not really a workbook') })),
      ),
    ).toEqual([expect.stringMatching(/^file x\.xlsx, file: not a readable XLSX workbook/)]);
  });

  it('gives capture histories once every row is linked', async () => {
    await importList(
      t.ctx,
      SYSTEM,
      caseId,
      request('id,name\nb1,Hossein Rezaei\nb2,Reza Ahmadi', {
        name: 'List B',
        mapping: { name: 'full_name' },
      }),
    );
    await importList(
      t.ctx,
      SYSTEM,
      caseId,
      request('id,name\nc1,Hosein Rezaie', { name: 'List C', mapping: { name: 'full_name' } }),
    );
    await expect(registryCaptureTable(t.ctx, SYSTEM, caseId)).rejects.toThrow(/not linked yet/);
    const rows = await loadRegistryRows(t.ctx, SYSTEM, caseId);
    const clusterOf = new Map(
      rows.map((r) => [
        r.id,
        /re[sz]a.?i|رضایی/i.test(r.fields.fullName) && !/Reza /.test(r.fields.fullName)
          ? 'hossein'
          : r.fields.fullName,
      ]),
    );
    expect((await assignClusters(t.ctx, SYSTEM, caseId, rows, clusterOf)).changed).toBe(6);
    const table = await registryCaptureTable(t.ctx, SYSTEM, caseId);
    expect(table.lists).toEqual(['List A', 'List B', 'List C']);
    // Hossein is on all three lists; Maryam only on A; Reza Ahmadi only on B.
    const count = (bits: string) => table.freq[parseInt(bits, 2) - 1];
    expect(count('111')).toBe(1);
    expect(count('100')).toBe(1);
    expect(count('010')).toBe(1);
    expect(table.freq.reduce((a, b) => a + b, 0)).toBe(3);
    expect((await verifyLedger(t.ctx)).problems).toEqual([]);
    await expect(registryCaptureTable(t.ctx, SYSTEM, caseId, ['List A', 'List Z', 'List C'])).rejects.toThrow(
      /no list "List Z"/,
    );
  });

  it('leaves a row with no name out of the capture histories and counts it apart, instead of as one more person', async () => {
    await importList(
      t.ctx,
      SYSTEM,
      caseId,
      request('id,name,prison\nd1,,Evin\nd2,Maryam Karimi,Gohardasht', {
        name: 'List D',
        mapping: { name: 'full_name', prison: 'place_of_detention' },
      }),
    );
    const rows = await loadRegistryRows(t.ctx, SYSTEM, caseId);
    const added = rows.filter((r) => r.cluster === null);
    expect(added.map((r) => r.fields.fullName).sort()).toEqual(['', 'Maryam Karimi']);
    // The nameless row is a group of its own; Maryam Karimi of list D is the one of list A.
    const clusterOf = new Map(added.map((r) => [r.id, r.fields.fullName || `nameless ${r.recordKey}`]));
    await assignClusters(t.ctx, SYSTEM, caseId, rows, clusterOf);
    const { tables, nameless } = await registryCaptureTables(t.ctx, SYSTEM, caseId);
    expect(nameless).toBe(1);
    const table = tables.get('')!;
    const count = (bits: string) => table.freq[parseInt(bits, 2) - 1];
    expect(count('1001')).toBe(1);
    expect(count('0001')).toBe(0);
    expect(table.freq.reduce((a, b) => a + b, 0)).toBe(3);
  });
});

describe.each(DIALECTS)('list import that keeps a list whole (%s)', (dialect) => {
  let t: TestStore;
  let caseId: string;

  beforeAll(async () => {
    t = await createTestStore(dialect);
    caseId = (await makeCase(t.ctx)).id;
  }, 60_000);
  afterAll(async () => t.cleanup());

  it('keeps a list whole: every bad cell kept as written, flagged, reported and left out of the fields', async () => {
    const bad = [
      'id,name,father,born,prison,executed,notes',
      '1,حسین Rezaei,علی,1340,Evin,8 Mordad 1367,',
      '2,Hossein Rezaei,Ali,19x1,Evin,1988-07-30,',
      '3,,,1345,Gohardasht,30 Esfand 1367,',
      '4,Hushang Salehi (هوشنگ صالحی),,1961,Evin,21/08/1988,',
      '5,Ali Re2aei,,1450,Evin,1949-00-13,',
      ',"Kamali, Bizhan",,1330,Evin,,',
    ].join('\n');
    const result = await importList(
      t.ctx,
      SYSTEM,
      caseId,
      request(bad, { name: 'List B', today: '2026-01-01' }),
    );
    expect(result.rows).toBe(6);
    const flags = result.report.flags.map((f) => `row ${f.row}, column "${f.column}": ${f.code}`);
    expect(flags).toEqual([
      'row 2, column "name": name_mixed_script',
      'row 3, column "born": year_unreadable',
      'row 4, column "name": name_missing',
      'row 4, column "executed": date_impossible_day',
      'row 5, column "name": mixed_script_split',
      'row 6, column "name": name_has_digit',
      'row 6, column "born": date_implausible_year',
      'row 6, column "executed": date_impossible_month',
      'row 7, column "id": id_missing',
    ]);
    expect(result.report.flaggedRows).toBe(6);
    expect(result.report.inferences).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ column: 'born', code: 'calendar_per_cell' }),
        expect.objectContaining({ column: 'executed', code: 'date_order_inferred' }),
        expect.objectContaining({ column: 'name', code: 'names_split' }),
      ]),
    );
    const rows = (await loadRegistryRows(t.ctx, SYSTEM, caseId)).filter((r) => r.listId === result.list!.id);
    const byKey = new Map(rows.map((r) => [r.recordKey, r]));
    // Kept exactly as written, flagged with the cell as written, and the field left empty or at its certain part.
    expect(byKey.get('1')!.record.raw).toMatchObject({ name: 'حسین Rezaei' });
    expect(byKey.get('1')!.fields).toMatchObject({ fullName: '', fatherName: 'علی' });
    expect(byKey.get('1')!.fields.flags[0]).toMatchObject({ raw: 'حسین Rezaei', field: 'full_name' });
    expect(byKey.get('2')!.fields.birth).toBeNull();
    expect(byKey.get('3')!.fields.death).toMatchObject({ precision: 'month', calendar: 'solar_hijri' });
    expect(byKey.get('4')!.fields).toMatchObject({
      fullName: 'Hushang Salehi',
      nameVariants: ['هوشنگ صالحی'],
      death: { start: '1988-08-21' },
    });
    // 1450 is not read as Solar Hijri (2071): it is flagged, never guessed.
    expect(byKey.get('5')!.fields).toMatchObject({
      birth: null,
      death: { precision: 'year', start: '1949-01-01' },
    });
    expect(byKey.get('row-7')!.fields).toMatchObject({ givenName: 'Bizhan', surname: 'Kamali' });
    expect((await verifyLedger(t.ctx)).problems).toEqual([]);
  });

  it('reads month-first, compact and two-digit dates, extra typed columns, ages and titles, and reports each inference', async () => {
    const csv = [
      'id,name,born,died,age,postcode,arrested',
      'm1,Seyyed Gholam Hossein Salehi / سید غلامحسین صالحی,08/21/1950,1367/05/08,38,1234,1987-03-01',
      'm2,"Karimi, Maryam Sadat",19551111,1367/05/30,,9876,01/02/88',
      'm3,Haj Ali Akbar Pour Ahmadi,12/25/1960,1405/01/01,27,,',
      'm4,Reza Ahmadi,01/02/2030,,,,',
    ].join('\n');
    const result = await importList(
      t.ctx,
      SYSTEM,
      caseId,
      request(csv, {
        name: 'Many rules',
        today: '2026-01-01',
        mapping: {
          name: 'full_name',
          born: 'birth_date',
          died: 'date_of_death',
          age: 'age',
          postcode: 'postcode:postcode',
          arrested: 'date:arrest_date',
        },
      }),
    );
    const rows = (await loadRegistryRows(t.ctx, SYSTEM, caseId)).filter((r) => r.listId === result.list!.id);
    const f = (key: string) => rows.find((r) => r.recordKey === key)!.fields;
    expect(f('m1')).toMatchObject({
      fullName: 'Gholam Hossein Salehi',
      givenName: 'Gholam Hossein',
      surname: 'Salehi',
      titles: ['Seyyed', 'سید'],
      nameVariants: ['غلامحسین صالحی'],
      birth: { start: '1950-08-21' },
      death: { calendar: 'solar_hijri', start: '1988-07-30' },
      birthYears: { from: 1950, to: 1950 },
    });
    expect(f('m1').extras).toEqual([
      { field: 'postcode', type: 'postcode', value: '1234' },
      {
        field: 'arrest_date',
        type: 'date',
        value: '1987-03-01',
        date: expect.objectContaining({ start: '1987-03-01' }),
      },
    ]);
    expect(f('m2')).toMatchObject({
      givenName: 'Maryam Sadat',
      surname: 'Karimi',
      birth: { start: '1955-11-11' },
    });
    // A two-digit year read in its column's calendar; the column shows no order of day and month (each column
    // is read by its own evidence), so only the year is kept, flagged.
    expect(f('m2').extras[1]).toMatchObject({ date: { precision: 'year', start: '1988-01-01' } });
    expect(f('m2').flags.map((x) => x.code)).toEqual(['date_ambiguous_order']);
    // 1405 SH is in the future (2026-03-21); a birth in 2030 is after the events and in the future.
    expect(f('m3')).toMatchObject({
      titles: ['Haj'],
      givenName: 'Ali Akbar',
      surname: 'Pour Ahmadi',
      death: null,
    });
    expect(f('m3').flags.map((x) => x.code)).toEqual(['date_future']);
    expect(f('m3').birthYears).toEqual({ from: 1960, to: 1960 });
    expect(f('m4').birth).toBeNull();
    expect(f('m4').flags.map((x) => x.code)).toEqual(['date_future']);
    expect(result.report.inferences.map((i) => `${i.column}:${i.code}:${i.value ?? ''}`)).toEqual(
      expect.arrayContaining([
        'born:date_order_inferred:mdy',
        'born:calendar_inferred:gregorian',
        'died:calendar_inferred:solar_hijri',
        'arrested:two_digit_year:gregorian',
        'name:names_split:',
      ]),
    );
  });

  it('refuses only what makes a file unreadable as a list: duplicate ids, a missing id column, no rows', async () => {
    const before = (await loadRegistryRows(t.ctx, SYSTEM, caseId)).length;
    const twice = 'id,name\n3,Maryam Karimi\n3,Ali Ahmadi';
    expect(
      await problemsOf(
        importList(t.ctx, SYSTEM, caseId, request(twice, { name: 'D', mapping: { name: 'full_name' } })),
      ),
    ).toEqual([expect.stringMatching(/^row 3, column "id": id "3" is already used on row 2/)]);
    expect(
      await problemsOf(
        importList(
          t.ctx,
          SYSTEM,
          caseId,
          request(twice, { name: 'D', idColumn: 'nr', mapping: { name: 'full_name' } }),
        ),
      ),
    ).toEqual([expect.stringMatching(/^id-column: no column "nr"/)]);
    expect(
      await problemsOf(
        importList(t.ctx, SYSTEM, caseId, request('id,name', { name: 'D', mapping: { name: 'full_name' } })),
      ),
    ).toEqual([expect.stringMatching(/the list has no rows/)]);
    expect((await loadRegistryRows(t.ctx, SYSTEM, caseId)).length).toBe(before);
  });

  it('imports the same file the same way twice: same rows, same fields', async () => {
    const csv =
      'id,name,born,age\nk1,"Kamali, Bizhan",21/08/1960,\nk2,Seyyed Mohammad Reza Tabrizy,05/07/1961,27\n';
    const once = await importList(
      t.ctx,
      SYSTEM,
      caseId,
      request(csv, {
        name: 'Twice 1',
        mapping: { name: 'full_name', born: 'birth_date', age: 'age' },
        today: '2026-01-01',
      }),
    );
    const again = await importList(
      t.ctx,
      SYSTEM,
      caseId,
      request(csv, {
        name: 'Twice 2',
        mapping: { name: 'full_name', born: 'birth_date', age: 'age' },
        today: '2026-01-01',
      }),
    );
    const rows = await loadRegistryRows(t.ctx, SYSTEM, caseId);
    const of = (listId: string) =>
      rows
        .filter((r) => r.listId === listId)
        .sort((a, b) => a.recordKey.localeCompare(b.recordKey))
        .map((r) => [r.recordKey, r.record.rowNumber, r.record.raw, r.fields]);
    expect(of(again.list!.id)).toEqual(of(once.list!.id));
    expect(once.report).toEqual(again.report);
    expect(of(once.list!.id)[1]![3]).toMatchObject({
      givenName: 'Mohammad Reza',
      surname: 'Tabrizy',
      titles: ['Seyyed'],
      birth: { start: '1961-07-05' },
    });
  });

  it('corrects a flagged cell later: raw kept, the row read again as its column was, the correction audited', async () => {
    const csv = 'id,name,died\nc1,Ali Re2aei,21/08/1988\nc2,Reza Ahmadi,05/07/1988\n';
    const imported = await importList(
      t.ctx,
      SYSTEM,
      caseId,
      request(csv, { name: 'Corrected', mapping: { name: 'full_name', died: 'date_of_death' } }),
    );
    const report = await listImportReport(t.ctx, SYSTEM, caseId, imported.list!.id);
    expect(report.rows.map((r) => [r.key, r.flags.map((f) => f.code)])).toEqual([['c1', ['name_has_digit']]]);
    const target = report.rows[0]!;
    const corrected = await correctListCell(t.ctx, SYSTEM, caseId, target.id, {
      column: 'name',
      value: 'Ali Rezaei',
      note: 'OCR: 2 for z',
    });
    expect(corrected.fields).toMatchObject({
      fullName: 'Ali Rezaei',
      givenName: 'Ali',
      surname: 'Rezaei',
      flags: [],
    });
    expect(corrected.fields.corrections).toEqual([
      expect.objectContaining({
        column: 'name',
        value: 'Ali Rezaei',
        previous: 'Ali Re2aei',
        note: 'OCR: 2 for z',
      }),
    ]);
    // The date column stays day first, as inferred at import, though the row alone could not show it.
    const dated = await correctListCell(t.ctx, SYSTEM, caseId, target.id, {
      column: 'died',
      value: '05/07/1988',
    });
    expect(dated.fields.death).toMatchObject({ start: '1988-07-05' });
    const row = (await loadRegistryRows(t.ctx, SYSTEM, caseId)).find((r) => r.id === target.id)!;
    expect(row.record.raw).toEqual({ id: 'c1', name: 'Ali Re2aei', died: '21/08/1988' });
    const after = await listImportReport(t.ctx, SYSTEM, caseId, imported.list!.id);
    expect(after.rows[0]!.corrections.map((c) => c.column)).toEqual(['name', 'died']);
    await expect(
      correctListCell(t.ctx, SYSTEM, caseId, target.id, { column: 'nope', value: 'x' }),
    ).rejects.toThrow(/no column "nope"/);
    await expect(
      correctListCell(t.ctx, SYSTEM, caseId, target.id, { column: 'id', value: 'x' }),
    ).rejects.toThrow(/id column/);
    expect((await verifyLedger(t.ctx)).problems).toEqual([]);
  });
});

describe.each(DIALECTS)('victim registry over HTTP (%s)', (dialect) => {
  let t: TestStore;
  let app: TestApp;
  let caseId: string;
  const cookies: Record<string, string> = {};
  const body = (overrides: Record<string, unknown> = {}) => ({
    name: 'List H',
    fileName: 'h.csv',
    format: 'csv',
    content: Buffer.from(GOOD, 'utf8').toString('base64'),
    idColumn: 'id',
    mapping: { name: 'full_name', born: 'birth_year' },
    ...overrides,
  });

  beforeAll(async () => {
    t = await createTestStore(dialect);
    app = await buildTestApp(t.ctx);
    caseId = (await makeCase(t.ctx)).id;
    for (const role of ['investigator', 'analyst', 'viewer'] as const) {
      await makeMember(t.ctx, caseId, role, role);
      cookies[role] = await loginCookie(app, role);
    }
  }, 60_000);
  afterAll(async () => {
    await app.close();
    await t.cleanup();
  });

  const post = (url: string, payload: unknown, role?: string) =>
    app.inject({
      method: 'POST',
      url,
      payload: payload as object,
      headers: role ? { cookie: cookies[role]! } : {},
    });

  it('inspects, checks and imports a list for an investigator only', async () => {
    const inspected = await post(
      `/api/cases/${caseId}/lists/inspect`,
      { fileName: 'h.csv', format: 'csv', content: body().content },
      'investigator',
    );
    expect(inspected.statusCode, inspected.body).toBe(200);
    expect(inspected.json()).toMatchObject({
      columns: ['id', 'name', 'father', 'born', 'prison', 'executed', 'notes'],
      rows: 3,
    });
    const dry = await post(`/api/cases/${caseId}/lists`, body({ dryRun: true }), 'investigator');
    expect(dry.statusCode, dry.body).toBe(200);
    expect((dry.json() as { list: unknown }).list).toBeNull();
    for (const role of ['analyst', 'viewer'])
      expect((await post(`/api/cases/${caseId}/lists`, body(), role)).statusCode).toBe(403);
    expect((await post(`/api/cases/${caseId}/lists`, body())).statusCode).toBe(404);
    const done = await post(`/api/cases/${caseId}/lists`, body(), 'investigator');
    expect(done.statusCode, done.body).toBe(201);
    const registry = await app.inject({
      url: `/api/cases/${caseId}/registry?q=rezaei`,
      headers: { cookie: cookies.viewer! },
    });
    expect(registry.statusCode).toBe(200);
    expect(registry.json()).toMatchObject({
      total: 1,
      linked: false,
      items: [{ names: ['Hossein Rezaei'], lists: ['List H'] }],
    });
  });

  it('inspects lists only for members who may import, and refuses a workbook bomb by name', async () => {
    const file = { fileName: 'h.csv', format: 'csv', content: body().content };
    const publicCase = (await makeCase(t.ctx, 'public', 'Public case')).id;
    // Anyone may read a public case, but reading an untrusted file is for those who may import into it.
    expect((await post(`/api/cases/${publicCase}/lists/inspect`, file)).statusCode).toBe(403);
    expect((await post(`/api/cases/${caseId}/lists/inspect`, file)).statusCode).toBe(404);
    for (const role of ['analyst', 'viewer'])
      expect((await post(`/api/cases/${caseId}/lists/inspect`, file, role)).statusCode).toBe(403);
    const bomb = await post(
      `/api/cases/${caseId}/lists/inspect`,
      { fileName: 'b.xlsx', format: 'xlsx', content: oversizedWorkbook().toString('base64') },
      'investigator',
    );
    expect(bomb.statusCode).toBe(400);
    expect(bomb.json()).toMatchObject({
      error: {
        fields: [{ field: 'file b.xlsx, file', message: 'the spreadsheet expands to more than 200 MB' }],
      },
    });
  });

  it('names the field of bad input and hides confidential lists from viewers', async () => {
    const bad = await post(
      `/api/cases/${caseId}/lists`,
      body({ content: 'not base64!', name: 'Z' }),
      'investigator',
    );
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('content');
    const cells = await post(
      `/api/cases/${caseId}/lists`,
      body({
        name: 'Z',
        mapping: { name: 'full_name', died: 'date_of_death' },
        content: Buffer.from('id,name,died\n1,Ali,31 Esfand 1367').toString('base64'),
        dryRun: true,
      }),
      'investigator',
    );
    // A bad cell is flagged in the report, by row and column, and does not refuse the list.
    expect(cells.statusCode, cells.body).toBe(200);
    expect((cells.json() as { report: { flags: unknown[] } }).report.flags).toEqual([
      expect.objectContaining({ row: 2, column: 'died', code: 'date_impossible_day', raw: '31 Esfand 1367' }),
    ]);
    const badMap = await post(
      `/api/cases/${caseId}/lists`,
      body({ name: 'Z', mapping: { name: 'full_name', born: 'when:arrest' } }),
      'investigator',
    );
    expect(badMap.statusCode).toBe(400);
    expect(badMap.body).toContain('map born');
    const secret = await post(
      `/api/cases/${caseId}/lists`,
      body({ name: 'Secret list', sensitivity: 'confidential' }),
      'investigator',
    );
    expect(secret.statusCode, secret.body).toBe(201);
    const seen = (role: string) =>
      app
        .inject({ url: `/api/cases/${caseId}/lists`, headers: { cookie: cookies[role]! } })
        .then((r) => (r.json() as { items: Array<{ name: string }> }).items.map((l) => l.name));
    expect(await seen('investigator')).toEqual(['List H', 'Secret list']);
    expect(await seen('viewer')).toEqual(['List H']);
  });

  it('shows the import report of a list and takes corrections from those who may edit people', async () => {
    const created = await post(
      `/api/cases/${caseId}/lists`,
      body({
        name: 'Flagged H',
        mapping: { name: 'full_name', born: 'birth_date' },
        content: Buffer.from('id,name,born\n1,Ali Re2aei,21/08/1960\n2,Reza Ahmadi,1960').toString('base64'),
        dateOrder: 'dmy',
      }),
      'investigator',
    );
    expect(created.statusCode, created.body).toBe(201);
    const listId = (created.json() as { list: { id: string } }).list.id;
    const report = await app.inject({
      url: `/api/cases/${caseId}/lists/${listId}/report`,
      headers: { cookie: cookies.viewer! },
    });
    expect(report.statusCode, report.body).toBe(200);
    const shown = report.json() as {
      inferences: Array<{ code: string }>;
      rows: Array<{ id: string; key: string; flags: Array<{ code: string }> }>;
    };
    expect(shown.inferences.map((i) => i.code)).toContain('date_order_stated');
    expect(shown.rows.map((r) => [r.key, r.flags.map((f) => f.code)])).toEqual([['1', ['name_has_digit']]]);
    const url = `/api/cases/${caseId}/list-records/${shown.rows[0]!.id}/corrections`;
    const fix = { column: 'name', value: 'Ali Rezaei', note: 'OCR' };
    for (const role of ['analyst', 'viewer']) expect((await post(url, fix, role)).statusCode).toBe(403);
    expect((await post(url, { column: 'nope', value: 'x' }, 'investigator')).statusCode).toBe(400);
    const fixed = await post(url, fix, 'investigator');
    expect(fixed.statusCode, fixed.body).toBe(200);
    expect(fixed.json()).toMatchObject({ fields: { fullName: 'Ali Rezaei', flags: [] } });
    const missing = await app.inject({
      url: `/api/cases/${caseId}/lists/00000000-0000-4000-8000-000000000000/report`,
      headers: { cookie: cookies.viewer! },
    });
    expect(missing.statusCode).toBe(404);
  });
});
