import { describe, expect, it } from 'vitest';
import { breakLongLine, layoutText, paragraphsOf, stripToolBidiControls } from './layout.js';

const LIMITS = { maxChars: 1_000_000, maxLineChars: 100 };

describe('layoutText', () => {
  it('gives LF line ends, NFC, no control characters, one blank line between paragraphs', () => {
    const raw = 'Cafe\u0301 one\r\nline two\r\n\r\n\r\n\r\nsecond\u0000 paragraph\rlast\u2028line\u2029next';
    expect(layoutText(raw, LIMITS).text).toBe('Café one\nline two\n\nsecond paragraph\nlast\nline\n\nnext');
  });

  it('keeps the text faithful: no Persian normalisation', () => {
    const raw = 'كتاب علي ۱۳۶۷ می‌روم';
    expect(layoutText(raw, LIMITS).text).toBe(raw);
  });

  it('keeps pages, even empty ones, so that page n is split("\\f")[n - 1]', () => {
    const { text } = layoutText('page one\n\n\fpage two\f\f\npage four\n', LIMITS);
    expect(text.split('\f')).toEqual(['page one', 'page two', '', 'page four']);
  });

  it('breaks a huge single line without losing a character, quickly', () => {
    const line = 'word '.repeat(400_000).trim();
    const { text } = layoutText(line, { maxChars: 5_000_000, maxLineChars: 1_000 });
    const lines = text.split('\n');
    expect(lines.length).toBeGreaterThan(1_999);
    expect(Math.max(...lines.map((l) => l.length))).toBeLessThanOrEqual(1_000);
    expect(lines.join(' ')).toBe(line);
  });

  it('cuts text beyond maxChars at a line end and says so', () => {
    const raw = Array.from({ length: 100 }, (_, i) => `line ${i} of the text`).join('\n');
    const { text, warnings } = layoutText(raw, { maxChars: 500, maxLineChars: 100 });
    expect(text.length).toBeLessThanOrEqual(500);
    expect(raw.startsWith(text)).toBe(true);
    expect(text.endsWith('of the text')).toBe(true);
    expect(warnings).toEqual(['the text was cut at 500 characters']);
  });
});

describe('breakLongLine', () => {
  it('breaks at the last space in the allowed length', () => {
    expect(breakLongLine('aaaa bbbb cccc dddd', 10)).toBe('aaaa bbbb\ncccc dddd');
  });

  it('breaks a run without spaces anywhere safe, never inside a character', () => {
    const emoji = '😀'.repeat(30);
    const broken = breakLongLine(emoji, 7);
    for (const piece of broken.split('\n')) {
      expect(piece.length).toBeLessThanOrEqual(7);
      expect(piece).toBe([...piece].join(''));
      expect(/^(?:\ud83d\ude00)+$/.test(piece)).toBe(true);
    }
    expect(broken.replace(/\n/g, '')).toBe(emoji);
    const marks = 'بِسْمِ'.repeat(20);
    for (const piece of breakLongLine(marks, 9).split('\n'))
      expect(/^[\u064b-\u065f]/.test(piece)).toBe(false);
  });
});

describe('paragraphsOf', () => {
  it('gives offsets of every paragraph and a language for each', () => {
    const text = [
      'Testimonies',
      'In the summer of 1988 thousands of political prisoners were executed in Iran.',
      'در تابستان ۱۳۶۷ هزاران زندانی سیاسی در زندان اوین و گوهردشت اعدام شدند.',
    ].join('\n\n');
    const withPage = `${text}\fFamilies were never told where their relatives were buried.`;
    const { paragraphs, language } = paragraphsOf(withPage);
    expect(paragraphs.map((p) => withPage.slice(p.start, p.end))).toEqual([
      'Testimonies',
      'In the summer of 1988 thousands of political prisoners were executed in Iran.',
      'در تابستان ۱۳۶۷ هزاران زندانی سیاسی در زندان اوین و گوهردشت اعدام شدند.',
      'Families were never told where their relatives were buried.',
    ]);
    expect(paragraphs.map((p) => p.language)).toEqual(['en', 'en', 'fa', 'en']);
    expect(language).toBe('en');
  });

  it('gives no paragraphs for empty text', () => {
    expect(paragraphsOf('')).toEqual({ paragraphs: [], language: null });
  });
});

describe('stripToolBidiControls', () => {
  it('removes the marks and embeddings tools add, nothing else', () => {
    expect(stripToolBidiControls('\u202bسال \u202a1988\u202c\u202c \u200eok\u200f می\u200cروم')).toBe(
      'سال 1988 ok می\u200cروم',
    );
  });
});
