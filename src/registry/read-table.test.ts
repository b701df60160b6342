import { describe, expect, it } from 'vitest';
import writeXlsxFile from 'write-excel-file/node';
import {
  deepWorkbook,
  expandingWorkbook,
  laughingWorkbook,
  lyingWorkbook,
  nestedArchiveWorkbook,
  oversizedWorkbook,
  tallWorkbook,
  wideWorkbook,
} from '../../test/list-bombs.js';
import { readTable, TABLE_LIMITS, TableReadError, type ListFormat, type TableLimits } from './read-table.js';
import { runReadTask } from './read-worker.js';

/** The refusal `readTable` gives, as "where: detail". */
async function refusal(
  bytes: Uint8Array,
  format: ListFormat,
  limits?: Partial<TableLimits>,
): Promise<string> {
  try {
    await readTable(bytes, format, { ...TABLE_LIMITS, ...limits });
  } catch (error) {
    if (error instanceof TableReadError) return error.message;
    throw error;
  }
  throw new Error('expected the file to be refused');
}

describe('readTable of untrusted files', () => {
  it('reads a real workbook in its worker', async () => {
    const bytes = await writeXlsxFile([
      [{ value: 'id' }, { value: 'name' }],
      [{ value: 1 }, { value: 'حسین رضایی' }],
    ]).toBuffer();
    expect(await readTable(bytes, 'xlsx')).toEqual({
      header: ['id', 'name'],
      rows: [{ row: 2, cells: ['1', 'حسین رضایی'] }],
    });
  });

  it('refuses a part that expands a thousand times, from the ZIP directory', async () => {
    expect(await refusal(expandingWorkbook(), 'xlsx')).toMatch(
      /^file: "xl\/worksheets\/sheet1.xml" in the workbook expands \d+ times \(to 40 MB\); more than 100 times is refused as a compression bomb$/,
    );
  });

  it('refuses a workbook whose parts add up to more than 200 MB', async () => {
    expect(await refusal(oversizedWorkbook(), 'xlsx')).toBe(
      'file: the spreadsheet expands to more than 200 MB',
    );
  });

  it('refuses a part that inflates beyond the size it declares', async () => {
    expect(await refusal(lyingWorkbook(), 'xlsx')).toBe(
      'file: "xl/worksheets/sheet1.xml" in the workbook expands beyond the 1000 bytes it declares',
    );
  });

  it('refuses deeply nested XML, entity declarations and nested archives', async () => {
    expect(await refusal(deepWorkbook(), 'xlsx')).toBe(
      'file: "xl/worksheets/sheet1.xml" in the workbook is nested more than 64 levels deep',
    );
    expect(await refusal(laughingWorkbook(), 'xlsx')).toBe(
      'file: "xl/worksheets/sheet1.xml" in the workbook declares a DOCTYPE or entities, which spreadsheets never need',
    );
    expect(await refusal(nestedArchiveWorkbook(), 'xlsx')).toBe(
      'file: the workbook contains another archive ("xl/embeddings/inner.zip")',
    );
  });

  it('refuses a sheet claiming a million rows or sixteen thousand columns', async () => {
    expect(await refusal(tallWorkbook(), 'xlsx', { maxRows: 500_000 })).toBe(
      'file: the sheet claims 1048576 rows; at most 500000 rows are read',
    );
    expect(await refusal(wideWorkbook(), 'xlsx')).toBe(
      'file: the sheet claims 16384 columns; at most 1000 are read',
    );
    expect(await refusal(tallWorkbook(), 'xlsx', { maxRows: 2_000_000, maxCells: 1_000_000 })).toBe(
      'file: the sheet spans 1048576 rows by 1 columns; at most 1000000 cells are read',
    );
  });

  it('still refuses the deep sheet, without crashing, when the depth check is lifted', async () => {
    // The spreadsheet reader itself then sees the nesting; whatever it makes of it comes back as a refusal.
    const reply = await runReadTask({
      bytes: deepWorkbook(),
      format: 'xlsx',
      limits: { ...TABLE_LIMITS, maxXmlDepth: Number.MAX_SAFE_INTEGER },
    });
    expect(reply).toMatchObject({ ok: false });
  });

  it('refuses what is not a ZIP archive', async () => {
    expect(await refusal(Buffer.from('id,name\n1,a\n'), 'xlsx')).toBe(
      'file: not a readable XLSX workbook (it is not a ZIP archive)',
    );
  });

  it('bounds CSV rows, columns and cells', async () => {
    const csv = (text: string) => Buffer.from(text, 'utf8');
    expect(await refusal(csv('id\n1\n2\n3\n'), 'csv', { maxRows: 2 })).toBe(
      'file: more than 2 rows; at most 2 are read',
    );
    expect(await refusal(csv('a,b,c\n1,2,3\n'), 'csv', { maxColumns: 2 })).toBe(
      'row 1: 3 columns; at most 2 are read',
    );
    expect(await refusal(csv(`id,notes\n1,${'x'.repeat(50)}\n`), 'csv', { maxCellChars: 10 })).toBe(
      'row 2, column "notes": the cell holds 50 characters; at most 10 are accepted',
    );
  });

  it('bounds JSON depth, items and fields', async () => {
    const json = (value: string) => Buffer.from(value, 'utf8');
    expect(await refusal(json('['.repeat(100_000) + ']'.repeat(100_000)), 'json')).toBe(
      'file: the JSON is nested more than 20 levels deep (expected an array of flat objects)',
    );
    expect(await refusal(json('[{"a":1},{"a":2},{"a":3}]'), 'json', { maxRows: 2 })).toBe(
      'file: 3 items; at most 2 are read',
    );
    expect(await refusal(json('[{"a":1},{"b":2},{"c":3}]'), 'json', { maxColumns: 2 })).toBe(
      'item 3: more than 2 distinct fields; at most 2 are read',
    );
  });

  it('stops a reader that runs past its time or memory', async () => {
    const big = Buffer.from('id,name\n' + '1,abcdefghij\n'.repeat(400_000), 'utf8');
    expect(await refusal(big, 'csv', { timeoutMs: 1 })).toBe(
      'file: reading the file took longer than 0.001 s and was stopped',
    );
    expect(await refusal(big, 'csv', { memoryMb: 8 })).toBe(
      'file: reading the file needed more than 8 MB of memory and was stopped',
    );
  });
});
