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

/** What every unit of a query asks for, merged: most words of a text match none, and are let go cheaply. */
interface Wanted {
  terms: Set<string>;
  spelling: Set<string>;
  similar: Set<string>;
  prefixes: string[];
}

const wantedCache = new WeakMap<readonly HighlightUnit[], Wanted>();

function wantedOf(units: readonly HighlightUnit[]): Wanted {
  let wanted = wantedCache.get(units);
  if (!wanted) {
    wanted = { terms: new Set(), spelling: new Set(), similar: new Set(), prefixes: [] };
    for (const u of units) {
      u.terms.forEach((t) => wanted!.terms.add(t));
      u.aliases.forEach((t) => wanted!.terms.add(t));
      u.spelling.forEach((k) => wanted!.spelling.add(k));
      u.similar.forEach((k) => wanted!.similar.add(k));
      if (u.prefix !== null) wanted.prefixes.push(u.prefix);
    }
    wantedCache.set(units, wanted);
  }
  return wanted;
}

function isPersian(text: string): boolean {
  return PERSIAN.test(text);
}

/** A Persian-script word, or a Latin one written with a capital (by its first character, as written). */
function nameLike(first: number): boolean {
  if (first >= 0x600 && first <= 0x6ff) return true;
  if (first < 128) return first >= 65 && first <= 90;
  const c = String.fromCharCode(first);
  return c !== c.toLowerCase();
}

/** Whether a folded word may match some unit at all (cheap), before asking which and why. */
function mayMatch(term: string, nameLikeWord: boolean, wanted: Wanted): boolean {
  if (wanted.terms.has(term) || wanted.prefixes.some((p) => term.startsWith(p))) return true;
  if (wanted.spelling.size && spellingKeysOf(term).some((k) => wanted.spelling.has(k))) return true;
  return nameLikeWord && wanted.similar.size > 0 && similarKeysOf(term).some((k) => wanted.similar.has(k));
}

/** How one folded word matches one query unit, if it does. */
function reasonFor(term: string, nameLikeWord: boolean, unit: HighlightUnit): MatchReason | null {
  if (unit.terms.has(term) || (unit.prefix !== null && term.startsWith(unit.prefix))) return 'exact';
  if (unit.aliases.has(term)) return 'alias';
  if (unit.spelling.size && spellingKeysOf(term).some((k) => unit.spelling.has(k)))
    return isPersian(term) === isPersian(unit.query) ? 'spelling' : 'script';
  if (nameLikeWord && unit.similar.size && similarKeysOf(term).some((k) => unit.similar.has(k)))
    return 'similar';
  return null;
}

function best(terms: readonly string[], nameLikeWord: boolean, units: readonly HighlightUnit[]) {
  let found: { unit: HighlightUnit; reason: MatchReason } | null = null;
  for (const unit of units)
    for (const term of terms) {
      const reason = reasonFor(term, nameLikeWord, unit);
      if (reason && (!found || STRENGTH[reason] < STRENGTH[found.reason])) found = { unit, reason };
    }
  return found;
}

function onlySpaces(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 0xa0 && c !== 0x200c) return false;
  }
  return true;
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
  const out: Array<WordMatch | null> = new Array<WordMatch | null>(runs.length).fill(null);
  const units = highlight.units;
  if (units.length === 0) return out;
  const wanted = wantedOf(units);
  for (let i = 0; i < runs.length; i++) {
    const run = runs[i]!;
    if (run.terms.length === 0) continue;
    const named = nameLike(text.charCodeAt(run.start));
    const terms = run.terms.length > 1 ? [...run.terms, run.terms.join('')] : run.terms;
    const found = terms.some((t) => mayMatch(t, named, wanted)) ? best(terms, named, units) : null;
    if (found)
      out[i] = { text: text.slice(run.start, run.end), query: found.unit.query, reason: found.reason };
    const next = runs[i + 1];
    if (!next || next.terms.length !== 1) continue;
    const [a, b] = [run.terms[run.terms.length - 1]!, next.terms[0]!];
    if (!isCompoundPair(a, b) || !onlySpaces(text, run.end, next.start)) continue;
    const joined = a + b;
    if (!mayMatch(joined, named, wanted)) continue;
    const pair = best([joined], named, units);
    if (!pair || (found && STRENGTH[found.reason] <= STRENGTH[pair.reason])) continue;
    const written = text.slice(run.start, next.end);
    out[i] = { text: written, query: pair.unit.query, reason: pair.reason };
    out[i + 1] = { text: written, query: pair.unit.query, reason: pair.reason };
  }
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
