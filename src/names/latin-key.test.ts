import { describe, expect, it } from 'vitest';
import { foldForSearch } from './fold.js';
import { latinKeys, latinWordKey } from './latin-key.js';

describe('latin name keys', () => {
  it.each([
    ['Hossein', 'Hosein', 'Husein', 'Hussein'],
    ['Rezaei', 'Rezaee', 'Rezai'],
    ['Mohammad', 'Mohamad', 'Muhammad'],
    ['Karimi', 'Karimy'],
    ['Sadeghi', 'Sadeqi'],
    ['Mousavi', 'Musavi'],
    ['Pour', 'Pur'],
  ])('brings %s and its variants together', (...variants) => {
    expect(new Set(variants.map(latinWordKey)).size).toBe(1);
  });

  it('keeps different names apart', () => {
    expect(latinWordKey('Hassan')).not.toBe(latinWordKey('Hossein'));
    expect(latinWordKey('Reza')).not.toBe(latinWordKey('Rezaei'));
  });

  it('splits compound names at hyphens and spaces', () => {
    expect(latinKeys('Pour-Mohammadi')).toEqual(latinKeys('Pour Mohammadi'));
  });
});

describe('search folding', () => {
  it('folds Arabic letters, diacritics, ZWNJ and case', () => {
    expect(foldForSearch('رضايي')).toBe(foldForSearch('رضایی'));
    expect(foldForSearch('كريمي')).toBe('کریمی');
    expect(foldForSearch('قناری‌پور')).toBe('قناری پور');
    expect(foldForSearch('Ḥusayn')).toBe('husayn');
    expect(foldForSearch('مُحَمَّد')).toBe('محمد');
  });
});
