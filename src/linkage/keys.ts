import {
  foldDigraphs,
  foldForSearch,
  isHonorific,
  latinKeys,
  longVowelKey,
  skeletonKey,
  unifyDigits,
} from '../names/index.js';

/**
 * A value transform or key function: maps a (non-null) field value to a string key, or null when the value
 * carries no key. Comparisons and blocking rules name them, so declarations stay plain data.
 */
export type KeyFunction = (value: string) => string | null;

/** Persian and Arabic-Indic digits to ASCII digits. */
export const asciiDigits = unifyDigits;

/**
 * Cross-script consonant skeleton of a name (see `skeletonKey` in src/names), null when nothing is left:
 * حسین, Hossein, Hosein, Hussein → "hsn"; پورمحمدی, Pour-Mohammadi, Pourmohammadi → "prmhmd".
 * Coarse by design (Mahmoud and Mohammad meet), so use it as one comparison level among others.
 */
export function nameSkeleton(name: string): string | null {
  return skeletonKey(name) || null;
}

/**
 * A year in the Gregorian calendar: Persian digits accepted, a Solar Hijri year (1250–1450) shifted by 621.
 * A Solar Hijri year overlaps two Gregorian years, so compare the result within one year.
 */
export function gregorianYear(value: string): string | null {
  const match = /(\d{4})/.exec(asciiDigits(value));
  if (!match) return null;
  const year = Number(match[1]);
  if (year >= 1250 && year <= 1450) return String(year + 621);
  return String(year);
}

/** American Soundex (letter and three digits) of the first word, for blocking Latin names. */
export function soundex(value: string): string | null {
  const s = foldForSearch(value).replace(/[^a-z]/g, '');
  if (!s) return null;
  const codes = 'abcdefghijklmnopqrstuvwxyz';
  const digits = '01230120022455012623010202';
  let out = s[0]!.toUpperCase();
  let last = digits[codes.indexOf(s[0]!)]!;
  for (let i = 1; i < s.length && out.length < 4; i++) {
    const ch = s[i]!;
    const d = digits[codes.indexOf(ch)]!;
    if (d !== '0' && d !== last) out += d;
    if (ch !== 'h' && ch !== 'w') last = d;
  }
  return out.padEnd(4, '0');
}

/**
 * A capital I inside a word written in lower case is read as the l it almost always is: in scanned lists OCR
 * takes l for I (TaIvazfar, AIi), which hardly any name written in mixed case has. A word in capitals (ALI) or
 * one that starts with I (Iraj) is left as it is; the rare true one (McIntyre) is read alike on both sides of a
 * pair, so it still meets itself.
 */
export function ocrCapitalI(value: string): string {
  return value.replace(/\p{L}+/gu, (word) =>
    /\p{Ll}/u.test(word) ? word[0] + word.slice(1).replaceAll('I', 'l') : word,
  );
}

/**
 * A name's skeleton with the letters a scan confuses read as one: rn as m (Arnir, Amir) and b as h (Tagbinia,
 * Taghinia), in the skeleton, so that both scripts fold alike (ب and ح/ه too). A b read as h may complete a
 * digraph the skeleton spells as one letter (gh q, kh x, sh S, zh J), as it would have had the scan been right.
 * Coarser than the skeleton: it serves the skeleton's comparison levels, whose weight EM learns.
 */
export function ocrSkeleton(name: string): string | null {
  const k = nameSkeleton(name);
  if (k === null) return null;
  const folded = foldDigraphs(k.replace(/rn/g, 'm').replace(/b/g, 'h')).replace(/(.)\1+/g, '$1');
  return folded || null;
}

/**
 * A name folded for comparison: titles (Seyed/Sayyed/سید, Haj, Sheikh) dropped and the words of a compound
 * joined, so that Pour-Mohammadi, Pour Mohammadi and Pourmohammadi are one value; an OCR capital I inside a
 * lower-case word is read as l (`ocrCapitalI`).
 */
export function compactName(value: string): string | null {
  const words = foldForSearch(ocrCapitalI(value))
    .split(' ')
    .filter((w) => w && !isHonorific(w));
  return words.join('') || null;
}

/** Words that name the kind of a place rather than the place: "Tabriz Central" and زندان تبریز are one prison. */
const GENERIC_PLACE_WORDS: ReadonlySet<string> = new Set([
  'prison',
  'central',
  'jail',
  'zendan',
  'markazi',
  'زندان',
  'مرکزی',
  'بازداشتگاه',
]);

/**
 * A place name folded for comparison like `compactName`, with the words that only say what kind of place it is
 * (prison, central, زندان, مرکزی) dropped, so that lists naming one prison differently still meet.
 */
export function placeName(value: string): string | null {
  const words = foldForSearch(value)
    .split(' ')
    .filter((w) => w && !GENERIC_PLACE_WORDS.has(w));
  return words.join('') || compactName(value);
}

const registry = new Map<string, KeyFunction>([
  ['identity', (v) => v],
  ['fold', (v) => foldForSearch(v) || null],
  ['compact-name', compactName],
  ['place-name', placeName],
  ['digits', (v) => asciiDigits(v).replace(/\D/g, '') || null],
  ['name-skeleton', nameSkeleton],
  ['name-skeleton-ocr', ocrSkeleton],
  // The skeleton with long i kept (Hossein/حسین hsin, Hassan/حسن hsn): finer across scripts than the skeleton.
  ['long-vowel', (v) => longVowelKey(v) || null],
  ['latin-key', (v) => latinKeys(v).join(' ') || null],
  ['gregorian-year', gregorianYear],
  ['soundex', soundex],
  ['first-3', (v) => foldForSearch(v).slice(0, 3) || null],
]);

/**
 * A key-set function: a value's several blocking keys, any one of which, shared, makes two records a candidate
 * pair (its one-letter-off neighbours). Blocking only: a comparison needs one key per value.
 */
export type KeySetFunction = (value: string) => string[] | null;

const keySets = new Map<string, KeySetFunction>();

/**
 * A key and every key with one of its letters deleted (keys of three letters or more; a shorter key stands for
 * itself alone). Two keys share one of these when one letter was mistyped, dropped, added, or two neighbours
 * swapped: Talvazfar tlvzfr and a scan's tvzfr; Rezaei rz and Rczaee rkz.
 */
export function oneDeletionNeighbours(key: string): string[] {
  const chars = [...key];
  if (chars.length < 3) return [key];
  const out = new Set([key]);
  for (let i = 0; i < chars.length; i++) out.add([...chars.slice(0, i), ...chars.slice(i + 1)].join(''));
  return [...out];
}

/** Registers a key-set function under a name that blocking rules can refer to (see `KeySetFunction`). */
export function registerKeySetFunction(name: string, fn: KeySetFunction): void {
  keySets.set(name, fn);
}

/** The key-set function registered under `name`, or undefined when the name is a plain key function's. */
export function keySetFunction(name: string): KeySetFunction | undefined {
  return keySets.get(name);
}

/**
 * Registers a key function under a name that comparisons and blocking rules can refer to. Key functions run
 * once per distinct value when a table is compiled, in the calling thread, so worker threads never need them.
 */
export function registerKeyFunction(name: string, fn: KeyFunction): void {
  registry.set(name, fn);
}

/** The key function registered under `name`; throws on an unknown name so a typo fails early. */
export function keyFunction(name: string): KeyFunction {
  const fn = registry.get(name);
  if (!fn) throw new Error(`Unknown key function "${name}"`);
  return fn;
}
