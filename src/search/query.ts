/**
 * Reading what a user typed into search: words, "quoted phrases" (straight, curly or «guillemet» quotes),
 * compounds written with a hyphen or a ZWNJ, and a last word that may still be being typed (matched as a
 * prefix). Nothing of the input reaches a search engine as syntax: only folded terms (src/search/analyse)
 * come out, so `NEAR(`, `"`, `*`, `-`, `:` or SQL are just text — and text without a single letter or digit
 * is refused as a clean validation error on the field `q`.
 */
import { ValidationError } from '../domain/errors.js';
import { fineWordKey, termsOf, wordKey } from './analyse.js';
import { similarQueryKeys, spellingKeysOf } from './spelling.js';

/** Longest query accepted, in characters. */
export const MAX_QUERY_LENGTH = 1000;
/** Most words and phrases in one query. */
export const MAX_QUERY_UNITS = 20;
/** A last word shorter than this is matched whole: a prefix of one or two letters matches half the index. */
const MIN_PREFIX_LENGTH = 3;

/**
 * One thing the user asked for: a word, a phrase in quotes, or a compound (Pour-Mohammadi, قاسم‌زاده)
 * which matches as a phrase of its parts or as one joined word.
 */
export type QueryUnit =
  | ({ type: 'word'; term: string; prefix: boolean } & UnitKeys)
  | ({ type: 'compound'; terms: string[]; prefix: boolean } & UnitKeys)
  | { type: 'phrase'; terms: string[]; fines: string[]; raw: string };

/** The keys of a word or compound: cross-script name keys, and spelling and similar keys (spelling.ts). */
export interface UnitKeys {
  key: string;
  fine: string;
  spelling: string[];
  similar: string[];
  /** What the user typed for this unit. */
  raw: string;
}

export interface ParsedQuery {
  units: QueryUnit[];
}

const QUOTES = /["“”«»„‟″]/;

function problem(message: string): ValidationError {
  return new ValidationError([{ field: 'q', message }]);
}

/** Parses a query; throws a ValidationError naming `q` when it is too long or holds no word at all. */
export function parseQuery(text: string): ParsedQuery {
  if (text.length > MAX_QUERY_LENGTH) throw problem(`must be at most ${MAX_QUERY_LENGTH} characters`);
  const units: QueryUnit[] = [];
  const segments = text.split(QUOTES);
  // Whether the last unit was typed outside quotes, in the last segment (it may still be being typed).
  let lastIsOpen = false;
  segments.forEach((segment, i) => {
    const before = units.length;
    if (i % 2 === 1) {
      const terms = termsOf(segment);
      if (terms.length === 1) units.push(word(terms[0]!, segment.trim()));
      else if (terms.length > 1)
        units.push({ type: 'phrase', terms, fines: terms.map(fineKeyOf), raw: segment.trim() });
    } else {
      for (const raw of segment.split(/\s+/)) {
        const terms = termsOf(raw);
        if (terms.length === 1) units.push(word(terms[0]!, raw));
        else if (terms.length > 1)
          units.push({ type: 'compound', terms, prefix: false, ...keysOf(terms.join(''), raw) });
      }
    }
    if (units.length > before) lastIsOpen = i % 2 === 0 && i === segments.length - 1;
  });
  if (units.length === 0) throw problem('enter at least one word or number');
  if (units.length > MAX_QUERY_UNITS) throw problem(`use at most ${MAX_QUERY_UNITS} words`);
  // The last word is a prefix while it is being typed: not after a space or a closing quote.
  const last = units[units.length - 1]!;
  const stillTyping = lastIsOpen && !/\s$/.test(text);
  if (stillTyping && last.type === 'word' && last.term.length >= MIN_PREFIX_LENGTH) last.prefix = true;
  if (stillTyping && last.type === 'compound' && last.terms.at(-1)!.length >= MIN_PREFIX_LENGTH)
    last.prefix = true;
  return { units };
}

function keysOf(word: string, raw: string): UnitKeys {
  const key = wordKey(word);
  return {
    key,
    fine: key ? fineWordKey(word) : '',
    spelling: spellingKeysOf(word),
    similar: similarQueryKeys(word),
    raw,
  };
}

function fineKeyOf(word: string): string {
  const key = wordKey(word);
  return key ? fineWordKey(word) : '';
}

function word(term: string, raw: string): QueryUnit {
  return { type: 'word', term, prefix: false, ...keysOf(term, raw) };
}
