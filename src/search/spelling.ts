/**
 * Spelling keys: what makes two spellings of one word meet in the index, for any word of a text — not only
 * the names of known entities. Built from src/names, as the memorial's keys are, and written as plain
 * lower-case letters and digits so that FTS5's tokenizer keeps each key one token.
 *
 * Keys of a word, by strength:
 * - spelling (`s`, `v`): `s` the Latin sound key (latinWordKey: Hossein = Hosein = Hussein, Raisi = Raissi =
 *   Raeesi), for Latin words; `v` the skeleton with long i kept (longVowelKey), for every word, which is
 *   what a Persian-script word and its romanizations share (رئیسی = Raisi, قلیزاده = Gholizadeh) and what
 *   sets Rezaei apart from Reza.
 * - similar (`p`, `c`, `d`), for name-like words only — a Persian-script word, or a Latin word written with a
 *   capital: `p`/`c` the bare consonant skeleton of a Persian / capitalised Latin word (Fatima and فاطمه,
 *   whose long-vowel keys differ), asked for across scripts; `d` the Latin sound key and each form of it with
 *   one letter left out, for sound keys of six letters and more: two spellings one or two edits apart share
 *   one (symmetric deletion: Kalanatri and Kalantari, Pourmohammdi and Pourmohammadi); `q` the same for
 *   Persian-script words, on their long-vowel key of five letters and more (لاجودی and لاجوردی).
 *
 * Names as units: parts written apart (Pour Mohammadi, Mohammad Reza, Gholi Zadeh, پور محمدی) are also keyed
 * joined when one of them is a usual part of compound names (`COMPOUND_FIRST`, `COMPOUND_SECOND`); parts
 * joined by a hyphen or a ZWNJ already are (analyse.ts).
 */
import { latinWordKey, longVowelKey, skeletonKey } from '../names/index.js';
import type { TextRun } from './analyse.js';

const PERSIAN = /[\u0600-\u06ff]/;
const LATIN = /^[a-z]+$/;
/** Sound keys this long and longer get deletion keys (shorter words differ too much after one edit). */
export const MIN_TYPO_LENGTH = 6;
/** …and up to this length: longer "words" (codes, base64) are not names, and would give a key per letter. */
export const MAX_TYPO_LENGTH = 24;
/**
 * Persian-script words whose long-vowel key (consonants and long i) is this long and longer get typo keys:
 * a letter missing, added or mistyped in a long word (لاجودی for لاجوردی). A short vowel letter too many or
 * too few (ا, و) already meets through the skeleton.
 */
export const MIN_PERSIAN_TYPO_LENGTH = 5;
/** Skeletons this long and longer are matched across scripts (Reza's "rz" would match too much). */
export const MIN_SKELETON_LENGTH = 3;

/** Parts of compound names that are written apart, hyphenated or joined, in folded form. */
const COMPOUND_FIRST = new Set(['pour', 'poor', 'pur', 'پور', 'abdol', 'abdul', 'abol', 'عبد', 'mir', 'میر']);
const COMPOUND_SECOND = new Set([
  'zadeh',
  'zade',
  'زاده',
  'reza',
  'رضا',
  'ali',
  'علی',
  'allah',
  'ollah',
  'olah',
  'الله',
  'din',
  'eddin',
  'odin',
  'الدین',
]);

/** Whether two neighbouring words may be one name written apart. */
export function isCompoundPair(first: string, second: string): boolean {
  return COMPOUND_FIRST.has(first) || COMPOUND_SECOND.has(second);
}

/** A part beside a usual compound part must be this long to be a name of its own (Soltan of Soltanzadeh). */
const MIN_COMPOUND_REST = 3;

/** The parts longest first, so that Alaeddin splits as ala and eddin, not alae and din. */
const LONGEST_FIRST = [...COMPOUND_FIRST].sort((a, b) => b.length - a.length);
const LONGEST_SECOND = [...COMPOUND_SECOND].sort((a, b) => b.length - a.length);

/** A word written as one compound name, in its two parts (soltanzadeh: soltan, zadeh), or null. */
export function compoundParts(term: string): [string, string] | null {
  for (const first of LONGEST_FIRST)
    if (term.startsWith(first) && term.length - first.length >= MIN_COMPOUND_REST)
      return [first, term.slice(first.length)];
  for (const second of LONGEST_SECOND)
    if (term.endsWith(second) && term.length - second.length >= MIN_COMPOUND_REST)
      return [term.slice(0, -second.length), second];
  return null;
}

/**
 * The other ways a phrase's words may write its compound names: every pair of neighbouring words that may be
 * one name joined (Akbar Soltan Zadeh: akbar soltanzadeh; Gholam Ali: the one word gholamali), and every
 * joined compound split (akbar soltan zadeh). A phrase then meets a name however each text writes it, and
 * the same on both databases (SQLite's phrases see only the words as written; PostgreSQL also places a
 * hyphenated compound's joined form).
 */
export function compoundForms(terms: readonly string[]): string[][] {
  const joined: string[] = [];
  for (let i = 0; i < terms.length; i++) {
    const next = terms[i + 1];
    if (next !== undefined && isCompoundPair(terms[i]!, next)) {
      joined.push(terms[i]! + next);
      i++;
    } else joined.push(terms[i]!);
  }
  const split = joined.flatMap((t) => compoundParts(t) ?? [t]);
  const typed = terms.join(' ');
  const forms = new Map<string, string[]>();
  for (const form of [joined, split]) {
    const text = form.join(' ');
    if (text !== typed) forms.set(text, form);
  }
  return [...forms.values()];
}

/** The letters a key never uses otherwise, for the two that FTS5 would fold into others (ش S, ژ J). */
function lower(key: string): string {
  return key.replace(/S/g, 'w').replace(/J/g, 'e');
}

/** The Latin sound key of a folded word, or '' for a word that is not all Latin letters. */
export function soundOf(term: string): string {
  return LATIN.test(term) ? latinWordKey(term) : '';
}

/**
 * Keys of recent words: a text's vocabulary repeats (Zipf), and keying a word takes several regular
 * expressions. Bounded: emptied when full.
 */
const CACHE_SIZE = 100_000;
function memo(compute: (term: string) => string[]): (term: string) => string[] {
  const cache = new Map<string, string[]>();
  return (term) => {
    let keys = cache.get(term);
    if (!keys) {
      if (cache.size >= CACHE_SIZE) cache.clear();
      cache.set(term, (keys = compute(term)));
    }
    return keys;
  };
}

/** The spelling keys of a folded word (`s`, `v`). */
export const spellingKeysOf = memo(computeSpellingKeys);

function computeSpellingKeys(term: string): string[] {
  const out: string[] = [];
  const sound = soundOf(term);
  if (sound) out.push(`s${sound}`);
  const vowel = PERSIAN.test(term) || sound ? lower(longVowelKey(term)) : '';
  if (vowel) out.push(`v${vowel}`);
  return out;
}

/** Whether a similar key is a typo key (`d` Latin, `q` Persian script) rather than a skeleton. */
export function isTypoKey(key: string): boolean {
  return key.startsWith('d') || key.startsWith('q');
}

/** Each form of a word with one letter left out, and the word itself. */
export function deletions(word: string): string[] {
  const letters = [...word];
  const out = new Set([word]);
  for (let i = 0; i < letters.length; i++)
    out.add([...letters.slice(0, i), ...letters.slice(i + 1)].join(''));
  return [...out];
}

/** The similar-spelling keys a name-like word is indexed with (`p` or `c`, and `d`). */
export const similarKeysOf = memo(computeSimilarKeys);

function computeSimilarKeys(term: string): string[] {
  const persian = PERSIAN.test(term);
  const sound = soundOf(term);
  if (!persian && !sound) return [];
  const out: string[] = [];
  const skeleton = lower(skeletonKey(term));
  if (skeleton.length >= MIN_SKELETON_LENGTH) out.push(`${persian ? 'p' : 'c'}${skeleton}`);
  if (sound.length >= MIN_TYPO_LENGTH && sound.length <= MAX_TYPO_LENGTH)
    for (const d of deletions(sound)) out.push(`d${d}`);
  out.push(...persianTypoKeys(term, persian));
  return out;
}

/** The typo keys of a Persian-script word (`q`): its long-vowel key and each form with one letter left out. */
function persianTypoKeys(term: string, persian: boolean, shorter = 0): string[] {
  if (!persian) return [];
  const vowel = lower(longVowelKey(term));
  if (vowel.length < MIN_PERSIAN_TYPO_LENGTH - shorter || vowel.length > MAX_TYPO_LENGTH) return [];
  return deletions(vowel).map((d) => `q${d}`);
}

/**
 * The similar-spelling keys a query word asks for: the skeleton of romanized names (and, for a Latin word,
 * of Persian-script words too: Fatima finds Fatemeh and فاطمه, whose long-vowel keys differ from its own),
 * and the deletion keys of a long Latin sound key (a typo).
 */
export function similarQueryKeys(term: string): string[] {
  const persian = PERSIAN.test(term);
  const sound = soundOf(term);
  if (!persian && !sound) return [];
  const out: string[] = [];
  const skeleton = lower(skeletonKey(term));
  if (skeleton.length >= MIN_SKELETON_LENGTH) out.push(`c${skeleton}`, ...(persian ? [] : [`p${skeleton}`]));
  // One letter shorter than the indexed words: a query missing a letter asks for itself, which the word it
  // misses is indexed with (its forms with one letter left out).
  if (sound.length >= MIN_TYPO_LENGTH - 1 && sound.length <= MAX_TYPO_LENGTH)
    for (const d of deletions(sound)) out.push(`d${d}`);
  out.push(...persianTypoKeys(term, persian, 1));
  return out;
}

/** One word of a text as the key builder sees it: its folded form and whether it is name-like. */
export interface KeyedWord {
  term: string;
  /** A Persian-script word, or a Latin one written with a capital. */
  nameLike: boolean;
  /** Whether the next word follows it directly (no sentence or field break between). */
  joinsNext: boolean;
}

/**
 * The words of a text for keying, from its runs (analyse.textRuns): a run holding several parts (a
 * hyphenated or apostrophed compound) gives its parts and their joined form; a run is name-like when it is
 * in Persian script or starts with a capital; neighbours join when only spaces lie between them.
 */
export function keyedWords(text: string, runs: readonly TextRun[]): KeyedWord[] {
  const out: KeyedWord[] = [];
  runs.forEach((run, i) => {
    if (run.terms.length === 0) return;
    const first = text.charAt(run.start);
    const nameLike = PERSIAN.test(first) || first !== first.toLowerCase();
    const next = runs[i + 1];
    const joinsNext = !!next && /^[ \t\u00a0\u200c]*$/.test(text.slice(run.end, next.start));
    if (run.terms.length > 1) {
      for (const term of run.terms) out.push({ term, nameLike, joinsNext: false });
      out.push({ term: run.terms.join(''), nameLike, joinsNext });
    } else out.push({ term: run.terms[0]!, nameLike, joinsNext });
  });
  return out;
}

/** The spelling and similar keys of a text's words, each once. */
export function textKeys(words: readonly KeyedWord[]): { spelling: Set<string>; similar: Set<string> } {
  const spelling = new Set<string>();
  const similar = new Set<string>();
  const add = (term: string, nameLike: boolean) => {
    for (const k of spellingKeysOf(term)) spelling.add(k);
    if (nameLike) for (const k of similarKeysOf(term)) similar.add(k);
  };
  words.forEach((w, i) => {
    add(w.term, w.nameLike);
    const next = words[i + 1];
    if (next && w.joinsNext && isCompoundPair(w.term, next.term))
      add(w.term + next.term, w.nameLike || next.nameLike);
  });
  return { spelling, similar };
}
