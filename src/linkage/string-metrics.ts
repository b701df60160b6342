/*
 * String similarity on UTF-16 code units. Both functions reuse module-level scratch buffers: they run in hot
 * loops over millions of pairs, where allocating per call would dominate the cost.
 */

let flagsA = new Uint8Array(64);
let flagsB = new Uint8Array(64);

function ensureFlags(length: number): void {
  if (flagsA.length < length) {
    flagsA = new Uint8Array(length * 2);
    flagsB = new Uint8Array(length * 2);
  }
}

/** Jaro similarity in [0, 1]; 1 for two identical strings (including two empty ones). */
export function jaro(a: string, b: string): number {
  if (a === b) return 1;
  const la = a.length;
  const lb = b.length;
  if (la === 0 || lb === 0) return 0;
  const window = Math.max(0, (Math.max(la, lb) >> 1) - 1);
  ensureFlags(Math.max(la, lb));
  flagsA.fill(0, 0, la);
  flagsB.fill(0, 0, lb);
  let matches = 0;
  for (let i = 0; i < la; i++) {
    const lo = Math.max(0, i - window);
    const hi = Math.min(lb - 1, i + window);
    const c = a.charCodeAt(i);
    for (let j = lo; j <= hi; j++) {
      if (flagsB[j] === 0 && b.charCodeAt(j) === c) {
        flagsA[i] = 1;
        flagsB[j] = 1;
        matches++;
        break;
      }
    }
  }
  if (matches === 0) return 0;
  let transpositions = 0;
  let k = 0;
  for (let i = 0; i < la; i++) {
    if (flagsA[i] === 0) continue;
    while (flagsB[k] === 0) k++;
    if (a.charCodeAt(i) !== b.charCodeAt(k)) transpositions++;
    k++;
  }
  const m = matches;
  return (m / la + m / lb + (m - transpositions / 2) / m) / 3;
}

/**
 * Jaro–Winkler similarity (Winkler 1990): Jaro boosted by 0.1 per shared leading character, up to four, when
 * the Jaro value exceeds 0.7. MARTHA/MARHTA 0.961, DWAYNE/DUANE 0.840, DIXON/DICKSONX 0.813.
 */
export function jaroWinkler(a: string, b: string): number {
  const j = jaro(a, b);
  if (j <= 0.7) return j;
  const limit = Math.min(4, a.length, b.length);
  let prefix = 0;
  while (prefix < limit && a.charCodeAt(prefix) === b.charCodeAt(prefix)) prefix++;
  return j + prefix * 0.1 * (1 - j);
}

let row0 = new Int32Array(64);
let row1 = new Int32Array(64);
let row2 = new Int32Array(64);

/**
 * Damerau–Levenshtein distance (optimal string alignment: insertions, deletions, substitutions and
 * transpositions of adjacent characters), or `max + 1` as soon as the distance is known to exceed `max`.
 * Set `transpositions` to false for plain Levenshtein.
 */
export function editDistance(a: string, b: string, max = Infinity, transpositions = true): number {
  if (a === b) return 0;
  const la = a.length;
  const lb = b.length;
  const cap = Number.isFinite(max) ? max + 1 : Math.max(la, lb);
  if (Math.abs(la - lb) > max) return cap;
  if (la === 0) return Math.min(lb, cap);
  if (lb === 0) return Math.min(la, cap);
  if (row0.length <= lb) {
    row0 = new Int32Array(lb * 2 + 1);
    row1 = new Int32Array(lb * 2 + 1);
    row2 = new Int32Array(lb * 2 + 1);
  }
  // prev2 = row i-2, prev = row i-1, cur = row i
  let prev2 = row0;
  let prev = row1;
  let cur = row2;
  for (let j = 0; j <= lb; j++) prev[j] = j;
  for (let i = 1; i <= la; i++) {
    cur[0] = i;
    let rowMin = i;
    const ca = a.charCodeAt(i - 1);
    for (let j = 1; j <= lb; j++) {
      const cb = b.charCodeAt(j - 1);
      const cost = ca === cb ? 0 : 1;
      let d = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (transpositions && i > 1 && j > 1 && ca === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === cb) {
        d = Math.min(d, prev2[j - 2]! + 1);
      }
      cur[j] = d;
      if (d < rowMin) rowMin = d;
    }
    if (rowMin > max) return cap;
    const t = prev2;
    prev2 = prev;
    prev = cur;
    cur = t;
  }
  return Math.min(prev[lb]!, cap);
}
