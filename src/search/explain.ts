/**
 * Which spelling of a text matched a query word, and why: the same spelling, another spelling in the same
 * script, the other script, a known entity's other name, or a similar spelling (a skeleton, a typo). The
 * snippet's highlights and a hit's `matches` come from here, from the stored text as written, so a reader
 * sees "Raissi" marked and told it stands for the query's "Raisi".
 */
import type { TextRun } from './analyse.js';
import type { Highlight, HighlightUnit } from './plan.js';
import { isCompoundPair, similarKeysOf, spellingKeysOf } from './spelling.js';

/** How a word of a text matched: ordered from the strongest. */
export type MatchReason = 'exact' | 'alias' | 'spelling' | 'script' | 'similar';

export interface WordMatch {
  /** The word (or two words) as the text writes it. */
  text: string;
  /** The query word it stands for, as typed. */
  query: string;
  reason: MatchReason;
}

const PERSIAN = /[\u0600-\u06ff]/;
const STRENGTH: Record<MatchReason, number> = { exact: 0, alias: 1, spelling: 2, script: 3, similar: 4 };

function intersects(keys: readonly string[], wanted: ReadonlySet<string>): boolean {
  return keys.some((k) => wanted.has(k));
}

/** How one folded word (of a text written as `raw`) matches one query unit, if it does. */
function reasonFor(term: string, raw: string, unit: HighlightUnit): MatchReason | null {
  if (unit.terms.has(term) || (unit.prefix !== null && term.startsWith(unit.prefix))) return 'exact';
  if (unit.aliases.has(term)) return 'alias';
  if (unit.spelling.size && intersects(spellingKeysOf(term), unit.spelling))
    return PERSIAN.test(term) === PERSIAN.test(unit.query) ? 'spelling' : 'script';
  const nameLike = PERSIAN.test(raw) || raw.charAt(0) !== raw.charAt(0).toLowerCase();
  if (nameLike && unit.similar.size && intersects(similarKeysOf(term), unit.similar)) return 'similar';
  return null;
}

function best(terms: readonly string[], raw: string, units: readonly HighlightUnit[]) {
  let found: { unit: HighlightUnit; reason: MatchReason } | null = null;
  for (const unit of units)
    for (const term of terms) {
      const reason = reasonFor(term, raw, unit);
      if (reason && (!found || STRENGTH[reason] < STRENGTH[found.reason])) found = { unit, reason };
    }
  return found;
}

/**
 * The matches of each run of a text (null where a run matched nothing): a run alone (each of its parts and
 * their joined form), or two neighbouring runs that may be one name written apart (Pour Mohammadi).
 */
export function explainRuns(
  text: string,
  runs: readonly TextRun[],
  highlight: Pick<Highlight, 'units'>,
): Array<WordMatch | null> {
  const out: Array<WordMatch | null> = runs.map(() => null);
  const units = highlight.units;
  if (units.length === 0) return out;
  runs.forEach((run, i) => {
    if (run.terms.length === 0) return;
    const raw = text.slice(run.start, run.end);
    const terms = run.terms.length > 1 ? [...run.terms, run.terms.join('')] : run.terms;
    const found = best(terms, raw, units);
    if (found) out[i] = { text: raw, query: found.unit.query, reason: found.reason };
    const next = runs[i + 1];
    const [a, b] = [run.terms.at(-1)!, next?.terms[0]];
    if (!next || b === undefined || next.terms.length !== 1 || !isCompoundPair(a, b)) return;
    if (!/^[ \t\u00a0\u200c]*$/.test(text.slice(run.end, next.start))) return;
    const pair = best([a + b], raw, units);
    if (!pair || (found && STRENGTH[found.reason] <= STRENGTH[pair.reason])) return;
    const written = text.slice(run.start, next.end);
    out[i] = { text: written, query: pair.unit.query, reason: pair.reason };
    out[i + 1] = { text: written, query: pair.unit.query, reason: pair.reason };
  });
  return out;
}

/** The distinct matches, strongest first (at most `limit`). */
export function distinctMatches(found: ReadonlyArray<WordMatch | null>, limit = 10): WordMatch[] {
  const seen = new Map<string, WordMatch>();
  for (const m of found) {
    if (!m) continue;
    const id = `${m.text}\u0000${m.query}`;
    if (!seen.has(id)) seen.set(id, m);
  }
  return [...seen.values()].sort((x, y) => STRENGTH[x.reason] - STRENGTH[y.reason]).slice(0, limit);
}
