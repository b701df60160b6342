/**
 * Reading an uploaded list into a header and rows of strings: CSV (UTF-8 or UTF-16 with a byte-order mark),
 * JSON (an array of flat objects) and XLSX (the first sheet). Nothing is normalised here; cells come back as
 * written, except that spreadsheet numbers become their decimal text and spreadsheet dates ISO dates.
 */
import { parse } from 'csv-parse/sync';
import { readSheet } from 'read-excel-file/node';

export type ListFormat = 'csv' | 'json' | 'xlsx';

export interface RawTable {
  header: string[];
  /** Rows in file order, numbered as a spreadsheet shows them: the header is row 1 (JSON: item n is row n). */
  rows: Array<{ row: number; cells: string[] }>;
}

/** A file that cannot be read as a table; `where` names the place (line, column or byte). */
export class TableReadError extends Error {
  constructor(
    readonly where: string,
    readonly detail: string,
  ) {
    super(`${where}: ${detail}`);
  }
}

/** Decodes the bytes as UTF-8 (or UTF-16 when a byte-order mark says so); other encodings are refused. */
export function decodeText(bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '');
  } catch {
    const at = firstInvalidUtf8(bytes);
    const line = 1 + bytes.subarray(0, at).filter((b) => b === 0x0a).length;
    throw new TableReadError(
      `line ${line}, byte ${at + 1}`,
      'the file is not UTF-8 text (save it as "CSV UTF-8"; Windows-1256 and other legacy encodings are not guessed)',
    );
  }
}

/** Offset of the first byte that does not belong to a well-formed UTF-8 sequence. */
function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const lead = bytes[i]!;
    const length =
      lead < 0x80
        ? 1
        : lead >= 0xc2 && lead < 0xe0
          ? 2
          : lead >= 0xe0 && lead < 0xf0
            ? 3
            : lead >= 0xf0 && lead < 0xf5
              ? 4
              : 0;
    if (length === 0) return i;
    for (let k = 1; k < length; k++) if (((bytes[i + k] ?? 0) & 0xc0) !== 0x80) return i;
    i += length;
  }
  return i;
}

export async function readTable(bytes: Uint8Array, format: ListFormat): Promise<RawTable> {
  if (format === 'xlsx') return readXlsx(bytes);
  const text = decodeText(bytes);
  return format === 'json' ? readJson(text) : readCsv(text);
}

/** A spreadsheet cell as text: numbers in decimal, dates as YYYY-MM-DD (with the time when there is one). */
function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) {
    const iso = value.toISOString();
    return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso;
  }
  return String(value);
}

async function readXlsx(bytes: Uint8Array): Promise<RawTable> {
  let data: unknown[][];
  try {
    data = (await readSheet(Buffer.from(bytes))) as unknown[][];
  } catch (error) {
    throw new TableReadError('file', `not a readable XLSX workbook (${(error as Error).message})`);
  }
  const [first, ...rest] = data;
  if (!first) throw new TableReadError('row 1', 'the first sheet is empty');
  const header = first.map((h) => cellText(h).trim());
  checkHeader(header);
  const rows = rest
    .map((cells, i) => ({ row: i + 2, cells: header.map((_, c) => cellText(cells[c])) }))
    .filter((r) => r.cells.some((c) => c.trim() !== ''));
  return { header, rows };
}

function checkHeader(header: string[]): void {
  const seen = new Map<string, number>();
  header.forEach((name, i) => {
    if (name === '') throw new TableReadError(`column ${i + 1}`, 'the header cell is empty');
    const earlier = seen.get(name);
    if (earlier !== undefined)
      throw new TableReadError(`columns ${earlier + 1} and ${i + 1}`, `both are named "${name}"`);
    seen.set(name, i);
  });
}

function readCsv(text: string): RawTable {
  let records: string[][];
  try {
    records = parse(text, {
      relax_column_count: true,
      skip_empty_lines: true,
      max_record_size: 1_000_000,
    }) as string[][];
  } catch (error) {
    const e = error as { lines?: number; message: string };
    throw new TableReadError(`line ${e.lines ?? '?'}`, e.message.replace(/^Invalid Record Length: /, ''));
  }
  const [first, ...rest] = records;
  if (!first) throw new TableReadError('line 1', 'the file is empty');
  const header = first.map((h) => h.trim());
  checkHeader(header);
  const rows = rest.map((cells, i) => {
    if (cells.length !== header.length)
      throw new TableReadError(`row ${i + 2}`, `${cells.length} cells, the header has ${header.length}`);
    return { row: i + 2, cells };
  });
  return { header, rows };
}

function readJson(text: string): RawTable {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new TableReadError('file', `not valid JSON (${(error as Error).message})`);
  }
  if (!Array.isArray(data)) throw new TableReadError('file', 'expected an array of objects, one per person');
  const header: string[] = [];
  const known = new Set<string>();
  data.forEach((item, i) => {
    if (typeof item !== 'object' || item === null || Array.isArray(item))
      throw new TableReadError(`item ${i + 1}`, 'expected an object');
    for (const key of Object.keys(item)) {
      if (!known.has(key)) {
        known.add(key);
        header.push(key);
      }
    }
  });
  const rows = (data as Array<Record<string, unknown>>).map((item, i) => ({
    row: i + 1,
    cells: header.map((key) => {
      const value = item[key];
      if (value === undefined || value === null) return '';
      if (typeof value === 'string') return value;
      if (typeof value === 'number' || typeof value === 'boolean') return String(value);
      throw new TableReadError(`item ${i + 1}, field "${key}"`, 'expected text or a number');
    }),
  }));
  return { header, rows };
}
