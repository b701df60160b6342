import type { ComparisonSpec } from './comparisons.js';
import type { ComparisonColumn, TableCore } from './table.js';
import { editDistance, jaroWinkler } from './string-metrics.js';

/** Candidate pairs as two parallel arrays of record indices (left < right), in shared memory. */
export interface PairList {
  left: Uint32Array;
  right: Uint32Array;
  length: number;
}

/** Allocates a pair list of a given length in shared memory. */
export function allocatePairs(length: number): PairList {
  const left = new Uint32Array(new SharedArrayBuffer(Math.max(4, length * 4)), 0, length);
  const right = new Uint32Array(new SharedArrayBuffer(Math.max(4, length * 4)), 0, length);
  return { left, right, length };
}

/**
 * Comparison vectors: for pair p and comparison c, `levels[p * width + c]` is the level index
 * (0 = null, last = else). `width` is the number of comparisons.
 */
export interface ComparisonVectors {
  levels: Uint8Array;
  width: number;
  length: number;
}

/**
 * The comparison vectors of a few given pairs (labelled or reviewed ones), each put in order (left < right);
 * in the calling thread.
 */
export function compareGiven(
  table: TableCore,
  given: ReadonlyArray<{ left: number; right: number }>,
): { pairs: PairList; vectors: ComparisonVectors } {
  const pairs = allocatePairs(given.length);
  given.forEach((g, p) => {
    pairs.left[p] = Math.min(g.left, g.right);
    pairs.right[p] = Math.max(g.left, g.right);
  });
  const vectors = allocateVectors(pairs.length, table.comparisons.length);
  compareRange(table, pairs, 0, pairs.length, vectors);
  return { pairs, vectors };
}

/** Allocates vectors for `length` pairs in shared memory, so workers can fill disjoint ranges. */
export function allocateVectors(length: number, width: number): ComparisonVectors {
  const levels = new Uint8Array(new SharedArrayBuffer(Math.max(1, length * width)), 0, length * width);
  return { levels, width, length };
}

const EXACT = 0;
const KEY = 1;
const JARO_WINKLER = 2;
const EDIT = 3;
const WITHIN = 4;
const JARO_WINKLER_KEY = 5;
const KIND_CODE = {
  exact: EXACT,
  key: KEY,
  'jaro-winkler': JARO_WINKLER,
  'edit-distance': EDIT,
  within: WITHIN,
};

/**
 * Fills the comparison vectors of pairs [start, end). Runs comparison by comparison, so each column's arrays
 * stay hot; the similarity of a pair is computed at most once per comparison however many levels test it.
 */
export function compareRange(
  table: TableCore,
  pairs: PairList,
  start: number,
  end: number,
  out: ComparisonVectors,
): void {
  const width = table.comparisons.length;
  for (let c = 0; c < width; c++) {
    const column = table.columns[c]!;
    const plain = table.comparisons[c]!.levels.every((l) => !l.agreeOnly);
    // Levels on other fields (the names' "swapped" level) keep the fast loop while the comparison's own field
    // has a level of its own: a pair missing that field is then read level by level, as `compareFields` does.
    const own = table.levelColumns[c]!.some((col) => col === column);
    if (plain && own) compareOneField(table, c, pairs, start, end, out);
    else compareFields(table, c, pairs, start, end, out);
  }
}

interface LevelCodes {
  kinds: Uint8Array;
  params: Float64Array;
  transpositions: boolean;
  maxEdit: number;
}

function levelCodes(spec: ComparisonSpec): LevelCodes {
  const kinds = Uint8Array.from(spec.levels, (l) =>
    l.kind === 'jaro-winkler' && l.key !== undefined ? JARO_WINKLER_KEY : KIND_CODE[l.kind],
  );
  const params = Float64Array.from(spec.levels, (l) =>
    l.kind === 'jaro-winkler' ? l.threshold : l.kind === 'edit-distance' || l.kind === 'within' ? l.max : 0,
  );
  const transpositions = spec.levels.every((l) => l.kind !== 'edit-distance' || l.transpositions !== false);
  let maxEdit = 0;
  for (let l = 0; l < spec.levels.length; l++) if (kinds[l] === EDIT) maxEdit = Math.max(maxEdit, params[l]!);
  return { kinds, params, transpositions, maxEdit };
}

/**
 * Whether level l holds for the values a and b (codes in `column`, both present). The single-field loop below
 * caches Jaro–Winkler and edit distance across levels and asks this for the rest.
 */
function holds(column: ComparisonColumn, codes: LevelCodes, l: number, a: number, b: number): boolean {
  const { kinds, params } = codes;
  const { values, numbers, upper, keys, keyValues } = column;
  switch (kinds[l]) {
    case EXACT:
      return a === b;
    case KEY: {
      const ka = keys[l]![a]!;
      return ka >= 0 && ka === keys[l]![b];
    }
    case JARO_WINKLER:
      return a === b || jaroWinkler(values[a]!, values[b]!) >= params[l]!;
    case JARO_WINKLER_KEY: {
      // The keys alike: a typo on one side of a cross-script pair.
      const ka = keys[l]![a]!;
      const kb = keys[l]![b]!;
      if (ka < 0 || kb < 0) return false;
      return ka === kb || jaroWinkler(keyValues[l]![ka]!, keyValues[l]![kb]!) >= params[l]!;
    }
    case EDIT:
      return (
        a === b || editDistance(values[a]!, values[b]!, codes.maxEdit, codes.transpositions) <= params[l]!
      );
    default:
      // The gap between two ranges (a number is a range of one): 0 where they overlap.
      return Math.max(numbers[a]! - upper[b]!, numbers[b]! - upper[a]!, 0) <= params[l]!;
  }
}

function compareOneField(
  table: TableCore,
  c: number,
  pairs: PairList,
  start: number,
  end: number,
  out: ComparisonVectors,
): void {
  const { left, right } = pairs;
  const width = table.comparisons.length;
  const levelsOut = out.levels;
  const spec = table.comparisons[c]!;
  const column = table.columns[c]!;
  const { codes, values } = column;
  const nLevels = spec.levels.length;
  const levelCodesOf = levelCodes(spec);
  const { kinds, params, transpositions, maxEdit } = levelCodesOf;
  const elseLevel = nLevels + 1;
  const levelColumns = table.levelColumns[c]!;
  // Per level: the column of another field it tests, or null for the comparison's own.
  const foreign = levelColumns.map((col) => (col === column ? null : col));
  const anyForeign = foreign.some((col) => col !== null);
  for (let p = start; p < end; p++) {
    const a = codes[left[p]!]!;
    const b = codes[right[p]!]!;
    let level = 0;
    if ((a < 0 || b < 0) && anyForeign) {
      // Only the other fields' levels can answer: the first that holds, else null.
      for (let l = 0; l < nLevels; l++) {
        const col = foreign[l];
        if (!col) continue;
        const fa = col.codes[left[p]!]!;
        const fb = col.codes[right[p]!]!;
        if (fa < 0 || fb < 0) continue;
        if (holds(col, levelCodesOf, l, fa, fb)) {
          level = l + 1;
          break;
        }
        level = elseLevel;
      }
    } else if (a >= 0 && b >= 0) {
      level = elseLevel;
      let jw = -1;
      let ed = -1;
      for (let l = 0; l < nLevels; l++) {
        const col = foreign[l];
        if (col) {
          const fa = col.codes[left[p]!]!;
          const fb = col.codes[right[p]!]!;
          if (fa >= 0 && fb >= 0 && holds(col, levelCodesOf, l, fa, fb)) {
            level = l + 1;
            break;
          }
          continue;
        }
        let hit: boolean;
        switch (kinds[l]) {
          case JARO_WINKLER:
            if (jw < 0) jw = a === b ? 1 : jaroWinkler(values[a]!, values[b]!);
            hit = jw >= params[l]!;
            break;
          case EDIT:
            if (ed < 0) ed = a === b ? 0 : editDistance(values[a]!, values[b]!, maxEdit, transpositions);
            hit = ed <= params[l]!;
            break;
          default:
            hit = holds(column, levelCodesOf, l, a, b);
        }
        if (hit) {
          level = l + 1;
          break;
        }
      }
    }
    levelsOut[p * width + c] = level;
  }
}

/**
 * A comparison whose levels test several fields: the first level that both records can answer and that
 * holds; null when no level could be answered. Rare (one comparison of a settings file), so plainly written.
 */
function compareFields(
  table: TableCore,
  c: number,
  pairs: PairList,
  start: number,
  end: number,
  out: ComparisonVectors,
): void {
  const { left, right } = pairs;
  const width = table.comparisons.length;
  const spec = table.comparisons[c]!;
  const columns = table.levelColumns[c]!;
  const nLevels = spec.levels.length;
  const codesOfLevels = levelCodes(spec);
  const agreeOnly = spec.levels.map((l) => l.agreeOnly === true);
  for (let p = start; p < end; p++) {
    let level = 0;
    for (let l = 0; l < nLevels; l++) {
      const column = columns[l]!;
      const a = column.codes[left[p]!]!;
      const b = column.codes[right[p]!]!;
      if (a < 0 || b < 0) continue;
      if (holds(column, codesOfLevels, l, a, b)) {
        level = l + 1;
        break;
      }
      if (!agreeOnly[l]) level = nLevels + 1;
    }
    out.levels[p * width + c] = level;
  }
}
