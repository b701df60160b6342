/**
 * Reading multi-word cues (titles such as آیت‌الله or Hojjat-ol-Eslam, count qualifiers such as "more than" or
 * بیش از) at a position of a tokenised text. A phrase matches when its folded words equal the tokens' folded
 * forms and the tokens are joined by space, ZWNJ or a tight hyphen.
 */
import { TITLE_PHRASES } from './lexicon.js';
import { joinsName, type TokenizedText } from './tokens.js';

/** Length in tokens of the longest phrase starting at token `i`, or 0. Phrases must be sorted longest first. */
function phraseAt(tt: TokenizedText, i: number, phrases: readonly (readonly string[])[]): number {
  for (const phrase of phrases) if (matchesAt(tt, i, phrase)) return phrase.length;
  return 0;
}

/** Index of the first token of the longest phrase that ends at token `i - 1`, or -1. */
export function phraseBefore(tt: TokenizedText, i: number, phrases: readonly (readonly string[])[]): number {
  for (const phrase of phrases) {
    const from = i - phrase.length;
    if (from >= 0 && matchesAt(tt, from, phrase)) return from;
  }
  return -1;
}

/** True when the phrase's words are the tokens from `i` on, joined by space, ZWNJ or a tight hyphen. */
export function matchesAt(tt: TokenizedText, i: number, phrase: readonly string[]): boolean {
  for (let k = 0; k < phrase.length; k++) {
    const token = tt.tokens[i + k];
    if (!token || tt.fold(i + k) !== phrase[k]) return false;
    if (k > 0 && !joinsName(token.sep)) return false;
  }
  return true;
}

// First and last words of titles: most tokens are neither, and are rejected without trying every title.
const TITLE_FIRST: ReadonlySet<string> = new Set(TITLE_PHRASES.map((p) => p[0]!));
const TITLE_LAST: ReadonlySet<string> = new Set(TITLE_PHRASES.map((p) => p[p.length - 1]!));

/** Tokens taken by a title starting at `i` (Mr, Ayatollah, آیت‌الله, حجت‌الاسلام والمسلمین), or 0. */
export function titleAt(tt: TokenizedText, i: number): number {
  return TITLE_FIRST.has(tt.fold(i)) ? phraseAt(tt, i, TITLE_PHRASES) : 0;
}

/** True when a title ends right before token `i` and joins it. */
export function titleBefore(tt: TokenizedText, i: number): boolean {
  const token = tt.tokens[i];
  if (!token || !(joinsName(token.sep) || /^\s*\.\s*$/.test(token.gap))) return false;
  return TITLE_LAST.has(tt.fold(i - 1)) && phraseBefore(tt, i, TITLE_PHRASES) >= 0;
}
