/**
 * How text becomes index terms, identically for both backends and for queries: the shared search folding
 * of src/names (Arabic yeh and kaf, diacritics, tatweel, digits of every system, case), then words as runs
 * of letters, marks and digits. The backends receive terms already split and joined by single spaces (SQLite)
 * or as tsvector lexemes (PostgreSQL), so neither FTS5's tokenizer nor PostgreSQL's parser decides what a
 * word is, and a query can never smuggle operator syntax into either engine.
 *
 * Persian writes one word with a zero-width non-joiner, a space or nothing (می‌خواهم, می خواهم, میخواهم;
 * قاسم‌زاده, قاسمزاده) and romanized compounds with a hyphen or nothing (Pour-Mohammadi, Pourmohammadi), and
 * romanizations mark a hamza or an ain with an apostrophe or not (Ra'isi, Raisi). Parts joined by a ZWNJ, a
 * hyphen or an apostrophe are indexed as separate words and, in addition, as their concatenation.
 */
import { foldForSearch, longVowelKey, skeletonKey } from '../names/index.js';

const TOKEN = /[\p{L}\p{N}\p{M}]+/gu;
/** Stands for a ZWNJ or a hyphen while folding, which would turn both into spaces. Private use: never in input. */
const JOIN = '\uE000';
const JOINERS = /[\u200c\-\u2010\u2011\u2012\u2013\u2014'`\u2019\u02bc\u02bb]/g;
/** Separates runs folded in one call; private use, left alone by the folding. */
const RUN_SEPARATOR = '\uE001';
/** Longer "words" (base64, URLs without punctuation) are cut: PostgreSQL limits lexemes to 2 KB. */
export const MAX_TERM_LENGTH = 64;
/** Compounds longer than this many parts are not joined (prevents quadratic growth on hyphenated lists). */
const MAX_JOINED_PARTS = 4;

export interface AnalysedText {
  /** Folded words in order. */
  terms: string[];
  /** Concatenations of parts joined by a ZWNJ or a hyphen, with the position of their first part. */
  joins: Array<{ at: number; term: string }>;
}

function clip(term: string): string {
  return term.length > MAX_TERM_LENGTH ? term.slice(0, MAX_TERM_LENGTH) : term;
}

/** The index terms of a text: folded words, plus joined forms of compounds. */
export function analyse(text: string): AnalysedText {
  const folded = foldForSearch(text.replace(JOINERS, JOIN));
  const terms: string[] = [];
  const joins: AnalysedText['joins'] = [];
  let compoundStart = -1;
  let previousEnd = -1;
  for (const match of folded.matchAll(TOKEN)) {
    const index = match.index;
    const joined =
      previousEnd >= 0 &&
      folded.charCodeAt(previousEnd) === 0xe000 &&
      /^\uE000+$/.test(folded.slice(previousEnd, index));
    if (!joined) compoundStart = terms.length;
    terms.push(clip(match[0]));
    const last = terms.length - 1;
    for (let first = Math.max(compoundStart, last - MAX_JOINED_PARTS + 1); first < last; first++) {
      joins.push({ at: first, term: clip(terms.slice(first, last + 1).join('')) });
    }
    previousEnd = index + match[0].length;
  }
  return { terms, joins };
}

/** Folded words of a short text (a query word, a name), without joined forms. */
export function termsOf(text: string): string[] {
  return analyse(text).terms;
}

/** A word of the original text: its span and the folded terms it holds. */
export interface TextRun {
  start: number;
  end: number;
  terms: string[];
}

// A run keeps the characters that folding removes or turns into word breaks inside a word (ZWNJ, soft hyphen,
// hyphens), so that a highlight covers the word as the reader sees it.
const RAW_RUN =
  /[\p{L}\p{N}\p{M}\u00ad\u200c]+(?:[-\u2010\u2011'`\u2019\u02bc\u02bb][\p{L}\p{N}\p{M}\u00ad\u200c]+)*/gu;

/** Whether `word` is ASCII letters and digits only: its folding is its lower case (see `textRuns`). */
function isPlainAscii(word: string): boolean {
  for (let i = 0; i < word.length; i++) {
    const c = word.charCodeAt(i);
    if (!((c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57))) return false;
  }
  return true;
}

/**
 * The words of a text with their offsets, for snippets. A word of ASCII letters and digits folds to its lower
 * case (no normalisation, mark, digit or joiner rule applies to it), so only the other words are folded, in
 * one call: most of an English text costs no folding at all.
 */
export function textRuns(text: string): TextRun[] {
  const runs: TextRun[] = [];
  const raw: string[] = [];
  const slow: TextRun[] = [];
  for (const match of text.matchAll(RAW_RUN)) {
    const word = match[0];
    const run: TextRun = { start: match.index, end: match.index + word.length, terms: [] };
    runs.push(run);
    if (isPlainAscii(word)) run.terms = [clip(word.toLowerCase())];
    else {
      slow.push(run);
      raw.push(word);
    }
  }
  if (raw.length === 0) return runs;
  const folded = foldForSearch(raw.join(RUN_SEPARATOR)).split(RUN_SEPARATOR);
  // The folding keeps the separators; if it ever did not, fold word by word rather than misplace highlights.
  const perRun = folded.length === raw.length ? folded : raw.map((r) => foldForSearch(r));
  slow.forEach((run, i) => {
    const word = perRun[i] ?? '';
    // Most words fold to one term; only compounds and words with punctuation need splitting.
    run.terms = /^[\p{L}\p{N}\p{M}]+$/u.test(word) ? [clip(word)] : (word.match(TOKEN) ?? []).map(clip);
  });
  return runs;
}

/** The letters a key never uses otherwise, for the two that FTS5 would fold into others (ش S, ژ J). */
function lowerKey(key: string): string {
  return key.replace(/S/g, 'w').replace(/J/g, 'e');
}

/**
 * The coarse cross-script key of one word: its consonant skeleton (src/names), shared by a Persian-script
 * word and its romanizations — and by some other names (Reza and Rezaei, Hassan and Hossein). The skeleton
 * writes ش and ژ as upper-case S and J, which FTS5 would fold into s and j; they become letters the skeleton
 * never produces (w, e), keeping every key lower-case and distinct.
 */
export function wordKey(word: string): string {
  return lowerKey(skeletonKey(word));
}

/**
 * The fine cross-script key: the skeleton with long i kept (src/names/long-vowel-key), which separates
 * Rezaei from Reza. Stored and queried with the prefix FINE so that it never meets a coarse key.
 */
export function fineWordKey(word: string): string {
  return lowerKey(longVowelKey(word));
}
export const FINE = '1';

/**
 * Whether a query key `query` matches a name key `name`: exactly for keys of one or two letters (too common
 * to be prefixes: "l" for Ali, "rz" for Reza), as a prefix for longer ones (Hosein → حسینعلی).
 */
export function keyMatches(query: string, name: string): boolean {
  return query.length >= 3 ? name.startsWith(query) : name === query;
}

/** A name's words with their coarse and fine keys (empty for honorifics). */
export interface NameWord {
  term: string;
  key: string;
  fine: string;
}

export function nameWords(name: string): NameWord[] {
  return termsOf(name).map((term) => {
    const key = wordKey(term);
    return { term, key, fine: key ? fineWordKey(term) : '' };
  });
}

/**
 * Cross-script keys of a set of names, coarse and fine (prefixed with FINE): the key of each word and of
 * each pair of neighbouring words, so that "Pour Mohammadi", "Pour-Mohammadi" and پورمحمدی meet. Honorifics
 * have no key.
 */
export function namesKeys(names: readonly string[]): string[] {
  const keys = new Set<string>();
  for (const name of names) {
    const words = nameWords(name).filter((w) => w.key);
    words.forEach((w, i) => {
      keys.add(w.key);
      if (w.fine) keys.add(FINE + w.fine);
      const next = words[i + 1];
      if (!next) return;
      keys.add(w.key + next.key);
      if (w.fine && next.fine) keys.add(FINE + w.fine + next.fine);
    });
  }
  return [...keys];
}
