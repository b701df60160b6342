import { describe, expect, it } from 'vitest';
import { longVowelKey } from './long-vowel-key.js';
import { skeletonKey } from './skeleton.js';

describe('longVowelKey', () => {
  it.each([
    ['حسین', 'Hossein', 'Hosein', 'Hussein'],
    ['رضایی', 'Rezaei', 'Rezaee', 'Rezai'],
    ['رئیسی', 'Raisi', 'Raeisi'],
    ['منتظری', 'Montazeri'],
    ['پورمحمدی', 'Pourmohammadi'],
    ['مریم', 'Maryam', 'Mariam'],
    ['لیلا', 'Leila', 'Leyla'],
    ['موسوی', 'Mousavi', 'Musavi'],
    ['سعید', 'Saeed', 'Said'],
    ['کیوان', 'Keyvan'],
    ['مهین', 'Mahin'],
    ['فاطمه', 'Fatemeh', 'Fateme'],
    ['پروین', 'Parvin'],
  ])('gives %s and its romanizations one key', (persian, ...latin) => {
    for (const spelling of latin) expect(longVowelKey(spelling)).toBe(longVowelKey(persian));
  });

  it('separates names the consonant skeleton merges', () => {
    expect(skeletonKey('Reza')).toBe(skeletonKey('Rezaei'));
    expect(longVowelKey('Reza')).not.toBe(longVowelKey('Rezaei'));
    expect(longVowelKey('حسن')).not.toBe(longVowelKey('حسین'));
    expect(longVowelKey('Hassan')).toBe(longVowelKey('حسن'));
  });

  it('gives a final ی read as "a" an i its romanization lacks (callers fall back on the skeleton)', () => {
    expect(longVowelKey('مصطفی')).toBe(`${longVowelKey('Mostafa')}i`);
  });
});
