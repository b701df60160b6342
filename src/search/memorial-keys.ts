/**
 * Keys of the memorial index (pure). A victim's names are stored as keys of several strengths, so that one
 * indexed lookup per query word finds the person however the relative spells the name:
 *
 * - `e:` the word as written, folded (case, diacritics, Arabic letters, ZWNJ) — an exact spelling;
 * - `s:` the Latin sound key (`latinWordKey`: Hossein = Hosein = Husein) — the same name in another spelling;
 * - `v:` the skeleton with long i kept (`longVowelKey`: Rezaei = رضایی, not Reza) — across scripts;
 * - `k:` the consonant skeleton (`skeletonKey`: Fatima = Fatemeh = فاطمه) — coarser, across scripts;
 * - `d:` the sound key (a Persian word: its folded form) and each form of it with one letter deleted, for
 *   words of 5 letters and more (Persian: 4): two words one edit apart share one of these (symmetric deletion).
 *
 * Compound names meet however they are written: adjacent words are also keyed joined (Pour Mohammadi and
 * Pour-Mohammadi also give "pourmohammadi"), and a query word may match joined with its neighbour
 * (Mohammad Reza finds Mohammadreza). The father's name is keyed the same way under `f` (`fe:`, `fs:`, …).
 */
import { foldForSearch, isHonorific, latinWordKey, longVowelKey, skeletonKey } from '../names/index.js';

/** How much a match of each kind counts; a person's score is the sum over query words of the best match. */
export const MEMORIAL_WEIGHTS = { exact: 40, sound: 30, skeleton: 20, prefix: 15, typo: 10 } as const;

const PERSIAN = /[\u0600-\u06ff]/;
const NOT_A_LETTER = /[^\p{L}\p{M}\p{N}]/gu;
/** At most this many words of a query count (the rest are ignored). */
export const MAX_MEMORIAL_QUERY_WORDS = 6;

export type KeyField = 'name' | 'father';
const PREFIX: Record<KeyField, string> = { name: '', father: 'f' };

/** Folded words of a name, without punctuation. */
export function memorialWords(text: string): string[] {
  return foldForSearch(text)
    .split(' ')
    .map((w) => w.replace(NOT_A_LETTER, ''))
    .filter(Boolean);
}

function deletions(word: string): string[] {
  const letters = [...word];
  const out = new Set<string>([word]);
  for (let i = 0; i < letters.length; i++)
    out.add([...letters.slice(0, i), ...letters.slice(i + 1)].join(''));
  return [...out];
}

/** The keys of one word with their weights; `typo` adds the deletion keys. */
function wordKeys(word: string, field: KeyField, typo: boolean): Map<string, number> {
  const p = PREFIX[field];
  const keys = new Map<string, number>();
  const add = (kind: string, value: string, weight: number) => {
    const key = `${p}${kind}:${value}`;
    if (value && (keys.get(key) ?? 0) < weight) keys.set(key, weight);
  };
  const persian = PERSIAN.test(word);
  add('e', word, MEMORIAL_WEIGHTS.exact);
  const sound = persian ? word : latinWordKey(word);
  if (!persian) add('s', sound, MEMORIAL_WEIGHTS.sound);
  add('v', longVowelKey(word), MEMORIAL_WEIGHTS.sound);
  add('k', skeletonKey(word), MEMORIAL_WEIGHTS.skeleton);
  if (typo && [...sound].length >= (persian ? 4 : 5))
    for (const d of deletions(sound)) add('d', d, MEMORIAL_WEIGHTS.typo);
  return keys;
}

/** Every key of a person's names (or father's name), each with its weight, without duplicates. */
export function memorialKeysOf(texts: readonly string[], field: KeyField): Map<string, number> {
  const keys = new Map<string, number>();
  const merge = (more: Map<string, number>) => {
    for (const [k, w] of more) if ((keys.get(k) ?? 0) < w) keys.set(k, w);
  };
  for (const text of texts) {
    const words = memorialWords(text);
    words.forEach((w, i) => {
      merge(wordKeys(w, field, true));
      const next = words[i + 1];
      if (next) merge(wordKeys(w + next, field, false));
    });
  }
  return keys;
}

/** What one query word may match: exact keys (with their weights) and prefixes of spellings and sound keys. */
export interface MemorialQueryWord {
  word: string;
  keys: Map<string, number>;
  prefixes: string[];
}

/**
 * The words of a query as index lookups. Honorifics (Seyed, Haj, سید) are left out when other words remain,
 * as lists write them before some names and not others.
 */
export function memorialQuery(text: string, field: KeyField = 'name'): MemorialQueryWord[] {
  let words = memorialWords(text);
  const plain = words.filter((w) => !isHonorific(w));
  if (plain.length) words = plain;
  words = words.slice(0, MAX_MEMORIAL_QUERY_WORDS);
  const p = PREFIX[field];
  return words.map((word, i) => {
    const keys = wordKeys(word, field, true);
    const joined = [words[i - 1] ? words[i - 1]! + word : null, words[i + 1] ? word + words[i + 1]! : null];
    for (const j of joined)
      if (j) for (const [k, w] of wordKeys(j, field, false)) if ((keys.get(k) ?? 0) < w) keys.set(k, w);
    // Only the last word is read as the start of a word (the relative may not have finished typing it);
    // a prefix of under three letters would match most of the memorial.
    const sound = PERSIAN.test(word) ? '' : latinWordKey(word);
    const last = i === words.length - 1 && [...word].length >= 3;
    const prefixes = last
      ? [`${p}e:${word}`, ...(sound.length >= 3 && !word.startsWith(sound) ? [`${p}s:${sound}`] : [])]
      : [];
    return { word, keys, prefixes };
  });
}

/** The exclusive upper bound of the keys that start with `prefix` (keys are compared byte by byte). */
export function prefixEnd(prefix: string): string {
  return `${prefix}\uffff`;
}
