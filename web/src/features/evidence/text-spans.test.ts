import { describe, expect, it } from 'vitest';
import { drawableMentions, pageAt, paragraphsOf, piecesOf } from './text-spans.js';

describe('paragraphsOf', () => {
  it('splits on blank lines and page breaks, keeping offsets into the text and the page of each', () => {
    const text = 'First line\nsame paragraph\n\n  \nسطر دوم\fPage two\n\nlast';
    const paragraphs = paragraphsOf(text);
    expect(paragraphs.map((p) => text.slice(p.start, p.end))).toEqual([
      'First line\nsame paragraph',
      'سطر دوم',
      'Page two',
      'last',
    ]);
    expect(paragraphs.map((p) => [p.page, p.pageStart])).toEqual([
      [1, false],
      [1, false],
      [2, true],
      [2, false],
    ]);
  });

  it('gives nothing for blank text', () => {
    expect(paragraphsOf('\n\n \f\n')).toEqual([]);
  });
});

describe('drawableMentions and piecesOf', () => {
  it('draws mentions in order without overlaps, the longer first when two start together', () => {
    const drawn = drawableMentions(
      [
        { start: 10, end: 14, id: 'c' },
        { start: 0, end: 4, id: 'a' },
        { start: 0, end: 8, id: 'b' },
        { start: 6, end: 12, id: 'overlaps b' },
        { start: 30, end: 99, id: 'out of the text' },
      ],
      20,
    );
    expect(drawn.map((m) => m.id)).toEqual(['b', 'c']);
  });

  it('cuts a paragraph into runs that cover it, clipping a mention that crosses its edge', () => {
    const mentions = [
      { start: 2, end: 5, id: 'x' },
      { start: 8, end: 14, id: 'y' },
    ];
    const pieces = piecesOf({ start: 0, end: 10 }, mentions);
    expect(pieces.map((p) => [p.start, p.end, p.mention?.id ?? null])).toEqual([
      [0, 2, null],
      [2, 5, 'x'],
      [5, 8, null],
      [8, 10, 'y'],
    ]);
    expect(
      piecesOf({ start: 10, end: 20 }, mentions).map((p) => [p.start, p.end, p.mention?.id ?? null]),
    ).toEqual([
      [10, 14, 'y'],
      [14, 20, null],
    ]);
  });
});

describe('pageAt', () => {
  it('counts page breaks before an offset, or says there are no pages', () => {
    expect(pageAt('one\ftwo\fthree', 0)).toBe(1);
    expect(pageAt('one\ftwo\fthree', 5)).toBe(2);
    expect(pageAt('one\ftwo\fthree', 9)).toBe(3);
    expect(pageAt('no pages', 3)).toBeNull();
  });
});
