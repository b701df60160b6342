/**
 * Snippets for search hits, computed from the stored original text (not the folded index text), so that a
 * reader sees the words as written — Persian digits, ZWNJ and all — while matching follows the folding.
 * A snippet is plain text plus highlight ranges; it never carries markup, so a client that renders it as
 * text and wraps the ranges cannot be made to inject HTML by a document's content.
 */
import { FINE, fineWordKey, textRuns, type TextRun } from './analyse.js';
import { distinctMatches, explainRuns, type WordMatch } from './explain.js';
import type { Highlight } from './plan.js';

export interface Snippet {
  text: string;
  highlights: Array<[number, number]>;
  /** Offset in the source text where the snippet's text begins. */
  start: number;
  /** Which spellings of the text matched which query words, and why (the whole text, not only the window). */
  matches: WordMatch[];
}

/** Tells which runs of a text matched; may look at the neighbours (a name written in two words). */
export type RunMatcher = (runs: readonly TextRun[], text: string) => Array<boolean | WordMatch | null>;

const ELLIPSIS = '…';
export const SNIPPET_LENGTH = 240;

/**
 * Whether a word of the text is one the query matched: one of its folded terms (or all of them joined, for
 * compounds) is a query term or starts with a query prefix; with `keys`, also when its cross-script key
 * matches a query key (names found from the other script).
 */
export function runMatcher(highlight: Highlight, keys = false): RunMatcher {
  const hit = (term: string) =>
    highlight.terms.has(term) || highlight.prefixes.some((p) => term.startsWith(p));
  const plain = (run: TextRun) => {
    if (run.terms.some(hit) || (run.terms.length > 1 && hit(run.terms.join('')))) return true;
    if (!keys || highlight.keys.length === 0) return false;
    return run.terms.some((term) => {
      const key = FINE + fineWordKey(term);
      return key !== FINE && highlight.keys.some((k) => (k.prefix ? key.startsWith(k.key) : k.key === key));
    });
  };
  return (runs, text) => {
    const explained = explainRuns(text, runs, highlight);
    return runs.map((run, i) => explained[i] ?? plain(run));
  };
}

/** The window of `text` with the most distinct matched words, or null when no word matches. */
export function makeSnippet(text: string, matches: RunMatcher, maxLength = SNIPPET_LENGTH): Snippet | null {
  const runs = textRuns(text);
  const marks = matches(runs, text);
  const matched = runs.filter((_, i) => !!marks[i]);
  if (matched.length === 0) return null;
  const explained = marks.map((m) => (m && typeof m === 'object' ? m : null));
  let best = { first: 0, last: 0, score: -1 };
  for (let i = 0, j = 0; i < matched.length; i++) {
    j = Math.max(j, i);
    while (j + 1 < matched.length && matched[j + 1]!.end - matched[i]!.start <= maxLength * 0.75) j++;
    const distinct = new Set(matched.slice(i, j + 1).map((r) => r.terms.join(' '))).size;
    const score = distinct * 1000 + (j - i);
    if (score > best.score) best = { first: i, last: j, score };
  }
  const first = matched[best.first]!;
  const last = matched[best.last]!;
  const spare = Math.max(0, maxLength - (last.end - first.start));
  let start = Math.max(0, first.start - Math.floor(spare / 3));
  let end = Math.min(text.length, start + maxLength);
  if (end === text.length) start = Math.max(0, end - maxLength);
  // Begin and end on word boundaries, never cutting the matched words themselves.
  if (start > 0) start = Math.min(runs.find((r) => r.start >= start)?.start ?? first.start, first.start);
  if (end < text.length) {
    const before = runs.filter((r) => r.end <= end).at(-1);
    end = Math.max(before && before.end > start ? before.end : end, Math.min(last.end, start + maxLength));
  }
  return { ...render(text, start, end, matched), matches: distinctMatches(explained) };
}

/** The beginning of a text, without highlights (a hit matched only through its title or keys). */
export function leadingSnippet(text: string, maxLength = SNIPPET_LENGTH): Snippet {
  let end = Math.min(text.length, maxLength);
  if (end < text.length) {
    const before = textRuns(text.slice(0, end + 1))
      .filter((r) => r.end <= end)
      .at(-1);
    if (before && before.end > 0) end = before.end;
  }
  return { ...render(text, 0, end, []), matches: [] };
}

function render(text: string, start: number, end: number, matched: TextRun[]): Omit<Snippet, 'matches'> {
  // Never split a surrogate pair at a forced cut.
  if (end < text.length && /[\ud800-\udbff]/.test(text[end - 1] ?? '')) end--;
  const lead = start > 0 ? ELLIPSIS : '';
  let out = lead;
  const at = new Array<number>(end - start + 1);
  let space = false;
  for (let i = start; i < end; i++) {
    at[i - start] = out.length;
    const c = text[i]!;
    if (/\s/.test(c)) {
      space = out.length > lead.length;
    } else {
      if (space) out += ' ';
      space = false;
      at[i - start] = out.length;
      out += c;
    }
  }
  at[end - start] = out.length;
  const highlights: Array<[number, number]> = [];
  for (const run of matched) {
    if (run.end <= start || run.start >= end) continue;
    const from = at[Math.max(run.start, start) - start]!;
    const to = at[Math.min(run.end, end) - start]!;
    if (to > from) highlights.push([from, to]);
  }
  if (end < text.length) out += ELLIPSIS;
  return { text: out, highlights, start };
}
