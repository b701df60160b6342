import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ValidationError } from '../src/domain/errors.js';
import { correctListCell, listImportReport } from '../src/services/list-corrections.js';
import { importList, loadRegistryRows, type ListImportRequest } from '../src/services/registry.js';
import { makeCase, SYSTEM } from './factories.js';
import { createTestStore, DIALECTS, type TestStore } from './stores.js';

/**
 * Lists as real files are shaped: cells separated by semicolons or tabs (spreadsheets set to a European or
 * Persian locale), rows with a cell too many or too few, rows of separators only, a legacy encoding. None of
 * these refuses a list; what cannot be read in place is kept as written and reported.
 */
const request = (text: string | Buffer, overrides: Partial<ListImportRequest> = {}): ListImportRequest => ({
  name: `List ${Math.random().toString(36).slice(2, 8)}`,
  reliability: 'medium',
  sensitivity: 'internal',
  fileName: 'list.csv',
  bytes: typeof text === 'string' ? Buffer.from(text, 'utf8') : text,
  format: 'csv',
  idColumn: 'no',
  mapping: { name: 'full_name', father: 'father_name', born: 'birth_year' },
  ...overrides,
});

describe.each(DIALECTS)('lists as real files are shaped (%s)', (dialect) => {
  let t: TestStore;
  let caseId: string;

  beforeAll(async () => {
    t = await createTestStore(dialect);
    caseId = (await makeCase(t.ctx)).id;
  }, 60_000);
  afterAll(async () => t.cleanup());

  it('reads cells separated by semicolons or tabs, and says which it found', async () => {
    for (const [separator, name] of [
      [';', 'semicolon'],
      ['\t', 'tab'],
      ['|', 'pipe'],
    ] as const) {
      const csv = [
        ['no', 'name', 'father', 'born'],
        ['1', 'Rezaei, Hossein', 'Ali', '1340'],
        ['2', 'Maryam Karimi', '', '1961'],
      ]
        .map((cells) => cells.join(separator))
        .join('\r\n');
      const result = await importList(t.ctx, SYSTEM, caseId, request(`\uFEFF${csv}\r\n`));
      expect(result.rows, name).toBe(2);
      expect(result.preview.map((p) => [p.fields.givenName, p.fields.surname, p.fields.fatherName])).toEqual([
        ['Hossein', 'Rezaei', 'Ali'],
        ['Maryam', 'Karimi', null],
      ]);
      expect(result.report.inferences).toContainEqual(
        expect.objectContaining({ code: 'delimiter_inferred', value: name, column: '' }),
      );
      expect(result.report.counts).toEqual({});
    }
    // Commas need no word; a semicolon inside a quoted value does not make the file semicolon-separated.
    const commas = await importList(
      t.ctx,
      SYSTEM,
      caseId,
      request('no,"name; as written",father,born\n1,A B,,1340\n', {
        mapping: { 'name; as written': 'full_name' },
      }),
    );
    expect(commas.report.inferences.map((i) => i.code)).not.toContain('delimiter_inferred');
    expect(commas.preview[0]!.fields.fullName).toBe('A B');
  });

  it('keeps a row with a cell too many as written, reads none of it, and reads it where corrected', async () => {
    const csv = [
      'no,name,father,born',
      '1,Hossein Rezaei,Ali,1340',
      // An unquoted comma inside the name: every cell after it is one column to the right.
      '2,Karimi, Maryam,Hasan,1345',
      '3,Reza Ahmadi,Mahmoud,1338,',
    ].join('\n');
    const imported = await importList(t.ctx, SYSTEM, caseId, request(csv));
    expect(imported.rows).toBe(3);
    // A trailing empty cell is a trailing separator: not a problem.
    expect(imported.preview[2]!.fields).toMatchObject({ fullName: 'Reza Ahmadi', flags: [] });
    const shifted = imported.preview[1]!.fields;
    // Nothing of the shifted row is read: not "Maryam" as the father, not "Hasan" as a year.
    expect(shifted).toMatchObject({ fullName: '', fatherName: null, birth: null });
    expect(shifted.flags[0]).toMatchObject({ code: 'row_cells_extra', column: '', raw: '1345' });
    expect(imported.report.counts.row_cells_extra).toBe(1);
    const rows = await loadRegistryRows(t.ctx, SYSTEM, caseId);
    const kept = rows.find((r) => r.listId === imported.list!.id && r.recordKey === '2')!;
    expect(kept.record.raw).toEqual({ no: '2', name: 'Karimi', father: ' Maryam', born: 'Hasan' });
    // Corrected cell by cell: only what someone corrected is read, and the row stays marked.
    const report = await listImportReport(t.ctx, SYSTEM, caseId, imported.list!.id);
    const target = report.rows.find((r) => r.key === '2')!;
    await correctListCell(t.ctx, SYSTEM, caseId, target.id, { column: 'name', value: 'Maryam Karimi' });
    const corrected = await correctListCell(t.ctx, SYSTEM, caseId, target.id, {
      column: 'born',
      value: '1345',
    });
    expect(corrected.fields).toMatchObject({ fullName: 'Maryam Karimi', fatherName: null });
    expect(corrected.fields.birth).toMatchObject({ start: '1966-03-21' });
    expect(corrected.fields.flags.map((f) => f.code)).toContain('row_cells_extra');
  });

  it('reads a row with cells missing at its end, reports it, and skips rows of separators only', async () => {
    const csv = ['no;name;father;born', '1;Zahra Ahmadi', ';;;', '2;Ali Akbari;Hasan;1342', ';;;;'].join(
      '\n',
    );
    const imported = await importList(t.ctx, SYSTEM, caseId, request(csv));
    expect(imported.rows).toBe(2);
    expect(imported.preview.map((p) => p.row)).toEqual([2, 4]);
    expect(imported.preview[0]!.fields).toMatchObject({ fullName: 'Zahra Ahmadi', fatherName: null });
    expect(imported.preview[0]!.fields.flags).toEqual([
      expect.objectContaining({ code: 'row_cells_missing', column: '' }),
    ]);
    expect(imported.report.counts).toEqual({ row_cells_missing: 1 });
  });

  it('reads a file in the encoding stated, refuses one it cannot decode with the way to state it, and never guesses', async () => {
    // Windows-1256 has the Arabic forms of yeh (ي) and kaf (ك), which files made with it hold.
    const csv = 'no,name,father,born\n1,حسين رضايي,علي,1340\n';
    const legacy = iconv.encode(csv, 'windows-1256');
    expect(legacy.includes(0x3f)).toBe(false);
    const refused = await importList(t.ctx, SYSTEM, caseId, request(legacy)).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ValidationError);
    expect((refused as ValidationError).problems[0]!.message).toMatch(/not UTF-8.*--encoding windows-1256/);
    const read = await importList(t.ctx, SYSTEM, caseId, request(legacy, { encoding: 'windows-1256' }));
    // The name is kept as the file holds it (the linkage folds the letter forms).
    expect(read.preview[0]!.fields.fullName).toBe('حسين رضايي');
    expect(read.preview[0]!.fields.fatherName).toBe('علي');
    expect(read.report.inferences).toContainEqual(
      expect.objectContaining({ code: 'encoding_stated', value: 'windows-1256' }),
    );
    const unknown = await importList(t.ctx, SYSTEM, caseId, request(legacy, { encoding: 'klingon' })).catch(
      (e: unknown) => e,
    );
    expect((unknown as ValidationError).problems.map((p) => p.field)).toEqual(['encoding']);
  });
});
