import { describe, expect, it } from 'vitest';
import {
  compactName,
  gregorianYear,
  nameSkeleton,
  ocrCapitalI,
  ocrSkeleton,
  placeName,
  soundex,
} from './keys.js';

describe('nameSkeleton', () => {
  it.each([
    ['حسین', ['Hossein', 'Hosein', 'Hussein']],
    ['پورمحمدی', ['Pour-Mohammadi', 'Pourmohammadi', 'Pour Mohammadi']],
    ['موسوی', ['Mousavi', 'Musavi', 'Moosavi']],
    ['حسن‌زاده', ['Hassanzadeh', 'Hasan-Zadeh', 'Hasanzade']],
    ['فاطمه', ['Fatemeh', 'Fateme']],
    // A final heh after alef, and in -allah, is a consonant that romanizations write.
    ['شاه', ['Shah']],
    ['نصرت‌الله', ['Nosratollah']],
    ['پناهی', ['Panahi']],
  ])('%s meets its romanizations', (persian, latin) => {
    for (const l of latin) expect(nameSkeleton(l)).toBe(nameSkeleton(persian));
  });

  it('keeps different names apart', () => {
    expect(nameSkeleton('Hossein')).not.toBe(nameSkeleton('Hassan Zadeh'));
    expect(nameSkeleton('Karimi')).not.toBe(nameSkeleton('Rahimi'));
  });
});

describe('ocrSkeleton', () => {
  it("reads a scan's rn as m and b as h, in both scripts alike", () => {
    expect(ocrSkeleton('Arnir')).toBe(ocrSkeleton('Amir'));
    expect(ocrSkeleton('Tagbinia')).toBe(ocrSkeleton('Taghinia'));
    expect(ocrSkeleton('Tagbinia')).toBe(ocrSkeleton('تقی‌نیا'));
    expect(ocrSkeleton('Barnad')).toBe(ocrSkeleton('برند'));
    expect(ocrSkeleton('Sbahrem')).toBe(ocrSkeleton('Shahram'));
    expect(ocrSkeleton('Abbaskbani')).toBe(ocrSkeleton('عباسخانی'));
    expect(nameSkeleton('Arnir')).not.toBe(nameSkeleton('Amir'));
  });

  it('keeps names apart that differ otherwise', () => {
    expect(ocrSkeleton('Karimi')).not.toBe(ocrSkeleton('Rahimi'));
    expect(ocrSkeleton('')).toBeNull();
  });
});

describe('placeName', () => {
  it('drops the words that only say what kind of place it is', () => {
    expect(placeName('Tabriz Central')).toBe('tabriz');
    expect(placeName('زندان مرکزی تبریز')).toBe('تبریز');
    expect(nameSkeleton(placeName('Tabriz Central')!)).toBe(nameSkeleton(placeName('زندان تبریز')!));
    expect(placeName('Ghezel Hesar')).toBe('ghezelhesar');
    expect(placeName('Prison')).toBe('prison');
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

describe('compactName', () => {
  it('reads an OCR capital I inside a lower-case word as l', () => {
    expect(compactName('TaIvazfar')).toBe(compactName('Talvazfar'));
    expect(compactName('AIi')).toBe('ali');
    expect(nameSkeleton(compactName('DeIsari')!)).toBe(nameSkeleton(compactName('Delsari')!));
  });

  it('leaves an I that starts a word, and words in capitals, as written', () => {
    expect(ocrCapitalI('Iraj ALI Ibrahimi')).toBe('Iraj ALI Ibrahimi');
    expect(compactName('Iraj')).toBe('iraj');
    expect(compactName('ALI')).toBe('ali');
  });
});
