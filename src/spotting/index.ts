/**
 * Spotting — pure, over text: finds in a document the case's known people, organizations and places under any
 * of their names and spellings, dates in both calendars, counts of people, and capitalised or cued names that
 * may be new entities. Every mention is a suggestion with UTF-16 offsets into the text as given (never a
 * normalised copy) and a score in 0..1.
 *
 *   tokens      words and numbers with their original offsets and comparison keys (fold, sound, skeleton)
 *   key-index   name keys by hashed character prefix, walked token by token
 *   gazetteer   known names → variants (full name, lone surname, place without its generic noun) → mentions
 *   dates       day/month/season/year and ranges, converted by parseFuzzyDate
 *   counts      numbers of people with qualifiers and ranges
 *   candidates  unknown capitalised runs (English) and names after person or place cues (Persian)
 *   resolve     one suggestion per stretch of text
 */
export { buildSpotter } from './spotter.js';
export type {
  CandidateKind,
  CountQualifier,
  CountValue,
  EntityKind,
  GazetteerEntry,
  MatchKind,
  Mention,
  MentionKind,
  SpotOptions,
  Spotter,
} from './types.js';
