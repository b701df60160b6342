import { describe, expect, it } from 'vitest';
import { foldForSearch } from '../names/index.js';
import { analyse, namesKeys, termsOf, textRuns, wordKey } from './analyse.js';

describe('analyse', () => {
  it('folds Persian letters, diacritics, digits and case into the same terms', () => {
    expect(analyse('كميته مُنتَظري ۱۳۶۷ Évin').terms).toEqual(['کمیته', 'منتظری', '1367', 'evin']);
  });

  it('indexes compounds as their parts and as one joined word', () => {
    expect(analyse('Pour-Mohammadi')).toEqual({
      terms: ['pour', 'mohammadi'],
      joins: [{ at: 0, term: 'pourmohammadi' }],
    });
    expect(analyse('نامه‌ای').joins).toEqual([{ at: 0, term: 'نامهای' }]);
    expect(analyse('نامه ای').joins).toEqual([]);
    expect(analyse('a-b-c').joins.map((j) => j.term)).toEqual(['ab', 'abc', 'bc']);
  });

  it('keeps operator characters out of terms', () => {
    for (const text of ['NEAR(a, 2)', '"x" * : -y', "'; drop table t; --", '{title}:x^2'])
      for (const term of analyse(text).terms) expect(term).toMatch(/^[\p{L}\p{N}\p{M}]+$/u);
  });

  it('gives the words of a text with their offsets as written', () => {
    const text = 'در نامه‌ای به Pour-Mohammadi';
    expect(textRuns(text).map((r) => [text.slice(r.start, r.end), r.terms])).toEqual([
      ['در', ['در']],
      ['نامه‌ای', ['نامه', 'ای']],
      ['به', ['به']],
      ['Pour-Mohammadi', ['pour', 'mohammadi']],
    ]);
  });

  it('folds every word of a text as the word alone would fold, plain ASCII or not', () => {
    const text =
      "The EVIN prison, 1988: Ra'isi, Pour-Mohammadi, Hoséyn, Ｆｕｌｌ, ١٣٦٧ and ۱۳۶۷; كميته مُنتَظري\u200cها x_y ß İstanbul";
    const runs = textRuns(text);
    expect(runs.map((r) => text.slice(r.start, r.end))).toContain('EVIN');
    for (const run of runs) expect(run.terms).toEqual(termsOf(foldForSearch(text.slice(run.start, run.end))));
    expect(runs.find((r) => text.slice(r.start, r.end) === 'EVIN')!.terms).toEqual(['evin']);
    expect(runs.find((r) => text.slice(r.start, r.end) === 'Hoséyn')!.terms).toEqual(['hoseyn']);
  });
});

describe('cross-script keys', () => {
  it('gives a Persian-script word and its romanizations one lower-case key', () => {
    expect(wordKey('پورمحمدی')).toBe(wordKey('Pourmohammadi'));
    expect(wordKey('رئیسی')).toBe(wordKey('Raisi'));
    expect(wordKey('شریعتی')).toBe(wordKey('Shariati'));
    expect(wordKey('شریعتی')).toMatch(/^[a-z]+$/);
    expect(wordKey('Seyed')).toBe('');
  });

  it('keys neighbouring words together, so that compounds written apart meet', () => {
    expect(namesKeys(['Mostafa Pour Mohammadi'])).toContain(wordKey('پورمحمدی'));
  });
});
