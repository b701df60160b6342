/**
 * Turns a parsed query into a match tree that both backends compile (FTS5 MATCH syntax, tsquery), and the
 * set of words to highlight.
 *
 * Cross-script search works at two levels:
 * 1. Keys. Every entry with names (people, organizations, places, a source's authors) carries cross-script
 *    keys of its names (`analyse.namesKeys`): the consonant skeleton of src/names (coarse: Reza and Rezaei
 *    share "rz") and the skeleton with long i kept (fine: "rz", "rzi"). A query word matches the text, or the
 *    fine keys, so "Hosein Montazeri" and "pourmohammadi" find the entity whose only names are
 *    حسینعلی منتظری and مصطفی پورمحمدی, and the reverse.
 * 2. Expansion. Documents carry no keys (a key of every word would match far too much). The backend first
 *    looks up the known entities readable by the actor whose keys (coarse or fine) match the query words;
 *    each query word is then also matched against the words of those entities' names that stand for it in
 *    the other script or another spelling — "montazeri" also searches منتظری, منتظری also searches
 *    "montazeri", "Hosein" also searches "Hossein" — so documents naming the entity in the other script are
 *    found too. Counterparts that agree on the fine key are preferred (Rezaei does not expand to Reza); the
 *    coarse key alone is trusted only across scripts when nothing finer agrees (Mostafa and مصطفی, whose
 *    final ی reads "a"). A multi-word query expands only through entities matching all its name words or
 *    at least two of them, so "Ali" inside a longer query does not pull in every Ali the case knows.
 */
import { FINE, keyMatches, nameWords, type NameWord } from './analyse.js';
import { compoundForms, isCompoundPair, isTypoKey, spellingKeysOf } from './spelling.js';
import type { ParsedQuery, QueryUnit } from './query.js';
import { trigramSimilarity } from './trigram.js';

export type MatchNode =
  | { op: 'and' | 'or'; children: MatchNode[] }
  /** One word, or a phrase when there are several terms; the last term may be a prefix. */
  | { op: 'text'; terms: string[]; prefix: boolean }
  /** A cross-script key of a name. */
  | { op: 'key'; key: string; prefix: boolean }
  /**
   * Any of these keys of a word: spelling keys (another spelling, the other script), similar keys (the
   * consonant skeleton) or typo keys (one letter left out).
   */
  | { op: 'spelling' | 'similar' | 'typo'; keys: string[] };

/** A known entity whose names may expand the query; `fuzzy` when found by trigram similarity only. */
export interface EntityCandidate {
  names: string[];
  fuzzy?: boolean;
}

export interface Highlight {
  terms: ReadonlySet<string>;
  prefixes: readonly string[];
  keys: ReadonlyArray<{ key: string; prefix: boolean }>;
  /** Per query word: what it matches, to tell which spelling of a text matched it and why. */
  units: readonly HighlightUnit[];
}

/** One query word (or compound, or two words standing for one name) and the keys it matches. */
export interface HighlightUnit {
  /** As the user typed it. */
  query: string;
  /** Its folded spelling (a compound's parts joined). */
  terms: ReadonlySet<string>;
  prefix: string | null;
  /** Spellings of a known entity's names that stand for it. */
  aliases: ReadonlySet<string>;
  spelling: ReadonlySet<string>;
  similar: ReadonlySet<string>;
}

export interface SearchPlan {
  match: MatchNode;
  highlight: Highlight;
}

export interface LookupKey {
  key: string;
  prefix: boolean;
}

/** At most this many entities expand one query, and each word gains at most this many alternatives. */
const MAX_ENTITIES = 10;
const MAX_ALTERNATIVES = 12;
/** Trigram similarity from which a misspelt word is taken for a word of a fuzzily found entity's name. */
const FUZZY_WORD_SIMILARITY = 0.45;
const PERSIAN = /[\u0600-\u06ff]/;

interface UnitKeys {
  key: string;
  fine: string;
}

function keysOf(unit: QueryUnit | undefined): UnitKeys | null {
  return unit && unit.type !== 'phrase' && unit.key ? { key: unit.key, fine: unit.fine } : null;
}

function lookupKey(key: string, bare = key): LookupKey {
  return { key, prefix: bare.length >= 3 };
}

/** A fine key as a match node: coarse keys only find candidates, fine ones decide matches. */
function fineNode(fine: string): MatchNode {
  return { op: 'key', ...lookupKey(FINE + fine, fine) };
}

/**
 * The keys to look entities up by, coarse (recall) and fine (which rank first): each word's, and each pair
 * of neighbouring words' (a compound written apart).
 */
export function lookupKeys(parsed: ParsedQuery): LookupKey[] {
  const keys = new Map<string, LookupKey>();
  const put = (k: LookupKey) => keys.set(k.key, k);
  parsed.units.forEach((unit, i) => {
    const own = keysOf(unit);
    if (!own) return;
    put(lookupKey(own.key));
    if (own.fine) put(lookupKey(FINE + own.fine, own.fine));
    const next = keysOf(parsed.units[i + 1]);
    if (!next) return;
    put(lookupKey(own.key + next.key));
    if (own.fine && next.fine) put(lookupKey(FINE + own.fine + next.fine, own.fine + next.fine));
  });
  return [...keys.values()];
}

/** Words worth a trigram lookup (PostgreSQL): four letters or more, outside phrases. */
export function fuzzyWords(parsed: ParsedQuery): string[] {
  return parsed.units.flatMap((u) => {
    const word = u.type === 'word' ? u.term : u.type === 'compound' ? u.terms.join('') : '';
    return word.length >= 4 && keysOf(u) ? [word] : [];
  });
}

/** A word (or two neighbouring words) of a name standing for a query word, and whether the fine key agrees. */
interface Counterpart {
  terms: string[];
  fine: boolean;
}

/** Words of a name that correspond to query keys: single words, or two neighbouring words written apart. */
function counterparts(query: UnitKeys, words: NameWord[], exact = false): Counterpart[] {
  const coarse = (name: string) => (exact ? name === query.key : keyMatches(query.key, name));
  const fine = (name: string) => query.fine !== '' && keyMatches(query.fine, name);
  const out: Counterpart[] = [];
  words.forEach((w, j) => {
    if (!w.key) return;
    if (coarse(w.key)) out.push({ terms: [w.term], fine: fine(w.fine) });
    const next = words[j + 1];
    if (next?.key && query.key.length > w.key.length && coarse(w.key + next.key))
      out.push({ terms: [w.term, next.term], fine: fine(w.fine + next.fine) });
  });
  return out;
}

function unitWord(unit: QueryUnit): string {
  return unit.type === 'word' ? unit.term : unit.terms.join('');
}

interface Expansion {
  /** Per unit index: counterparts. */
  byUnit: Map<number, Counterpart[]>;
  /** Per first unit index of a pair of units written as one word in a name. */
  byPair: Map<number, Counterpart[]>;
}

function add(map: Map<number, Counterpart[]>, index: number, found: Counterpart[]) {
  if (found.length) map.set(index, [...(map.get(index) ?? []), ...found]);
}

/** The counterparts an entity offers for one unit; a fuzzily found entity lends its most similar word. */
function unitCounterparts(
  unit: QueryUnit,
  own: UnitKeys,
  names: NameWord[][],
  fuzzy: boolean,
): Counterpart[] {
  const found = names.flatMap((words) => counterparts(own, words));
  if (found.length || !fuzzy) return found;
  const word = unitWord(unit);
  let best: NameWord | undefined;
  let bestScore = FUZZY_WORD_SIMILARITY;
  for (const w of names.flat()) {
    const score = trigramSimilarity(word, w.term);
    if (w.key && score >= bestScore) [best, bestScore] = [w, score];
  }
  if (!best) return [];
  const alike = { key: best.key, fine: best.fine };
  return names.flatMap((words) => counterparts(alike, words, true)).map((c) => ({ ...c, fine: true }));
}

/** What one entity contributes, or nothing when it does not match enough of the query. */
function expansionOf(parsed: ParsedQuery, entity: EntityCandidate): Expansion | null {
  const names = entity.names.map(nameWords);
  const byUnit = new Map<number, Counterpart[]>();
  const byPair = new Map<number, Counterpart[]>();
  const covered = new Set<number>();
  const keyed: number[] = [];
  parsed.units.forEach((unit, i) => {
    const own = keysOf(unit);
    if (!own) return;
    keyed.push(i);
    const found = unitCounterparts(unit, own, names, entity.fuzzy ?? false);
    if (found.length) covered.add(i);
    add(byUnit, i, found);
    const next = keysOf(parsed.units[i + 1]);
    if (!next) return;
    const joined = { key: own.key + next.key, fine: own.fine && next.fine ? own.fine + next.fine : '' };
    const single = names.flatMap((words) => counterparts(joined, words).filter((c) => c.terms.length === 1));
    if (single.length) [i, i + 1].forEach((k) => covered.add(k));
    add(byPair, i, single);
  });
  const enough = covered.size > 0 && (keyed.every((i) => covered.has(i)) || covered.size >= 2);
  return enough ? { byUnit, byPair } : null;
}

/**
 * The coarse skeleton lets Rezaei meet Reza: only counterparts that agree on the fine key (long vowels too)
 * are kept — in the query's own script always, in the other script when at least one agrees. Where none
 * does, the other script keeps them all (مصطفی for Mostafa: a final ی read as "a").
 */
function preferFine(found: Counterpart[], query: string): string[][] {
  const out: string[][] = [];
  for (const persian of [true, false]) {
    const group = found.filter((c) => PERSIAN.test(c.terms.join('')) === persian);
    const fine = group.filter((c) => c.fine);
    const ownScript = PERSIAN.test(query) === persian;
    out.push(...(fine.length || ownScript ? fine : group).map((c) => c.terms));
  }
  return out;
}

function unitText(unit: QueryUnit | undefined): string {
  return unit ? (unit.type === 'word' ? unit.term : unit.terms.join('')) : '';
}

function textNode(terms: string[], prefix: boolean): MatchNode {
  return { op: 'text', terms, prefix };
}

function or(children: MatchNode[]): MatchNode {
  return children.length === 1 ? children[0]! : { op: 'or', children };
}

function uniqueAlternatives(found: string[][], own: string[]): MatchNode[] {
  const seen = new Set([own.join(' ')]);
  const out: MatchNode[] = [];
  for (const terms of found) {
    const id = terms.join(' ');
    if (seen.has(id) || out.length >= MAX_ALTERNATIVES) continue;
    seen.add(id);
    out.push(textNode(terms, false));
    // Two words written apart in the name may be written as one in a text, and the reverse.
    if (terms.length > 1 && !seen.has(terms.join(''))) {
      seen.add(terms.join(''));
      out.push(textNode([terms.join('')], false));
    }
  }
  return out;
}

/** Other spellings, then similar ones (skeletons), then typos: what a word matches beyond its own spelling. */
function spellingNodes(spelling: string[], similar: string[]): MatchNode[] {
  const typos = similar.filter(isTypoKey);
  const skeletons = similar.filter((k) => !isTypoKey(k));
  return [
    ...(spelling.length ? [{ op: 'spelling' as const, keys: spelling }] : []),
    ...(skeletons.length ? [{ op: 'similar' as const, keys: skeletons }] : []),
    ...(typos.length ? [{ op: 'typo' as const, keys: typos }] : []),
  ];
}

/**
 * How strong a match through each kind of leaf is: the spelling as typed (or a known entity's name, or its
 * name key) first, then another spelling or the other script, then the same consonant skeleton, then a typo.
 */
const LEVEL: Record<MatchNode['op'], number> = {
  text: 3,
  key: 3,
  spelling: 2,
  similar: 1,
  typo: 0,
  and: 0,
  or: 0,
};

/** The match tree keeping only leaves of at least this level, or null when nothing of it can match. */
export function atLeast(node: MatchNode, level: number): MatchNode | null {
  switch (node.op) {
    case 'or': {
      const children = node.children.map((c) => atLeast(c, level)).filter((c): c is MatchNode => c !== null);
      return children.length === 0 ? null : children.length === 1 ? children[0]! : { op: 'or', children };
    }
    case 'and': {
      const children = node.children.map((c) => atLeast(c, level));
      return children.every((c) => c !== null) ? { op: 'and', children: children as MatchNode[] } : null;
    }
    default:
      return LEVEL[node.op] >= level ? node : null;
  }
}

/**
 * The tiers of a match: trees that match at some level or better (levels 3, 2, 1), each once, with the
 * number of levels it stands for, and how many levels every match reaches (where a level's tree is the
 * whole match). An entry's tier is that number plus the weights of the trees it matches: 3 as spelled, 2
 * another spelling or script, 1 the same skeleton, 0 only a typo.
 */
export interface Tiers {
  base: number;
  trees: Array<{ match: MatchNode; weight: number }>;
}

export function tiersOf(match: MatchNode): Tiers {
  const whole = JSON.stringify(match);
  const tiers: Tiers = { base: 0, trees: [] };
  const seen = new Map<string, { match: MatchNode; weight: number }>();
  for (const level of [3, 2, 1]) {
    const tree = atLeast(match, level);
    if (!tree) continue;
    const id = JSON.stringify(tree);
    if (id === whole) tiers.base++;
    else {
      const found = seen.get(id);
      if (found) found.weight++;
      else {
        const entry = { match: tree, weight: 1 };
        seen.set(id, entry);
        tiers.trees.push(entry);
      }
    }
  }
  return tiers;
}

/**
 * The tiers as a ladder, strongest first: each step's tree (nested: a step matches everything the steps
 * before it match) and the tier of the entries it adds, the last step being the whole match.
 */
export function tierLadder(match: MatchNode): Array<{ match: MatchNode; tier: number }> {
  const { base, trees } = tiersOf(match);
  let tier = base + trees.reduce((sum, t) => sum + t.weight, 0);
  const out = trees.map((t) => {
    const step = { match: t.match, tier };
    tier -= t.weight;
    return step;
  });
  out.push({ match, tier: base });
  return out;
}

function unitNode(unit: QueryUnit, extra: string[][]): MatchNode {
  switch (unit.type) {
    case 'word':
      return or([
        textNode([unit.term], unit.prefix),
        ...(unit.fine ? [fineNode(unit.fine)] : []),
        ...uniqueAlternatives(extra, [unit.term]),
        ...spellingNodes(unit.spelling, unit.similar),
      ]);
    case 'compound':
      return or([
        textNode(unit.terms, unit.prefix),
        textNode([unit.terms.join('')], unit.prefix),
        ...(unit.fine ? [fineNode(unit.fine)] : []),
        ...uniqueAlternatives(extra, unit.terms),
        ...spellingNodes(unit.spelling, unit.similar),
      ]);
    case 'phrase': {
      const keyed = unit.fines.every(Boolean);
      return or([
        textNode(unit.terms, false),
        ...compoundForms(unit.terms).map((form) => textNode(form, false)),
        ...(keyed ? [{ op: 'and' as const, children: unit.fines.map(fineNode) }] : []),
      ]);
    }
  }
}

/** Builds the match tree: every unit must match (in its text, its keys or its expansions). */
export function buildPlan(parsed: ParsedQuery, entities: readonly EntityCandidate[] = []): SearchPlan {
  const byUnit = new Map<number, Counterpart[]>();
  const byPair = new Map<number, Counterpart[]>();
  let accepted = 0;
  for (const entity of entities) {
    if (accepted >= MAX_ENTITIES) break;
    const expansion = expansionOf(parsed, entity);
    if (!expansion) continue;
    accepted++;
    expansion.byUnit.forEach((found, i) => add(byUnit, i, found));
    expansion.byPair.forEach((found, i) => add(byPair, i, found));
  }
  const clauses: MatchNode[] = [];
  const units = parsed.units;
  const highlights: HighlightUnit[] = [];
  const extras = units.map((u, i) => preferFine(byUnit.get(i) ?? [], unitText(u)));
  for (let i = 0; i < units.length; i++) {
    const unit = units[i]!;
    const node = unitNode(unit, extras[i]!);
    highlights.push(highlightUnit(unit, extras[i]!));
    const pair = byPair.get(i);
    const next = units[i + 1];
    // Two words that may be one name written apart (Pour Mohammadi, Mohammad Reza) also match it joined.
    const joined = next ? compoundSpelling(unit, next) : [];
    if (next && (pair || joined.length)) {
      const second = unitNode(next, extras[i + 1]!);
      highlights.push(highlightUnit(next, extras[i + 1]!));
      const alternatives = pair ? preferFine(pair, unitText(unit)) : [];
      clauses.push(
        or([
          { op: 'and', children: [node, second] },
          ...uniqueAlternatives(alternatives, []),
          ...spellingNodes(joined, []),
        ]),
      );
      if (joined.length)
        highlights.push({
          query: `${unitRaw(unit)} ${unitRaw(next)}`,
          terms: new Set([unitText(unit) + unitText(next)]),
          prefix: null,
          aliases: new Set(alternatives.map((t) => t.join(''))),
          spelling: new Set(joined),
          similar: new Set(),
        });
      i++;
    } else {
      clauses.push(node);
    }
  }
  const match: MatchNode = clauses.length === 1 ? clauses[0]! : { op: 'and', children: clauses };
  return { match, highlight: { ...highlightOf(match), units: highlights } };
}

function unitRaw(unit: QueryUnit): string {
  return unit.raw;
}

/** The spelling keys of two neighbouring query words joined, when they may be one name written apart. */
function compoundSpelling(first: QueryUnit, second: QueryUnit): string[] {
  if (first.type !== 'word' || second.type !== 'word') return [];
  return isCompoundPair(first.term, second.term) ? spellingKeysOf(first.term + second.term) : [];
}

function highlightUnit(unit: QueryUnit, extra: string[][]): HighlightUnit {
  const own =
    unit.type === 'phrase'
      ? [...unit.terms, ...compoundForms(unit.terms).flat()]
      : unit.type === 'word'
        ? [unit.term]
        : [unit.terms.join('')];
  const prefix = unit.type !== 'phrase' && unit.prefix ? unitText(unit) : null;
  return {
    query: unit.raw,
    terms: new Set(own),
    prefix,
    aliases: new Set(extra.map((t) => t.join(''))),
    spelling: new Set(unit.type === 'phrase' ? [] : unit.spelling),
    similar: new Set(unit.type === 'phrase' ? [] : unit.similar),
  };
}

function highlightOf(match: MatchNode): Omit<Highlight, 'units'> {
  const terms = new Set<string>();
  const prefixes: string[] = [];
  const keys: Array<{ key: string; prefix: boolean }> = [];
  const visit = (node: MatchNode) => {
    if ('children' in node) node.children.forEach(visit);
    else if (node.op === 'key') keys.push({ key: node.key, prefix: node.prefix });
    else if (node.op === 'text') {
      const text = node;
      text.terms.forEach((t, i) => {
        if (text.prefix && i === text.terms.length - 1) prefixes.push(t);
        else terms.add(t);
      });
    }
  };
  visit(match);
  return { terms, prefixes, keys };
}
