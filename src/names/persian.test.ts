import { describe, expect, it } from 'vitest';
import { foldForSearch } from './fold.js';
import { normalisePersian, unifyDigits } from './persian.js';
import { skeletonKey, skeletonTokens } from './skeleton.js';

describe('Persian normaliser', () => {
  it.each([
    ['Arabic yeh and kaf', 'رضايي كريمي', 'رضایی کریمی'],
    ['alef maksura', 'مصطفى', 'مصطفی'],
    ['presentation forms', 'ﻣﺤﻤﺪ', 'محمد'],
    ['harakat and shadda', 'مُحَمَّد', 'محمد'],
    ['tatweel', 'مـحـمـد', 'محمد'],
    ['teh marbuta', 'فاطمة', 'فاطمه'],
    ['digits of every system', '۱۳۶۷ / ١٣٦٧ / 1367', '1367 / 1367 / 1367'],
    ['ZWNJ kept inside a word', 'می‌روم', 'می\u200cروم'],
    ['repeated ZWNJ', 'می\u200c\u200cروم', 'می\u200cروم'],
    ['ZWNJ beside a space or at an end', '\u200cمی\u200c \u200cروم\u200c', 'می روم'],
    ['white space', '  علی \t رضایی ', 'علی رضایی'],
  ])('%s', (_, input, expected) => {
    expect(normalisePersian(input)).toBe(expected);
  });

  it('folds hamza seats only when asked', () => {
    expect(normalisePersian('مسئول')).toBe('مسئول');
    expect(normalisePersian('مسئول', { foldHamza: true })).toBe('مسیول');
  });

  it('unifies digits without touching anything else', () => {
    expect(unifyDigits('زندان ۲۰۹ (٢٠٩)')).toBe('زندان 209 (209)');
  });

  it('is what search folding builds on', () => {
    expect(foldForSearch('ﺭﺿﺎﻳﻲ')).toBe(foldForSearch('رضایی'));
    expect(foldForSearch('۱۳۶۷')).toBe('1367');
    expect(foldForSearch('قاسم‌زاده')).toBe('قاسم زاده');
  });
});

describe('cross-script skeleton keys', () => {
  it.each([
    ['حسین رضایی', 'Hossein Rezaei', 'Hosein Rezaee', 'Husayn Rezai', 'Seyed Hossein Rezaei'],
    ['مصطفی پورمحمدی', 'Mostafa Pour-Mohammadi', 'Mostafa Pourmohammadi', 'Mustafa Pour Mohammadi'],
    ['فاطمه موسوی', 'Fatemeh Mousavi', 'Fateme Musavi', 'Fatima Moosavi'],
    ['یوسف قاسم‌زاده', 'Yousef Ghasemzadeh', 'Yusef Qasem-Zade'],
    ['وحید خلیلی', 'Vahid Khalili'],
    ['جواد شریعتی', 'Djavad Shariati', 'Javad Shariaty'],
    ['ژاله', 'Zhaleh'],
    ['ﻋﻠﻲ', 'علی', 'Ali'],
  ])('brings %s and its romanizations together', (...names) => {
    expect(new Set(names.map(skeletonKey)).size).toBe(1);
  });

  it('keeps different names apart', () => {
    expect(skeletonKey('Hossein Rezaei')).not.toBe(skeletonKey('Hossein Karimi'));
    expect(skeletonKey('مریم')).not.toBe(skeletonKey('Mahmoud'));
    expect(skeletonKey('Reza')).not.toBe(skeletonKey('Rahim'));
  });

  it('drops honorifics and gives one token per word', () => {
    expect(skeletonTokens('Haj Seyed Ali Mousavi')).toEqual(['l', 'ms']);
    expect(skeletonTokens('سید علی موسوی')).toEqual(['l', 'ms']);
  });
});
