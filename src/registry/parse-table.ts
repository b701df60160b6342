/**
 * The parsers of uploaded lists: CSV (UTF-8 or UTF-16 with a byte-order mark), JSON (an array of flat
 * objects) and XLSX (the first sheet), each bounded in rows, columns, cell length and (JSON) depth. Nothing is
 * normalised here; cells come back as written, except that spreadsheet numbers become their decimal text and
 * spreadsheet dates ISO dates. These run inside the reading worker (`read-worker.ts`); callers use
 * `readTable` in `read-table.ts`, which also checks a workbook's archive before anything is decompressed.
 */
import { parse } from 'csv-parse/sync';
import iconv from 'iconv-lite';
import { readSheet } from 'read-excel-file/node';

export type ListFormat = 'csv' | 'json' | 'xlsx';

export interface RawTable {
  header: string[];
  /**
   * Rows in file order, numbered as a spreadsheet shows them: the header is row 1 (JSON: item n is row n).
   * A CSV row whose number of cells differs from the header's is kept: `cells` is padded to the header, and
   * `extra` holds what lay past it (the row's cells cannot then be trusted to sit in their columns).
   */
  rows: Array<{ row: number; cells: string[]; written?: number; extra?: string[] }>;
  /** A CSV file's cell separator, as found in its header line. */
  delimiter?: CsvDelimiter;
}

export const CSV_DELIMITERS = { comma: ',', semicolon: ';', tab: '\t', pipe: '|' } as const;
export type CsvDelimiter = keyof typeof CSV_DELIMITERS;

/** How a text file's bytes are read: UTF-8 unless the reader states another encoding (never guessed). */
export interface TextOptions {
  /** An encoding name iconv-lite knows (windows-1256, iso-8859-6, utf-16le…); UTF-8 when absent. */
  encoding?: string | undefined;
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

export interface TableLimits {
  /** Sum of the declared uncompressed sizes of a workbook's entries. */
  maxExpandedBytes: number;
  maxZipEntries: number;
  /** Largest expansion ratio of one entry above `ratioFloorBytes` (real sheets compress 5–20 times). */
  maxRatio: number;
  ratioFloorBytes: number;
  maxXmlDepth: number;
  /** Data rows (the header not counted) and columns of any format. */
  maxRows: number;
  maxColumns: number;
  /** Rows × columns of a sheet's cell extent, which the reader fills in densely. */
  maxCells: number;
  maxCellChars: number;
  maxJsonDepth: number;
  /** Wall-clock time and heap of the reading worker. */
  timeoutMs: number;
  memoryMb: number;
}

export const TABLE_LIMITS: TableLimits = {
  maxExpandedBytes: 200 * 2 ** 20,
  maxZipEntries: 1000,
  maxRatio: 100,
  ratioFloorBytes: 2 ** 20,
  maxXmlDepth: 64,
  maxRows: 1_000_000,
  maxColumns: 1000,
  maxCells: 10_000_000,
  maxCellChars: 100_000,
  maxJsonDepth: 20,
  timeoutMs: 60_000,
  memoryMb: 1024,
};

/** True when the name is an encoding the reader knows. */
export function knownEncoding(name: string): boolean {
  return iconv.encodingExists(name);
}

/**
 * Decodes the bytes as UTF-8 (or UTF-16 when a byte-order mark says so), or in the encoding the reader stated;
 * an encoding is never guessed, and bytes that are not UTF-8 are refused with the way to state one.
 */
export function decodeText(bytes: Uint8Array, options: TextOptions = {}): string {
  const stated = options.encoding?.trim().toLowerCase();
  if (stated && !['utf-8', 'utf8'].includes(stated)) {
    if (!iconv.encodingExists(stated))
      throw new TableReadError('encoding', `"${options.encoding}" is not an encoding this server reads`);
    return iconv.decode(Buffer.from(bytes), stated).replace(/^\uFEFF/, '');
  }
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '');
  } catch {
    const at = firstInvalidUtf8(bytes);
    const line = 1 + bytes.subarray(0, at).filter((b) => b === 0x0a).length;
    throw new TableReadError(
      `line ${line}, byte ${at + 1}`,
      'the file is not UTF-8 text: save it as "CSV UTF-8", or state its encoding (e.g. --encoding windows-1256 for a Persian file from older Excel); an encoding is never guessed',
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

/** Parses the bytes in this thread; `readTable` (which checks workbooks first and uses a worker) is the entry. */
export async function parseTable(
  bytes: Uint8Array,
  format: ListFormat,
  limits: TableLimits = TABLE_LIMITS,
  textOptions: TextOptions = {},
): Promise<RawTable> {
  let table: RawTable;
  try {
    if (format === 'xlsx') table = await readXlsx(bytes, limits);
    else {
      const text = decodeText(bytes, textOptions);
      table = format === 'json' ? readJson(text, limits) : readCsv(text, limits);
    }
  } catch (error) {
    // A parser that recurses on hostile nesting ends here rather than taking the thread with it.
    if (error instanceof RangeError && /call stack/i.test(error.message))
      throw new TableReadError(
        'file',
        'the file is nested too deeply to read (maximum call stack size exceeded)',
      );
    throw error;
  }
  checkCells(table, limits);
  return table;
}

/** The limits every format shares: rows, columns and the length of one cell. */
function checkCells(table: RawTable, limits: TableLimits): void {
  if (table.rows.length > limits.maxRows)
    throw new TableReadError('file', `${table.rows.length} rows; at most ${limits.maxRows} are read`);
  for (const { row, cells } of table.rows)
    cells.forEach((cell, c) => {
      if (cell.length > limits.maxCellChars)
        throw new TableReadError(
          `row ${row}, column "${table.header[c] ?? c + 1}"`,
          `the cell holds ${cell.length} characters; at most ${limits.maxCellChars} are accepted`,
        );
    });
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

async function readXlsx(bytes: Uint8Array, limits: TableLimits): Promise<RawTable> {
  let data: unknown[][];
  try {
    data = (await readSheet(Buffer.from(bytes))) as unknown[][];
  } catch (error) {
    if (error instanceof RangeError) throw error;
    throw new TableReadError('file', `not a readable XLSX workbook (${(error as Error).message})`);
  }
  const [first, ...rest] = data;
  if (!first) throw new TableReadError('row 1', 'the first sheet is empty');
  const header = first.map((h) => cellText(h).trim());
  checkHeader(header, limits);
  const rows = rest
    .map((cells, i) => ({ row: i + 2, cells: header.map((_, c) => cellText(cells[c])) }))
    .filter((r) => r.cells.some((c) => c.trim() !== ''));
  return { header, rows };
}

function checkHeader(header: string[], limits: TableLimits): void {
  if (header.length > limits.maxColumns)
    throw new TableReadError('row 1', `${header.length} columns; at most ${limits.maxColumns} are read`);
  const seen = new Map<string, number>();
  header.forEach((name, i) => {
    if (name === '') throw new TableReadError(`column ${i + 1}`, 'the header cell is empty');
    const earlier = seen.get(name);
    if (earlier !== undefined)
      throw new TableReadError(`columns ${earlier + 1} and ${i + 1}`, `both are named "${name}"`);
    seen.set(name, i);
  });
}

/**
 * The cell separator of a CSV file, from its header line: the one of comma, semicolon, tab and pipe that occurs
 * most often outside quotes (a list saved by a spreadsheet set to a European or Persian locale uses
 * semicolons). A header with none of them is one column, read with commas.
 */
export function csvDelimiter(text: string): CsvDelimiter {
  const counts: Record<CsvDelimiter, number> = { comma: 0, semicolon: 0, tab: 0, pipe: 0 };
  const byChar = new Map<string, CsvDelimiter>(
    Object.entries(CSV_DELIMITERS).map(([name, c]) => [c, name as CsvDelimiter]),
  );
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '"') quoted = !quoted;
    else if (!quoted && (c === '\n' || c === '\r')) break;
    else if (!quoted) {
      const name = byChar.get(c);
      if (name) counts[name]++;
    }
  }
  let best: CsvDelimiter = 'comma';
  for (const name of Object.keys(counts) as CsvDelimiter[]) if (counts[name] > counts[best]) best = name;
  return best;
}

function readCsv(text: string, limits: TableLimits): RawTable {
  const delimiter = csvDelimiter(text);
  let records: string[][];
  try {
    records = parse(text, {
      delimiter: CSV_DELIMITERS[delimiter],
      relax_column_count: true,
      skip_empty_lines: true,
      max_record_size: 1_000_000,
      // One record past the limit is enough to know the file is too long.
      to: limits.maxRows + 2,
    }) as string[][];
  } catch (error) {
    const e = error as { lines?: number; message: string };
    throw new TableReadError(`line ${e.lines ?? '?'}`, e.message.replace(/^Invalid Record Length: /, ''));
  }
  const [first, ...rest] = records;
  if (!first) throw new TableReadError('line 1', 'the file is empty');
  if (rest.length > limits.maxRows)
    throw new TableReadError('file', `more than ${limits.maxRows} rows; at most ${limits.maxRows} are read`);
  const header = first.map((h) => h.trim());
  checkHeader(header, limits);
  const rows: RawTable['rows'] = [];
  rest.forEach((written, i) => {
    // A row of separators only ("";;;"), as spreadsheets write below a table, is no row.
    if (written.every((c) => c.trim() === '')) return;
    const row = i + 2;
    if (written.length === header.length) return rows.push({ row, cells: written });
    // Cells past the header that are empty are a trailing separator; any other difference is kept and reported.
    const extra = written.slice(header.length);
    if (extra.length > 0 && extra.every((c) => c.trim() === ''))
      return rows.push({ row, cells: written.slice(0, header.length) });
    const cells = header.map((_, c) => written[c] ?? '');
    rows.push(
      extra.length > 0
        ? { row, cells, written: written.length, extra }
        : { row, cells, written: written.length },
    );
  });
  return { header, rows, delimiter };
}

/** Deepest nesting of arrays and objects in JSON text, counted without parsing (strings skipped). */
function jsonDepth(text: string, limit: number): number {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > limit) return depth;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return depth;
}

function readJson(text: string, limits: TableLimits): RawTable {
  if (jsonDepth(text, limits.maxJsonDepth) > limits.maxJsonDepth)
    throw new TableReadError(
      'file',
      `the JSON is nested more than ${limits.maxJsonDepth} levels deep (expected an array of flat objects)`,
    );
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new TableReadError('file', `not valid JSON (${(error as Error).message})`);
  }
  if (!Array.isArray(data)) throw new TableReadError('file', 'expected an array of objects, one per person');
  if (data.length > limits.maxRows)
    throw new TableReadError('file', `${data.length} items; at most ${limits.maxRows} are read`);
  const header: string[] = [];
  const known = new Set<string>();
  data.forEach((item, i) => {
    if (typeof item !== 'object' || item === null || Array.isArray(item))
      throw new TableReadError(`item ${i + 1}`, 'expected an object');
    for (const key of Object.keys(item)) {
      if (!known.has(key)) {
        known.add(key);
        header.push(key);
        if (header.length > limits.maxColumns)
          throw new TableReadError(
            `item ${i + 1}`,
            `more than ${limits.maxColumns} distinct fields; at most ${limits.maxColumns} are read`,
          );
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
