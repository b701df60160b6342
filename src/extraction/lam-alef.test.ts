import { describe, expect, it } from 'vitest';
import { lamAlefRepairs, restoreLamAlef } from './lam-alef.js';

describe('lamAlefRepairs', () => {
  it('reads the ligature words of a line from the glyphs as pdf.js reports them', () => {
    // "سلام و سالم" as Chromium draws it: glyph runs left to right, one of them the lam-alef ligature.
    const line = [
      ['ﻢ', 527],
      ['ﻟ', 535],
      ['ﺎ', 538],
      ['ﺳ', 542],
      [' ', 552],
      ['م و', 556],
      ['ﻼ', 573],
      ['ﺳ', 580],
    ].map(([str, x]) => ({ str: str as string, dir: str === ' ' ? 'ltr' : 'rtl', x: x as number, y: 820 }));
    expect(lamAlefRepairs(line)).toEqual([['سالم', 'سلام']]);
  });

  it('finds nothing on a page without the ligature', () => {
    expect(lamAlefRepairs([{ str: 'ﻢﻟﺎﺳ', dir: 'rtl', x: 0, y: 0 }])).toEqual([]);
  });
});

describe('restoreLamAlef', () => {
  it('repairs whole words only, as many as were found', () => {
    const repairs: Array<[string, string]> = [['سالم', 'سلام']];
    expect(restoreLamAlef('سالم و سالمند', repairs)).toBe('سلام و سالمند');
    expect(restoreLamAlef('سالم، سالم', repairs)).toBe('سلام، سالم');
    expect(restoreLamAlef('جمهوری اسالمی', [['اسالمی', 'اسلامی']])).toBe('جمهوری اسلامی');
  });
});
