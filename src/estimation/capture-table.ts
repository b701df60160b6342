/**
 * Capture histories summarised as a table of patterns: for J lists, every one of the 2^J − 1 observable
 * patterns (the all-zero pattern is never observed) with the number of people who have it.
 */
export interface CaptureTable {
  lists: string[];
  /** Row-major, rows × lists, 0/1. Row r is the binary expansion of r + 1 (list 1 is the highest bit). */
  patterns: Uint8Array;
  freq: Float64Array;
}

export class CaptureTableError extends Error {}

/** An empty table over the given lists with every observable pattern in canonical order. */
export function emptyTable(lists: string[]): CaptureTable {
  const j = lists.length;
  const rows = 2 ** j - 1;
  const patterns = new Uint8Array(rows * j);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < j; c++) patterns[r * j + c] = ((r + 1) >> (j - 1 - c)) & 1;
  }
  return { lists, patterns, freq: new Float64Array(rows) };
}

/** Index of a pattern (0/1 per list) in the canonical order, or -1 for the all-zero pattern. */
export function patternIndex(bits: ArrayLike<number>): number {
  let code = 0;
  for (let c = 0; c < bits.length; c++) code = code * 2 + (bits[c] ? 1 : 0);
  return code - 1;
}

export function observedCount(table: CaptureTable): number {
  return table.freq.reduce((a, b) => a + b, 0);
}

/**
 * Reads a pattern CSV: one 0/1 column per list and a `freq` column; optionally a column named by
 * `strataColumn` that splits the rows into strata. Errors name the row and column. Patterns missing
 * from the file count as zero; a pattern given twice is added up.
 */
export function readPatternCsv(text: string, strataColumn?: string): Map<string, CaptureTable> {
  const lines = text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .filter((l) => l.trim() !== '');
  const header = (lines[0] ?? '').split(',').map((h) => h.trim());
  const freqAt = header.indexOf('freq');
  if (freqAt < 0) throw new CaptureTableError('row 1: no "freq" column');
  const strataAt = strataColumn ? header.indexOf(strataColumn) : -1;
  if (strataColumn && strataAt < 0) throw new CaptureTableError(`row 1: no stratum column "${strataColumn}"`);
  const listColumns = header.map((h, i) => ({ h, i })).filter(({ i }) => i !== freqAt && i !== strataAt);
  if (new Set(header).size !== header.length)
    throw new CaptureTableError('row 1: a column name appears twice');
  if (listColumns.length < 3)
    throw new CaptureTableError(`row 1: ${listColumns.length} lists; estimation needs at least 3`);
  if (listColumns.length > 15)
    throw new CaptureTableError(`row 1: ${listColumns.length} lists; at most 15 are supported`);
  const lists = listColumns.map((c) => c.h);
  const tables = new Map<string, CaptureTable>();
  lines.slice(1).forEach((line, index) => {
    const row = index + 2;
    const cells = line.split(',').map((c) => c.trim());
    if (cells.length !== header.length)
      throw new CaptureTableError(`row ${row}: ${cells.length} cells, expected ${header.length}`);
    const bits = listColumns.map(({ h, i }) => {
      const cell = cells[i];
      if (cell !== '0' && cell !== '1')
        throw new CaptureTableError(`row ${row}, column ${h}: expected 0 or 1, found "${cell}"`);
      return Number(cell);
    });
    const freq = Number(cells[freqAt]);
    if (!Number.isFinite(freq) || freq < 0 || !Number.isInteger(freq))
      throw new CaptureTableError(`row ${row}, column freq: expected a count, found "${cells[freqAt]}"`);
    const index_ = patternIndex(bits);
    if (index_ < 0) {
      if (freq > 0) throw new CaptureTableError(`row ${row}: the all-zero pattern cannot be observed`);
      return;
    }
    const stratum = strataAt >= 0 ? (cells[strataAt] ?? '') : '';
    let table = tables.get(stratum);
    if (!table) tables.set(stratum, (table = emptyTable(lists)));
    table.freq[index_] = (table.freq[index_] ?? 0) + freq;
  });
  if (tables.size === 0) throw new CaptureTableError('no rows');
  return tables;
}
