import {
  comparisonFields,
  levelCount,
  levelField,
  validateComparisons,
  type ComparisonSpec,
  type ValueKind,
} from './comparisons.js';
import { asciiDigits, keyFunction } from './keys.js';

/** A record of a victim list: its id, the list it comes from and its fields. */
export interface LinkRecord {
  id: string;
  list: string;
  fields: Record<string, string | number | null>;
}

/** The same records in columns: faster and far smaller for a million records. */
export interface RecordSet {
  ids: string[];
  /** The list of each record. */
  lists: string[];
  fields: Record<string, ArrayLike<string | number | null | undefined>>;
}

/** Turns an array of records into a `RecordSet`. */
export function toRecordSet(records: readonly LinkRecord[]): RecordSet {
  const fields: Record<string, Array<string | number | null>> = {};
  const names = new Set<string>();
  for (const r of records) for (const f of Object.keys(r.fields)) names.add(f);
  for (const f of names) fields[f] = records.map((r) => r.fields[f] ?? null);
  return { ids: records.map((r) => r.id), lists: records.map((r) => r.list), fields };
}

/**
 * One comparison's column, dictionary-encoded: each record holds the code of its (transformed) value, so exact
 * and key levels are integer equality and string work is done once per distinct value.
 */
export interface ComparisonColumn {
  /** Per record: code of the value in `values`, or -1 when missing. Shared memory, readable by workers. */
  codes: Int32Array;
  values: string[];
  /** Per value: the number or date (days) it denotes, NaN if none; for a range ("1967..1968"), its lower end. */
  numbers: Float64Array;
  /** Per value: the upper end of a range; the number itself for a single number or date. */
  upper: Float64Array;
  /**
   * Per level on this column's field that uses a key ('key', and 'jaro-winkler' with a key; others empty): per
   * value, the key's code or -1.
   */
  keys: Int32Array[];
  /** Per level, as `keys`: the key of each key code, for levels that measure the similarity of keys. */
  keyValues: string[][];
  /** Per value: its share of the non-missing values of this column (term frequency). */
  frequency: Float64Array;
}

/** The part of a compiled table that comparison and prediction need; it is what workers receive. */
export interface TableCore {
  size: number;
  /** Per record: index of its list in `listNames`. */
  list: Int32Array;
  comparisons: ComparisonSpec[];
  /** Per comparison: the column of its own field. */
  columns: ComparisonColumn[];
  /** Per comparison, per declared level: the column of the field the level tests (mostly `columns[c]`). */
  levelColumns: ComparisonColumn[][];
}

/** Records compiled for comparison. Build with `compileTable`. */
export interface LinkTable extends TableCore {
  records: RecordSet;
  listNames: string[];
}

/** An Int32Array in shared memory, so worker threads read it without a copy. */
export function sharedInt32(length: number): Int32Array {
  return new Int32Array(new SharedArrayBuffer(Math.max(4, length * 4)), 0, length);
}

/**
 * A number, or a range of numbers written "low..high" (a birth year known only as one of two years), whose
 * ends 'within' levels compare: two ranges are as far apart as the gap between them, 0 where they overlap.
 */
function parseRange(value: string): [number, number] {
  const range = /^(-?[\d.]+)\.\.(-?[\d.]+)$/.exec(asciiDigits(value).trim());
  if (!range) {
    const n = parseNumber(value, 'number');
    return [n, n];
  }
  const [low, high] = [Number(range[1]), Number(range[2])];
  return low <= high ? [low, high] : [NaN, NaN];
}

function parseNumber(value: string, kind: ValueKind): number {
  const s = asciiDigits(value).trim();
  if (kind === 'number') return s === '' ? NaN : Number(s);
  const m = /^(\d{4})-?(\d{2})-?(\d{2})$/.exec(s);
  if (!m) return NaN;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (mo < 1 || mo > 12 || d < 1 || d > 31) return NaN;
  return Date.UTC(y, mo - 1, d) / 86_400_000;
}

function compileColumn(records: RecordSet, spec: ComparisonSpec, field: string): ComparisonColumn {
  const raw = records.fields[field];
  if (!raw) throw new Error(`Comparison "${spec.name}": no field "${field}" in the records`);
  const transform = spec.transform ? keyFunction(spec.transform) : null;
  const n = records.ids.length;
  const codes = sharedInt32(n);
  const rawCode = new Map<string | number, number>();
  const valueCode = new Map<string, number>();
  const values: string[] = [];
  const counts: number[] = [];
  let nonNull = 0;
  for (let i = 0; i < n; i++) {
    const v = raw[i];
    if (v === null || v === undefined || v === '') {
      codes[i] = -1;
      continue;
    }
    let code = rawCode.get(v);
    if (code === undefined) {
      const s = transform ? transform(String(v)) : String(v);
      if (s === null || s === '') code = -1;
      else {
        code = valueCode.get(s);
        if (code === undefined) {
          code = values.length;
          valueCode.set(s, code);
          values.push(s);
          counts.push(0);
        }
      }
      rawCode.set(v, code);
    }
    codes[i] = code;
    if (code >= 0) {
      counts[code]!++;
      nonNull++;
    }
  }
  const own = spec.levels.find((l) => levelField(spec, l) === field && l.valueKind !== undefined);
  const kind = (field === spec.field ? spec.valueKind : own?.valueKind) ?? spec.valueKind ?? 'text';
  const numbers = new Float64Array(values.length);
  const upper = new Float64Array(values.length);
  for (let c = 0; c < values.length; c++) {
    if (kind === 'number') [numbers[c], upper[c]] = parseRange(values[c]!);
    else numbers[c] = upper[c] = kind === 'text' ? NaN : parseNumber(values[c]!, kind);
  }
  const keyValues: string[][] = [];
  const keys = spec.levels.map((level) => {
    const key = level.kind === 'key' || level.kind === 'jaro-winkler' ? level.key : undefined;
    keyValues.push([]);
    if (key === undefined || levelField(spec, level) !== field) return new Int32Array(0);
    const fn = keyFunction(key);
    const keyCode = new Map<string, number>();
    const out = new Int32Array(values.length);
    for (let c = 0; c < values.length; c++) {
      const k = fn(values[c]!);
      if (k === null || k === '') out[c] = -1;
      else {
        let kc = keyCode.get(k);
        if (kc === undefined) keyCode.set(k, (kc = keyCode.size));
        out[c] = kc;
      }
    }
    if (level.kind === 'jaro-winkler') keyValues[keyValues.length - 1] = [...keyCode.keys()];
    return out;
  });
  const frequency = new Float64Array(values.length);
  for (let c = 0; c < values.length; c++) frequency[c] = counts[c]! / Math.max(1, nonNull);
  return { codes, values, numbers, upper, keys, keyValues, frequency };
}

/**
 * Compiles records and comparison declarations into a columnar table. Transforms and key functions run here,
 * once per distinct value.
 */
export function compileTable(
  input: RecordSet | readonly LinkRecord[],
  comparisons: ComparisonSpec[],
): LinkTable {
  validateComparisons(comparisons);
  const records = Array.isArray(input) ? toRecordSet(input as readonly LinkRecord[]) : (input as RecordSet);
  const n = records.ids.length;
  const listNames: string[] = [];
  const listIndex = new Map<string, number>();
  const list = sharedInt32(n);
  for (let i = 0; i < n; i++) {
    const name = records.lists[i]!;
    let li = listIndex.get(name);
    if (li === undefined) {
      li = listNames.length;
      listIndex.set(name, li);
      listNames.push(name);
    }
    list[i] = li;
  }
  const levelColumns = comparisons.map((spec) => {
    const byField = new Map(comparisonFields(spec).map((f) => [f, compileColumn(records, spec, f)]));
    return spec.levels.map((l) => byField.get(levelField(spec, l))!);
  });
  const columns = comparisons.map((spec, c) => {
    const own = spec.levels.findIndex((l) => levelField(spec, l) === spec.field);
    return own >= 0 ? levelColumns[c]![own]! : compileColumn(records, spec, spec.field);
  });
  return { size: n, list, comparisons, columns, levelColumns, records, listNames };
}

/** Level counts of every comparison of a table. */
export function levelCounts(table: TableCore): number[] {
  return table.comparisons.map(levelCount);
}

/** The serialisable core of a table, to post to a worker (shared arrays are not copied). */
export function tableCore(table: TableCore): TableCore {
  return {
    size: table.size,
    list: table.list,
    comparisons: table.comparisons,
    columns: table.columns,
    levelColumns: table.levelColumns,
  };
}
