/**
 * Checks of an XLSX workbook (a ZIP archive of XML parts) before a spreadsheet reader touches it, so that a
 * small hostile file cannot make the server decompress gigabytes or walk a million-level tree. The central
 * directory is read by hand (`zipDirectory`, cheap, before any worker starts); then, in the reading worker,
 * every XML part is inflated with its declared size as a hard cap (a part that expands beyond what it
 * declares is refused: declared sizes can lie) and scanned once for DOCTYPEs, nesting depth and the extent of
 * the sheet's cell references (`checkXlsxParts`).
 */
import { inflateRawSync } from 'node:zlib';
import { TABLE_LIMITS, TableReadError, type TableLimits } from './parse-table.js';

export interface ZipEntry {
  name: string;
  method: number;
  flags: number;
  compressedSize: number;
  size: number;
  localOffset: number;
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const ARCHIVE_NAME = /\.(zip|xlsx|xlsm|xlsb|docx|jar|gz|tgz|bz2|xz|7z|rar|tar)$/i;

const mb = (bytes: number) => `${Math.round(bytes / 2 ** 20)} MB`;
function fail(detail: string): never {
  throw new TableReadError('file', detail);
}

/** The entries of the archive's central directory, refused when the archive is malformed or a bomb. */
export function zipDirectory(bytes: Uint8Array, limits: TableLimits = TABLE_LIMITS): ZipEntry[] {
  const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.length < 22 || view.readUInt32LE(0) !== LOCAL)
    fail('not a readable XLSX workbook (it is not a ZIP archive)');
  let end = -1;
  for (let i = view.length - 22; i >= Math.max(0, view.length - 22 - 0xffff); i--)
    if (view.readUInt32LE(i) === EOCD) {
      end = i;
      break;
    }
  if (end < 0) fail('not a readable XLSX workbook (the ZIP directory is missing)');
  const count = view.readUInt16LE(end + 10);
  const directorySize = view.readUInt32LE(end + 12);
  const directoryAt = view.readUInt32LE(end + 16);
  if (count === 0xffff || directoryAt === 0xffffffff)
    fail('the workbook is a ZIP64 archive, which is not read (save it again as an ordinary .xlsx)');
  if (count > limits.maxZipEntries)
    fail(`the workbook holds ${count} files; at most ${limits.maxZipEntries} are accepted`);
  if (directoryAt + directorySize > end) fail('not a readable XLSX workbook (the ZIP directory is damaged)');

  const entries: ZipEntry[] = [];
  const names = new Set<string>();
  let at = directoryAt;
  let total = 0;
  for (let n = 0; n < count; n++) {
    if (at + 46 > end || view.readUInt32LE(at) !== CENTRAL)
      fail('not a readable XLSX workbook (the ZIP directory is damaged)');
    const nameLength = view.readUInt16LE(at + 28);
    const entry: ZipEntry = {
      flags: view.readUInt16LE(at + 8),
      method: view.readUInt16LE(at + 10),
      compressedSize: view.readUInt32LE(at + 20),
      size: view.readUInt32LE(at + 24),
      localOffset: view.readUInt32LE(at + 42),
      name: view.toString('utf8', at + 46, at + 46 + nameLength),
    };
    at += 46 + nameLength + view.readUInt16LE(at + 30) + view.readUInt16LE(at + 32);
    if (names.has(entry.name)) fail(`the workbook holds "${entry.name}" twice`);
    names.add(entry.name);
    if (entry.flags & 1) fail(`"${entry.name}" in the workbook is encrypted`);
    if (entry.method !== 0 && entry.method !== 8)
      fail(`"${entry.name}" in the workbook is compressed with method ${entry.method}, which is not read`);
    if (entry.method === 0 && entry.size !== entry.compressedSize)
      fail(`"${entry.name}" in the workbook is stored with two different sizes`);
    if (ARCHIVE_NAME.test(entry.name)) fail(`the workbook contains another archive ("${entry.name}")`);
    if (
      entry.size > limits.ratioFloorBytes &&
      entry.size > limits.maxRatio * Math.max(1, entry.compressedSize)
    )
      fail(
        `"${entry.name}" in the workbook expands ${Math.round(entry.size / Math.max(1, entry.compressedSize))} ` +
          `times (to ${mb(entry.size)}); more than ${limits.maxRatio} times is refused as a compression bomb`,
      );
    total += entry.size;
    if (total > limits.maxExpandedBytes)
      fail(`the spreadsheet expands to more than ${mb(limits.maxExpandedBytes)}`);
    entries.push(entry);
  }
  checkContiguous(view, entries, directoryAt);
  return entries;
}

/**
 * The entries' local records must follow one another without gaps up to the directory: a streaming reader
 * walks the local headers, so a part hidden between them (or two headers disagreeing) must not exist.
 */
function checkContiguous(view: Buffer, entries: ZipEntry[], directoryAt: number): void {
  const ordered = [...entries].sort((a, b) => a.localOffset - b.localOffset);
  let expected = 0;
  for (const entry of ordered) {
    const at = entry.localOffset;
    const gap = at - expected;
    // Only a data descriptor (12 or 16 bytes, after data of unknown size) may sit between two entries.
    if (gap !== 0 && gap !== 12 && gap !== 16)
      fail('not a readable XLSX workbook (its ZIP entries do not follow one another)');
    const { start } = localData(view, entry);
    expected = start + entry.compressedSize;
  }
  const gap = directoryAt - expected;
  if (gap !== 0 && gap !== 12 && gap !== 16)
    fail('not a readable XLSX workbook (data was found outside its ZIP entries)');
}

function localData(view: Buffer, entry: ZipEntry): { start: number } {
  const at = entry.localOffset;
  if (at + 30 > view.length || view.readUInt32LE(at) !== LOCAL)
    fail(`not a readable XLSX workbook (the entry "${entry.name}" is damaged)`);
  const nameLength = view.readUInt16LE(at + 26);
  const name = view.toString('utf8', at + 30, at + 30 + nameLength);
  const method = view.readUInt16LE(at + 8);
  if (name !== entry.name || method !== entry.method)
    fail(`not a readable XLSX workbook (two headers of "${entry.name}" disagree)`);
  const start = at + 30 + nameLength + view.readUInt16LE(at + 28);
  if (start + entry.compressedSize > view.length)
    fail(`not a readable XLSX workbook (the entry "${entry.name}" is cut short)`);
  return { start };
}

/** The bytes of one entry, inflated with its declared size as the cap. */
export function inflateEntry(bytes: Uint8Array, entry: ZipEntry): Buffer {
  const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const { start } = localData(view, entry);
  const data = view.subarray(start, start + entry.compressedSize);
  if (entry.method === 0) return data;
  let out: Buffer | undefined;
  try {
    out = inflateRawSync(data, { maxOutputLength: Math.max(1, entry.size) });
  } catch (error) {
    if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE')
      fail(`"${entry.name}" in the workbook expands beyond the ${entry.size} bytes it declares`);
    fail(`"${entry.name}" in the workbook cannot be decompressed (${(error as Error).message})`);
  }
  if (out.length !== entry.size)
    fail(`"${entry.name}" in the workbook does not expand to the ${entry.size} bytes it declares`);
  return out;
}

/**
 * Inflates every XML part the reader will read and scans it: no DOCTYPE (entity expansion), no nesting
 * deeper than `maxXmlDepth`, and, for worksheets, a cell extent within the row, column and cell limits.
 */
export function checkXlsxParts(
  bytes: Uint8Array,
  entries: ZipEntry[],
  limits: TableLimits = TABLE_LIMITS,
): void {
  for (const entry of entries) {
    if (!entry.name.endsWith('.xml') && !entry.name.endsWith('.rels')) continue;
    const data = inflateEntry(bytes, entry);
    if (data.length >= 4 && data.readUInt32LE(0) === LOCAL)
      fail(`the workbook contains another archive ("${entry.name}")`);
    scanXml(data.toString('utf8'), entry.name, /^xl\/worksheets\/[^/]+\.xml$/.test(entry.name), limits);
  }
}

/** Column number of the letters of a cell reference ("AB12" → 28), 0 when there are none. */
function columnOf(ref: string): number {
  let column = 0;
  for (let i = 0; i < ref.length; i++) {
    const c = ref.charCodeAt(i);
    if (c < 65 || c > 90) break;
    column = column * 26 + (c - 64);
    if (column > 1e7) break;
  }
  return column;
}

const R_ATTRIBUTE = /\sr\s*=\s*["']([^"']*)["']/;
const TAG_NAME = /^<(?:\w+:)?(\w+)/;

/** The `r` (reference) attribute of a row or cell tag. */
const reference = (tag: string): string | undefined => R_ATTRIBUTE.exec(tag)?.[1];

function scanXml(text: string, part: string, sheet: boolean, limits: TableLimits): void {
  let depth = 0;
  let row = 0;
  let column = 0;
  let maxRow = 0;
  let maxColumn = 0;
  let i = text.indexOf('<');
  while (i >= 0 && i < text.length) {
    const next = text[i + 1];
    let end: number;
    if (next === '?') end = text.indexOf('?>', i) + 1;
    else if (text.startsWith('<!--', i)) end = text.indexOf('-->', i) + 2;
    else if (text.startsWith('<![CDATA[', i)) end = text.indexOf(']]>', i) + 2;
    else if (next === '!')
      fail(`"${part}" in the workbook declares a DOCTYPE or entities, which spreadsheets never need`);
    else if (next === '/') {
      depth--;
      end = text.indexOf('>', i);
    } else {
      end = tagEnd(text, i);
      if (end < 0) break;
      if (text[end - 1] !== '/' && ++depth > limits.maxXmlDepth)
        fail(`"${part}" in the workbook is nested more than ${limits.maxXmlDepth} levels deep`);
      if (sheet) {
        const tag = text.slice(i, end);
        const name = TAG_NAME.exec(tag)?.[1];
        if (name === 'row') {
          row = Number(reference(tag) ?? row + 1);
          column = 0;
        } else if (name === 'c') {
          const ref = reference(tag);
          column = ref ? columnOf(ref) : column + 1;
          if (ref && !row) row = Number(/\d+/.exec(ref)?.[0] ?? 1);
        }
        if (row > maxRow) {
          maxRow = row;
          if (maxRow > limits.maxRows + 1)
            fail(`the sheet claims ${maxRow} rows; at most ${limits.maxRows} rows are read`);
        }
        if (column > maxColumn) {
          maxColumn = column;
          if (maxColumn > limits.maxColumns)
            fail(`the sheet claims ${maxColumn} columns; at most ${limits.maxColumns} are read`);
        }
        if (maxRow * maxColumn > limits.maxCells)
          fail(
            `the sheet spans ${maxRow} rows by ${maxColumn} columns; at most ${limits.maxCells} cells are read`,
          );
      }
    }
    if (end < 0) break;
    i = text.indexOf('<', end + 1);
  }
}

/** Index of the `>` closing the tag opened at `start`, skipping quoted attribute values; -1 if none. */
function tagEnd(text: string, start: number): number {
  let quote = '';
  for (let i = start + 1; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '>') return i;
  }
  return -1;
}
