import type { FuzzyDate } from '../domain/fuzzy-date.js';

export type EntityKind = 'person' | 'organization' | 'place';

/** A known entity of the case with every name it is known by, in any script and spelling. */
export interface GazetteerEntry {
  kind: EntityKind;
  id: string;
  names: string[];
}

export type MentionKind = EntityKind | 'date' | 'count' | 'candidate';

/**
 * How a known name was matched:
 * - `exact`: the text is the name as the gazetteer writes it;
 * - `normalised`: equal after folding (case, diacritics, Persian letter variants, ZWNJ, hyphens and spaces
 *   inside compound names);
 * - `cross-script`: a Persian-script name in the text and a Latin one in the gazetteer, or the reverse, with the
 *   same consonant skeleton;
 * - `phonetic`: another romanization of a Latin name (same sound key, or same skeleton and nearly the same
 *   sound key: Hosein/Hossein, Montazeri/Muntaziri);
 * - `fuzzy`: same skeleton, sound keys two edits apart — a weak suggestion.
 */
export type MatchKind = 'exact' | 'normalised' | 'cross-script' | 'phonetic' | 'fuzzy';

export type CountQualifier = 'exact' | 'about' | 'more_than' | 'less_than' | 'between' | 'up_to';

/** A number of people. Bounds are inclusive; null when the text gives none ("thousands of prisoners"). */
export interface CountValue {
  min: number | null;
  max: number | null;
  qualifier: CountQualifier;
}

export type CandidateKind = 'person' | 'place' | 'organization' | 'unknown';

/** A suggestion found in a text; a person accepts or rejects it. Offsets are UTF-16 indexes into that text. */
export interface Mention {
  kind: MentionKind;
  start: number;
  end: number;
  /** `text.slice(start, end)` of the text given to `spot`. */
  text: string;
  entityId?: string;
  /** The gazetteer name the match came from, as written there (whole, even when only its surname matched). */
  matchedName?: string;
  match?: MatchKind;
  /** Confidence in 0..1. */
  score: number;
  date?: FuzzyDate;
  count?: CountValue;
  candidateKind?: CandidateKind;
}

export interface SpotOptions {
  /**
   * The document's language (ISO 639-1) when known. Unknown capitalised names are proposed only for English or
   * an unknown language: German, for one, capitalises every noun.
   */
  language?: string | null;
}

/** Finds mentions in texts; build once per case with `buildSpotter`, reuse for every document. */
export interface Spotter {
  spot(text: string, options?: SpotOptions): Mention[];
}
