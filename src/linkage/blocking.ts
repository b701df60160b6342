import type { PairList } from './compare.js';
import { keyFunction, keySetFunction, type KeyFunction, type KeySetFunction } from './keys.js';
import { drain } from './progress.js';
import type { LinkTable, RecordSet } from './table.js';

/**
 * A blocking rule: records are candidate pairs when their keys are equal. Either a list of fields that must all
 * be equal after an optional transform, or a key function of a record. A null key leaves the record out of the
 * rule. Blocking runs in the calling thread, so a rule may hold a function.
 */
export type BlockingRule = (
  | {
      name: string;
      fields: string[];
      /**
       * One transform for every field, or one per field (null: the value as it is). One field at most may name
       * a key-set function (`registerKeySetFunction`): its record then sits in a block per key of the set.
       */
      transform?: string | KeyFunction | Array<string | KeyFunction | null>;
      /**
       * The fields' keys as a set, in any order: given name and surname swapped on one side still meet.
       */
      unordered?: boolean;
    }
  | { name: string; key: (records: RecordSet, index: number) => string | null }
) & {
  /**
   * Blocks of this rule larger than this are skipped, instead of `BlockingOptions.maxBlockSize`: a loose rule
   * (given name and surname alone) is worth its pairs only where the names are rare.
   */
  maxBlockSize?: number;
};

/** 'dedupe': pairs within one record set; 'link': only pairs whose records come from different lists. */
export type LinkMode = 'dedupe' | 'link';

export interface BlockingOptions {
  mode: LinkMode;
  /** Blocks with more records than this are skipped (and reported); default: no limit. */
  maxBlockSize?: number;
  /** How many of the largest blocks of each rule to report; default 5. */
  reportLargest?: number;
}

/** What one rule would generate, counted from its block sizes before any pair is made. */
export interface RuleCount {
  name: string;
  /**
   * Pairs this rule generates on its own (pairs also produced by an earlier rule included; a key-set rule's pair
   * counted once per block it shares).
   */
  pairs: number;
  blocks: number;
  largest: Array<{ key: string; size: number; pairs: number }>;
  /** Blocks left out because they exceed `maxBlockSize`, with the pairs they would have produced. */
  skipped: Array<{ key: string; size: number; pairs: number }>;
}

interface CompiledRule {
  name: string;
  /** Per record: block code or -1 (for a rule of key sets: the record's first code). */
  codes: Int32Array;
  /**
   * A rule of key sets: per record its block codes, ascending, at `start[i]` … `start[i + 1]` of `codes`. A pair
   * of records sharing several blocks is made in the first of them only.
   */
  sets?: { start: Uint32Array; codes: Int32Array };
  /** Record indices sorted by block code, then by list. */
  order: Uint32Array;
  /** Per block code: start of its run in `order` (length blocks + 1). */
  starts: Uint32Array;
  skipped: Uint8Array;
  count: RuleCount;
}

/** Blocking rules compiled against a record set: counts are known, pairs not yet generated. */
export interface Blocking {
  mode: LinkMode;
  size: number;
  list: Int32Array;
  rules: CompiledRule[];
}

/** Transformed values per field and transform, shared by all rules: key functions are the costly part. */
type TransformCache = Map<
  string,
  Map<KeyFunction | KeySetFunction, Map<string | number, string | string[] | null>>
>;

const IDENTITY: KeyFunction = (v) => v;

/** Keys of one record under a rule: none (null), one, or several (a key-set rule). */
export type RecordKeys = string | string[] | null;

/** Each record's keys under one rule, exactly as blocking computes them (for counting a rule's blocks). */
export function ruleRecordKeys(records: RecordSet, rule: BlockingRule): (i: number) => RecordKeys {
  return recordKeysOf(records, rule, new Map());
}

function recordKeysOf(
  records: RecordSet,
  rule: BlockingRule,
  shared: TransformCache,
): (i: number) => RecordKeys {
  if ('key' in rule) return (i) => rule.key(records, i);
  type Transform = { set: false; fn: KeyFunction } | { set: true; fn: KeySetFunction };
  const resolve = (t: string | KeyFunction | null | undefined): Transform => {
    if (typeof t === 'string') {
      const set = keySetFunction(t);
      return set ? { set: true, fn: set } : { set: false, fn: keyFunction(t) };
    }
    return { set: false, fn: t ?? IDENTITY };
  };
  const transforms = rule.fields.map((_, f) =>
    resolve(Array.isArray(rule.transform) ? rule.transform[f] : rule.transform),
  );
  const setField = transforms.findIndex((t) => t.set);
  if (transforms.filter((t) => t.set).length > 1 || (setField >= 0 && rule.unordered))
    throw new Error(
      `Blocking rule "${rule.name}": one key-set transform at most, and not in an unordered rule`,
    );
  const columns = rule.fields.map((f) => {
    const column = records.fields[f];
    if (!column) throw new Error(`Blocking rule "${rule.name}": no field "${f}" in the records`);
    return column;
  });
  const cache = rule.fields.map((field, f) => {
    let byTransform = shared.get(field);
    if (!byTransform) shared.set(field, (byTransform = new Map()));
    let values = byTransform.get(transforms[f]!.fn);
    if (!values) byTransform.set(transforms[f]!.fn, (values = new Map()));
    return values;
  });
  const unordered = rule.unordered === true;
  const parts: string[] = [];
  let set: string[] = [];
  return (i) => {
    let key = '';
    parts.length = 0;
    set = [];
    for (let f = 0; f < columns.length; f++) {
      const v = columns[f]![i];
      if (v === null || v === undefined || v === '') return null;
      let t = cache[f]!.get(v);
      if (t === undefined) cache[f]!.set(v, (t = transforms[f]!.fn(String(v))));
      if (t === null || t === '' || (Array.isArray(t) && t.length === 0)) return null;
      if (f === setField) {
        set = t as string[];
        key += f === 0 ? '\u0002' : '\u0001\u0002';
      } else if (unordered) parts.push(t as string);
      else key += f === 0 ? (t as string) : '\u0001' + (t as string);
    }
    if (unordered) return parts.sort().join('\u0001');
    return setField < 0 ? key : set.map((k) => key.replace('\u0002', () => k));
  };
}

function ruleKeys(
  records: RecordSet,
  rule: BlockingRule,
  shared: TransformCache,
): { codes: Int32Array; names: string[]; sets?: { start: Uint32Array; codes: Int32Array } } {
  const n = records.ids.length;
  const codes = new Int32Array(n);
  const names: string[] = [];
  const index = new Map<string, number>();
  const codeOf = (key: string): number => {
    let code = index.get(key);
    if (code === undefined) {
      index.set(key, (code = names.length));
      names.push(key);
    }
    return code;
  };
  const keyOf = recordKeysOf(records, rule, shared);
  let setStart: Uint32Array | null = null;
  const setCodes: number[] = [];
  for (let i = 0; i < n; i++) {
    const key = keyOf(i);
    if (Array.isArray(key)) {
      if (!setStart) {
        // The first record with a key set: the records before it had one key or none.
        setStart = new Uint32Array(n + 1);
        for (let j = 0; j < i; j++) {
          if (codes[j]! >= 0) setCodes.push(codes[j]!);
          setStart[j + 1] = setCodes.length;
        }
      }
      const own = [...new Set(key.map(codeOf))].sort((a, b) => a - b);
      codes[i] = own.length ? own[0]! : -1;
      setCodes.push(...own);
    } else {
      codes[i] = key === null ? -1 : codeOf(key);
      if (setStart && key !== null) setCodes.push(codes[i]!);
    }
    if (setStart) setStart[i + 1] = setCodes.length;
  }
  return setStart
    ? { codes, names, sets: { start: setStart, codes: Int32Array.from(setCodes) } }
    : { codes, names };
}

/** Record indices ordered by list, stable within a list (a counting sort). */
function recordsByList(list: Int32Array): Uint32Array {
  let lists = 0;
  for (let i = 0; i < list.length; i++) lists = Math.max(lists, list[i]! + 1);
  const starts = new Uint32Array(lists + 1);
  for (let i = 0; i < list.length; i++) starts[list[i]! + 1]!++;
  for (let l = 0; l < lists; l++) starts[l + 1]! += starts[l]!;
  const out = new Uint32Array(list.length);
  for (let i = 0; i < list.length; i++) out[starts[list[i]!]!++] = i;
  return out;
}

function compileRule(
  records: RecordSet,
  list: Int32Array,
  rule: BlockingRule,
  options: BlockingOptions,
  cache: TransformCache,
): CompiledRule {
  const { codes, names, sets } = ruleKeys(records, rule, cache);
  const n = codes.length;
  const blocks = names.length;
  // Counting sort by code; records enter in list order so each block's records are grouped by list.
  const starts = new Uint32Array(blocks + 1);
  // A record's blocks, as a span of a code table: its key set's codes, or its own code (none when it is -1).
  const table = sets ? sets.codes : codes;
  const first = (i: number): number => (sets ? sets.start[i]! : i);
  const end = (i: number): number => (sets ? sets.start[i + 1]! : codes[i]! >= 0 ? i + 1 : i);
  for (let i = 0; i < n; i++) for (let k = first(i); k < end(i); k++) starts[table[k]! + 1]!++;
  for (let b = 0; b < blocks; b++) starts[b + 1]! += starts[b]!;
  const fill = starts.slice(0, blocks);
  const order = new Uint32Array(starts[blocks]!);
  for (const i of recordsByList(list)) for (let k = first(i); k < end(i); k++) order[fill[table[k]!]!++] = i;
  const max = rule.maxBlockSize ?? options.maxBlockSize ?? Infinity;
  const skipped = new Uint8Array(blocks);
  const report = options.reportLargest ?? 5;
  // The few largest blocks, kept sorted by insertion: sorting every block would dominate at a million records.
  const largest: Array<{ block: number; size: number; pairs: number }> = [];
  const skippedBlocks: RuleCount['skipped'] = [];
  let total = 0;
  for (let b = 0; b < blocks; b++) {
    const s = starts[b]!;
    const e = starts[b + 1]!;
    const size = e - s;
    let pairs = (size * (size - 1)) / 2;
    if (options.mode === 'link') {
      let same = 0;
      let runStart = s;
      for (let k = s + 1; k <= e; k++) {
        if (k === e || list[order[k]!] !== list[order[runStart]!]) {
          const r = k - runStart;
          same += (r * (r - 1)) / 2;
          runStart = k;
        }
      }
      pairs -= same;
    }
    if (size > max) {
      skipped[b] = 1;
      skippedBlocks.push({ key: names[b]!.replaceAll('\u0001', ' | '), size, pairs });
      continue;
    }
    total += pairs;
    if (size > 1 && report > 0 && (largest.length < report || size > largest[largest.length - 1]!.size)) {
      let k = largest.length;
      while (k > 0 && largest[k - 1]!.size < size) k--;
      largest.splice(k, 0, { block: b, size, pairs });
      if (largest.length > report) largest.pop();
    }
  }
  skippedBlocks.sort((a, b) => b.size - a.size);
  const count: RuleCount = {
    name: rule.name,
    pairs: total,
    blocks,
    largest: largest.map(({ block, size, pairs }) => ({
      key: names[block]!.replaceAll('\u0001', ' | '),
      size,
      pairs,
    })),
    skipped: skippedBlocks,
  };
  return { name: rule.name, codes, ...(sets ? { sets } : {}), order, starts, skipped, count };
}

/**
 * Compiles a union of blocking rules: computes each record's key per rule and the size of every block, so the
 * number of pairs is known before any is generated (see `countPairs`).
 */
export function prepareBlocking(
  input: RecordSet | LinkTable,
  rules: readonly BlockingRule[],
  options: BlockingOptions,
): Blocking {
  return drain(blockingSteps(input, rules, options));
}

/**
 * `prepareBlocking` one rule per step: each step compiles a rule and yields the number of rules compiled; the
 * generator returns the blocking. A caller may report progress and let other work run between the steps.
 */
export function* blockingSteps(
  input: RecordSet | LinkTable,
  rules: readonly BlockingRule[],
  options: BlockingOptions,
): Generator<number, Blocking, void> {
  const records = 'records' in input ? input.records : input;
  const n = records.ids.length;
  const listIndex = new Map<string, number>();
  const list = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let li = listIndex.get(records.lists[i]!);
    if (li === undefined) listIndex.set(records.lists[i]!, (li = listIndex.size));
    list[i] = li;
  }
  const cache: TransformCache = new Map();
  const compiled: CompiledRule[] = [];
  for (const rule of rules) {
    compiled.push(compileRule(records, list, rule, options, cache));
    yield compiled.length;
  }
  return { mode: options.mode, size: n, list, rules: compiled };
}

/** Pairs each rule generates, largest and skipped blocks; computed from block sizes alone. */
export function countPairs(blocking: Blocking): RuleCount[] {
  return blocking.rules.map((r) => r.count);
}

/** The first block of a rule (not skipped) that holds both records, or -1. */
export function sharedBlock(
  rule: Pick<CompiledRule, 'codes' | 'sets' | 'skipped'>,
  rx: number,
  ry: number,
): number {
  if (!rule.sets) {
    const c = rule.codes[rx]!;
    return c >= 0 && c === rule.codes[ry] && rule.skipped[c] === 0 ? c : -1;
  }
  const { start, codes } = rule.sets;
  let a = start[rx]!;
  let b = start[ry]!;
  const ae = start[rx + 1]!;
  const be = start[ry + 1]!;
  while (a < ae && b < be) {
    const x = codes[a]!;
    const y = codes[b]!;
    if (x === y) {
      if (rule.skipped[x] === 0) return x;
      a++;
      b++;
    } else if (x < y) a++;
    else b++;
  }
  return -1;
}

function producedEarlier(earlier: readonly CompiledRule[], rx: number, ry: number): boolean {
  for (const q of earlier) if (sharedBlock(q, rx, ry) >= 0) return true;
  return false;
}

/** Whether block `b` of a rule is where it makes the pair: the first block of a key-set rule they share. */
function firstBlockOf(rule: CompiledRule, b: number, rx: number, ry: number): boolean {
  return !rule.sets || sharedBlock(rule, rx, ry) === b;
}

/**
 * Calls `fn(i, j)` (i < j) once for every candidate pair of the union of rules. A pair that an earlier rule
 * already produced is recognised by comparing the earlier rules' keys, so no set of seen pairs is kept.
 */
export function forEachPair(blocking: Blocking, fn: (i: number, j: number) => void): void {
  for (let r = 0; r < blocking.rules.length; r++) forEachPairOfRule(blocking, r, fn);
}

/** The pairs rule `r` adds to those of the rules before it (see `forEachPair`). */
function forEachPairOfRule(blocking: Blocking, r: number, fn: (i: number, j: number) => void): void {
  const { rules, list } = blocking;
  const link = blocking.mode === 'link';
  const { order, starts, skipped } = rules[r]!;
  const earlier = rules.slice(0, r);
  const blocks = starts.length - 1;
  for (let b = 0; b < blocks; b++) {
    if (skipped[b]) continue;
    const s = starts[b]!;
    const e = starts[b + 1]!;
    for (let x = s; x < e; x++) {
      const rx = order[x]!;
      for (let y = x + 1; y < e; y++) {
        const ry = order[y]!;
        if (link && list[rx] === list[ry]) continue;
        if (!firstBlockOf(rules[r]!, b, rx, ry) || producedEarlier(earlier, rx, ry)) continue;
        if (rx < ry) fn(rx, ry);
        else fn(ry, rx);
      }
    }
  }
}

/** Yields every candidate pair once, as [i, j] with i < j, lazily (see `forEachPair` for the rules). */
export function* candidatePairs(blocking: Blocking): Generator<[number, number]> {
  const { rules, list } = blocking;
  const link = blocking.mode === 'link';
  for (let r = 0; r < rules.length; r++) {
    const { order, starts, skipped } = rules[r]!;
    const earlier = rules.slice(0, r);
    for (let b = 0; b < starts.length - 1; b++) {
      if (skipped[b]) continue;
      for (let x = starts[b]!; x < starts[b + 1]!; x++) {
        for (let y = x + 1; y < starts[b + 1]!; y++) {
          const rx = order[x]!;
          const ry = order[y]!;
          if (
            (link && list[rx] === list[ry]) ||
            !firstBlockOf(rules[r]!, b, rx, ry) ||
            producedEarlier(earlier, rx, ry)
          )
            continue;
          yield rx < ry ? [rx, ry] : [ry, rx];
        }
      }
    }
  }
}

/** Every candidate pair, in shared memory, ready for comparison in worker threads. */
export function collectPairs(blocking: Blocking): PairList {
  return drain(collectPairsSteps(blocking));
}

/** `collectPairs` one rule per step, yielding the number of rules done (as `blockingSteps`). */
export function* collectPairsSteps(blocking: Blocking): Generator<number, PairList, void> {
  const upper = blocking.rules.reduce((s, r) => s + r.count.pairs, 0);
  let capacity = Math.max(16, Math.min(upper, 1 << 22));
  let left = new Uint32Array(new SharedArrayBuffer(capacity * 4));
  let right = new Uint32Array(new SharedArrayBuffer(capacity * 4));
  let length = 0;
  const add = (i: number, j: number) => {
    if (length === capacity) {
      capacity = Math.min(upper, capacity * 2);
      const nl = new Uint32Array(new SharedArrayBuffer(capacity * 4));
      const nr = new Uint32Array(new SharedArrayBuffer(capacity * 4));
      nl.set(left);
      nr.set(right);
      left = nl;
      right = nr;
    }
    left[length] = i;
    right[length] = j;
    length++;
  };
  for (let r = 0; r < blocking.rules.length; r++) {
    forEachPairOfRule(blocking, r, add);
    yield r + 1;
  }
  return { left: left.subarray(0, length), right: right.subarray(0, length), length };
}
