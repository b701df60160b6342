import { describe, expect, it } from 'vitest';
import { buildPlan } from './plan.js';
import { parseQuery } from './query.js';

const terms = (q: string, names: string[][], fuzzy = false) => [
  ...buildPlan(
    parseQuery(q),
    names.map((n) => ({ names: n, fuzzy })),
  ).highlight.terms,
];

describe('buildPlan', () => {
  it('expands a word with the corresponding words of known entities in the other script', () => {
    expect(terms('montazeri ', [['حسینعلی منتظری']])).toEqual(['montazeri', 'منتظری']);
    expect(terms('ابراهیم رئیسی ', [['Ebrahim Raisi']])).toEqual(
      expect.arrayContaining(['ebrahim', 'raisi', 'ابراهیم', 'رئیسی'.replace('ئ', 'ی')]),
    );
  });

  it('joins two query words that a name writes as one, and splits the reverse', () => {
    expect(terms('pour mohammadi ', [['مصطفی پورمحمدی']])).toContain('پورمحمدی');
    expect(terms('pourmohammadi ', [['Mostafa Pour Mohammadi']])).toEqual(
      expect.arrayContaining(['pour', 'mohammadi', 'pourmohammadi']),
    );
  });

  it('ignores an entity that matches only one word of several', () => {
    expect(terms('ali montazeri ', [['علی کریمی']])).toEqual(['ali', 'montazeri']);
  });

  it('takes a misspelt word for the closest word of an entity found by trigrams', () => {
    expect(terms('monazeri ', [['Hossein-Ali Montazeri', 'حسینعلی منتظری']], true)).toEqual(
      expect.arrayContaining(['montazeri', 'منتظری']),
    );
  });
});

describe('buildPlan precision', () => {
  it('prefers the names that agree on long vowels too: Rezaei is not Reza, Hossein is not Hassan', () => {
    const found = terms('rezaei ', [['رضا احمدی'], ['علی رضایی'], ['Reza Karimi']]);
    expect(found).toContain('رضایی');
    expect(found).not.toContain('رضا');
    expect(found).not.toContain('reza');
    expect(terms('hossein ', [['حسن صادقی'], ['حسین نوری']])).toEqual(['hossein', 'حسین']);
  });

  it('falls back on the skeleton when no name agrees on long vowels (Mostafa, مصطفی)', () => {
    expect(terms('مصطفی ', [['Mostafa Pourmohammadi']])).toContain('mostafa');
  });
});
