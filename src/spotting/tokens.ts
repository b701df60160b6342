/**
 * Splits text into word and number tokens with their offsets in the ORIGINAL text, and gives each word the keys
 * names are compared on. Nothing here rewrites the text: a token's span covers everything a reader sees as the
 * word, including the vowel marks, tatweel, presentation forms and invisible marks inside it, and its keys are
 * computed from that slice by the shared normaliser (`src/names`). So offsets never need mapping back, however
 * much normalising changes a word's length.
 *
 * A ZWNJ, a tight hyphen and white space all separate tokens; the separator is kept (`sep`) so that compound
 * names (پور‌محمدی, Pour-Mohammadi) can be matched whether their parts are joined, spaced or hyphenated.
 */
import { foldForSearch, latinWordKey, skeletonTokens } from '../names/index.js';

/** How a token is separated from the one before it. Names may run across `space`, `zwnj` and `hyphen` only. */
type Separator = 'start' | 'none' | 'space' | 'zwnj' | 'hyphen' | 'dash' | 'break';

export type Script = 'fa' | 'latin' | 'other';

export interface Token {
  start: number;
  end: number;
  /** The original slice. */
  text: string;
  /** Digits (any system), possibly with thousands separators (`30,000`, `۳۰٬۰۰۰`). */
  isNumber: boolean;
  sep: Separator;
  /** The original text between the previous token and this one. */
  gap: string;
}

/** The comparison keys of one word. */
export interface WordKeys {
  /** foldForSearch without anything but letters and digits: case, diacritics, Persian letter variants folded. */
  fold: string;
  /** Latin sound key (`latinWordKey`) for Latin words, the fold for others. */
  sound: string;
  /** Cross-script consonant skeleton (`skeletonTokens`); empty for honorifics and vowel-only words. */
  skeleton: string;
  script: Script;
  /** Starts with an upper-case letter. */
  capitalised: boolean;
}

const DIGIT = '[0-9\\u0660-\\u0669\\u06f0-\\u06f9]';
// Marks that may sit inside a word without breaking it: ZWJ, soft hyphen, direction marks and isolates, BOM.
const IN_WORD = '\\u200d\\u00ad\\u200e\\u200f\\u202a-\\u202e\\u2066-\\u2069\\ufeff';
const TOKEN = new RegExp(
  `(${DIGIT}+(?:[,\\u066c\\u060c'’]${DIGIT}{3}(?!${DIGIT}))*)` +
    `|([\\p{L}\\p{M}](?:[\\p{L}\\p{M}${IN_WORD}]|['’ʼ](?=\\p{L}))*)`,
  'gu',
);
const POSSESSIVE = /['’ʼ][sS]$/;
const PARAGRAPH = /\n[^\S\n]*\n|\f/;
const PERSIAN_LETTER = /[\u0600-\u06ff\ufb50-\ufdff\ufe70-\ufeff]/;
const LATIN_LETTER = /\p{Script=Latin}/u;

function separator(gap: string): Separator {
  if (gap === ' ') return 'space';
  if (gap === '') return 'none';
  if (/^[\s\u200c]+$/.test(gap)) {
    if (PARAGRAPH.test(gap)) return 'break';
    return /^\u200c+$/.test(gap) ? 'zwnj' : 'space';
  }
  // A tight hyphen joins compound parts; so does one ending a line (Pour-\nMohammadi, hyphenated by a PDF).
  if (/^[-‐‑]\n?$/.test(gap)) return 'hyphen';
  if (/^\s*[-‐‑‒–—]\s*$/.test(gap)) return 'dash';
  return 'break';
}

/** The word and number tokens of a text, in order, with offsets into it. */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let previousEnd = 0;
  for (const match of text.matchAll(TOKEN)) {
    const start = match.index;
    let word = match[0];
    // "Montazeri's memoir": the possessive is not part of the name.
    if (match[2] !== undefined && POSSESSIVE.test(word) && word.length > 2) word = word.slice(0, -2);
    const gap = text.slice(previousEnd, start);
    tokens.push({
      start,
      end: start + word.length,
      text: word,
      isNumber: match[1] !== undefined,
      sep: tokens.length === 0 ? 'start' : separator(gap),
      gap,
    });
    previousEnd = start + word.length;
  }
  return tokens;
}

/** True when a name may continue across this separator. */
export function joinsName(sep: Separator): boolean {
  return sep === 'space' || sep === 'zwnj' || sep === 'hyphen';
}

/** The folded form compared against word lists and names: letters and digits only. */
function foldWord(word: string): string {
  return foldForSearch(word).replace(/[^\p{L}\p{N}]/gu, '');
}

/** Computes the keys of one word; callers cache them by the word's text. */
export function wordKeys(word: string): WordKeys {
  const script: Script = PERSIAN_LETTER.test(word) ? 'fa' : LATIN_LETTER.test(word) ? 'latin' : 'other';
  const fold = foldWord(word);
  return {
    fold,
    sound: script === 'latin' ? latinWordKey(word) : fold,
    skeleton: script === 'other' ? '' : skeletonTokens(word).join(''),
    script,
    capitalised: /^\p{Lu}/u.test(word),
  };
}

/** Numeric value of a number token (`30,000`, `۴۴۸۱`, `۳۰٬۰۰۰`). */
export function numberValue(token: Token): number {
  return Number(
    token.text
      .replace(/[^0-9\u0660-\u0669\u06f0-\u06f9]/g, '')
      .replace(/[\u0660-\u0669\u06f0-\u06f9]/g, (d) => {
        const code = d.charCodeAt(0);
        return String(code >= 0x06f0 ? code - 0x06f0 : code - 0x0660);
      }),
  );
}

/** True when the number token has thousands separators (so it is not a year). */
export function hasGrouping(token: Token): boolean {
  return /[^0-9\u0660-\u0669\u06f0-\u06f9]/.test(token.text);
}

/**
 * A tokenised text with cached word keys. One cache lives in each spotter, so the keys of a common word are
 * computed once for all the documents the spotter reads.
 */
export class TokenizedText {
  readonly tokens: Token[];
  private readonly keys: (WordKeys | undefined)[];

  constructor(
    readonly text: string,
    private readonly cache: KeyCache,
  ) {
    this.tokens = tokenize(text);
    this.keys = new Array<WordKeys | undefined>(this.tokens.length);
  }

  /** Keys of the word at `i`; undefined for numbers and out-of-range indexes. */
  word(i: number): WordKeys | undefined {
    const token = this.tokens[i];
    if (!token || token.isNumber) return undefined;
    let keys = this.keys[i];
    if (!keys) {
      keys = this.cache.get(token.text);
      this.keys[i] = keys;
    }
    return keys;
  }

  /** Folded form of the token at `i` ('' for numbers). */
  fold(i: number): string {
    return this.word(i)?.fold ?? '';
  }

  /** True when the token at `i` starts a sentence: the first token, or after . ! ? : or a paragraph break. */
  startsSentence(i: number, isAbbreviation: (folded: string) => boolean): boolean {
    const token = this.tokens[i];
    if (!token) return false;
    if (i === 0 || (token.sep === 'break' && PARAGRAPH.test(token.gap))) return true;
    if (!/[.!?؟…:•]/.test(token.gap)) return false;
    // "Mr. Nemuneh": a full stop after an abbreviation ends no sentence.
    return !(/^\s*\.\s*$/.test(token.gap) && isAbbreviation(this.fold(i - 1)));
  }
}

/** A bounded map from word to keys; cleared when full (the vocabulary of a corpus is mostly small). */
export class KeyCache {
  private readonly map = new Map<string, WordKeys>();

  constructor(private readonly limit = 200_000) {}

  get(word: string): WordKeys {
    let keys = this.map.get(word);
    if (!keys) {
      if (this.map.size >= this.limit) this.map.clear();
      keys = wordKeys(word);
      this.map.set(word, keys);
    }
    return keys;
  }
}
