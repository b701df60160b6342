import { describe, expect, it } from 'vitest';
import { gregorianYear, nameSkeleton, soundex } from './keys.js';

describe('nameSkeleton', () => {
  it.each([
    ['حسین', ['Hossein', 'Hosein', 'Hussein']],
    ['پورمحمدی', ['Pour-Mohammadi', 'Pourmohammadi', 'Pour Mohammadi']],
    ['موسوی', ['Mousavi', 'Musavi', 'Moosavi']],
    ['حسن‌زاده', ['Hassanzadeh', 'Hasan-Zadeh', 'Hasanzade']],
    ['فاطمه', ['Fatemeh', 'Fateme']],
  ])('%s meets its romanizations', (persian, latin) => {
    for (const l of latin) expect(nameSkeleton(l)).toBe(nameSkeleton(persian));
  });

  it('keeps different names apart', () => {
    expect(nameSkeleton('Hossein')).not.toBe(nameSkeleton('Hassan Zadeh'));
    expect(nameSkeleton('Karimi')).not.toBe(nameSkeleton('Rahimi'));
  });
});

describe('gregorianYear', () => {
  it('shifts Solar Hijri years and reads Persian digits', () => {
    expect(gregorianYear('۱۳۴۰')).toBe('1961');
    expect(gregorianYear('1340')).toBe('1961');
    expect(gregorianYear('1961')).toBe('1961');
    expect(gregorianYear('unknown')).toBeNull();
  });
});

it('soundex', () => {
  expect(soundex('Robert')).toBe('R163');
  expect(soundex('Rupert')).toBe('R163');
  expect(soundex('Ashcraft')).toBe('A261');
});
