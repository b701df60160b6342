/**
 * The spotter: a case's gazetteer compiled once, then every document tokenised once and read by each finder
 * (known entities, dates, counts, candidates) before overlaps are resolved.
 */
import { findCandidates } from './candidates.js';
import { findCounts } from './counts.js';
import { findDates } from './dates.js';
import { Gazetteer } from './gazetteer.js';
import { resolveOverlaps } from './resolve.js';
import { KeyCache, TokenizedText } from './tokens.js';
import type { GazetteerEntry, Mention, SpotOptions, Spotter } from './types.js';

/**
 * Compiles the case's known people, organizations and places (every name, any script and spelling) into a
 * spotter to reuse for every document of the case. The work per document is linear in its length, whatever the
 * size of the gazetteer.
 * @throws ValidationError naming the offending entry field (`entries.2.kind`, `entries.0.names.1`).
 */
export function buildSpotter(entries: readonly GazetteerEntry[]): Spotter {
  const cache = new KeyCache();
  const gazetteer = new Gazetteer(entries, cache);
  return {
    spot(text: string, options: SpotOptions = {}): Mention[] {
      const tt = new TokenizedText(text, cache);
      const language = options.language ?? null;
      return resolveOverlaps([
        ...gazetteer.find(tt),
        ...findDates(tt),
        ...findCounts(tt),
        ...findCandidates(tt, { latin: language === null || language === 'en' }),
      ]);
    },
  };
}
