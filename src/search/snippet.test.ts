import { describe, expect, it } from 'vitest';
import { buildPlan } from './plan.js';
import { parseQuery } from './query.js';
import { leadingSnippet, makeSnippet, runMatcher } from './snippet.js';

const matcher = (q: string) => runMatcher(buildPlan(parseQuery(q)).highlight);
const marked = (s: { text: string; highlights: Array<[number, number]> }) =>
  s.highlights.map(([a, b]) => s.text.slice(a, b));

describe('snippets', () => {
  it('cuts a window around the matches, on word boundaries, with highlights as written', () => {
    const text = `${'Families waited outside the gate. '.repeat(20)}They named Montazeri in the letter. ${'x '.repeat(200)}`;
    const snippet = makeSnippet(text, matcher('montazeri '))!;
    expect(snippet.text.startsWith('…')).toBe(true);
    expect(snippet.text.endsWith('…')).toBe(true);
    expect(snippet.text.length).toBeLessThanOrEqual(242);
    expect(marked(snippet)).toEqual(['Montazeri']);
    expect(text.slice(snippet.start).startsWith(snippet.text.slice(1, 20))).toBe(true);
  });

  it('prefers the window holding the most distinct query words', () => {
    const text = `Evin alone. ${'filler words here. '.repeat(30)}Evin and Gohardasht together.`;
    expect(marked(makeSnippet(text, matcher('evin gohardasht '))!)).toEqual(['Evin', 'Gohardasht']);
  });

  it('folds for matching but shows the text as written, spaces collapsed', () => {
    const snippet = makeSnippet('نامه‌ای از\n\n  منتظري', matcher('منتظری '))!;
    expect(snippet.text).toBe('نامه‌ای از منتظري');
    expect(marked(snippet)).toEqual(['منتظري']);
  });

  it('is plain text: markup in a document stays text', () => {
    const snippet = makeSnippet('<img src=x onerror=alert(1)> Evin', matcher('evin '))!;
    expect(snippet.text).toBe('<img src=x onerror=alert(1)> Evin');
    expect(marked(snippet)).toEqual(['Evin']);
  });

  it('gives no window without a match, and the beginning on request', () => {
    expect(makeSnippet('nothing here', matcher('evin '))).toBeNull();
    expect(leadingSnippet('word '.repeat(100), 20).text).toBe('word word word word…');
  });
});
