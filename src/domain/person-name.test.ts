import { describe, expect, it } from 'vitest';
import {
  detectScript,
  fatherNameSchema,
  isMixedScript,
  personNameSchema,
  personNamesSchema,
  primaryName,
  type PersonName,
} from './person-name.js';

describe('detectScript', () => {
  it.each([
    ['مصطفی پورمحمدی', 'persian'],
    ['حسين علي', 'persian'], // Arabic yeh
    ['Mostafa Pour-Mohammadi', 'latin'],
    ['Ḥusayn Ṭabāṭabāʾī', 'latin'],
    ['Prisoner ۱۲۳۴۵۶', 'latin'], // digits are not letters
    ['زندانی 123', 'persian'],
    ['', 'latin'],
    ['۱۳۶۷', 'latin'],
    ['Ali علی‌رضا', 'persian'], // mixed: the majority wins
    ['Alireza Ali علی', 'latin'],
    ['ab عل', 'latin'], // a tie counts as Latin
  ] as const)('reads "%s" as %s', (text, script) => expect(detectScript(text)).toBe(script));

  it('flags text that mixes the two scripts', () => {
    expect(isMixedScript('Hossein حسین')).toBe(true);
    expect(isMixedScript('حسین')).toBe(false);
    expect(isMixedScript('Hossein')).toBe(false);
    expect(isMixedScript('حسین 1340')).toBe(false);
  });
});

describe('personNamesSchema', () => {
  it('keeps several names with script and kind, trimmed, detecting the script unless given', () => {
    const names = personNamesSchema.parse([
      { text: '  حمید   نوری ' },
      { text: 'Hamid Noury', kind: 'transliteration', lang: 'en' },
      { text: 'Hamid Abbasi', kind: 'alias' },
      { text: 'Nouri', script: 'persian', kind: 'alias' },
    ]);
    expect(names).toEqual([
      { text: 'حمید نوری', script: 'persian', kind: 'birth' },
      { text: 'Hamid Noury', script: 'latin', kind: 'transliteration', lang: 'en' },
      { text: 'Hamid Abbasi', script: 'latin', kind: 'alias' },
      { text: 'Nouri', script: 'persian', kind: 'alias' },
    ]);
  });

  it('accepts a name of exactly 300 characters', () => {
    expect(personNamesSchema.safeParse([{ text: 'a'.repeat(300) }]).success).toBe(true);
  });

  it.each([
    ['an empty list', []],
    ['a blank name', [{ text: '   ' }]],
    ['an empty name', [{ text: '' }]],
    ['a name over 300 characters', [{ text: 'a'.repeat(301) }]],
    ['a control character', [{ text: 'a\u0007b' }]],
    ['a newline', [{ text: 'Ali\nReza' }]],
    ['a NUL', [{ text: 'Ali\u0000' }]],
    ['an unknown kind', [{ text: 'Ali', kind: 'nickname' }]],
    ['an unknown script', [{ text: 'Ali', script: 'cyrillic' }]],
    ['an unknown field', [{ text: 'Ali', note: 'x' }]],
    ['a name that is not a string', [{ text: 42 }]],
    ['not a list', { text: 'Ali' }],
  ])('refuses %s', (_, input) => expect(personNamesSchema.safeParse(input).success).toBe(false));

  it('names the offending field', () => {
    const result = personNamesSchema.safeParse([{ text: 'Ali' }, { text: ' ' }]);
    expect(result.error?.issues[0]?.path).toEqual([1, 'text']);
  });

  it('validates a single name the same way', () => {
    expect(personNameSchema.parse({ text: ' Ali ' })).toEqual({
      text: 'Ali',
      script: 'latin',
      kind: 'birth',
    });
  });
});

describe('fatherNameSchema', () => {
  it('is optional, trimmed, and refuses blank or control characters', () => {
    expect(fatherNameSchema.parse(undefined)).toBeUndefined();
    expect(fatherNameSchema.parse('  محمد ')).toBe('محمد');
    expect(fatherNameSchema.safeParse('  ').success).toBe(false);
    expect(fatherNameSchema.safeParse('a\u001bb').success).toBe(false);
    expect(fatherNameSchema.safeParse('a'.repeat(301)).success).toBe(false);
  });
});

describe('primaryName', () => {
  const name = (text: string, kind: PersonName['kind']): PersonName => ({
    text,
    kind,
    script: detectScript(text),
  });

  it('prefers a birth name in the preferred script', () => {
    const names = [
      name('Hamid Noury', 'transliteration'),
      name('حمید نوری', 'birth'),
      name('Hamid', 'birth'),
    ];
    expect(primaryName(names, 'persian')?.text).toBe('حمید نوری');
    expect(primaryName(names, 'latin')?.text).toBe('Hamid');
  });

  it('falls back to any name in the preferred script, then to the first name', () => {
    const names = [name('حمید نوری', 'birth'), name('Hamid Noury', 'transliteration')];
    expect(primaryName(names, 'latin')?.text).toBe('Hamid Noury');
    expect(primaryName([name('حمید نوری', 'birth')], 'latin')?.text).toBe('حمید نوری');
    expect(primaryName([name('عباسی', 'alias'), name('نوری', 'alias')], 'latin')?.text).toBe('عباسی');
  });

  it('returns undefined for no names', () => {
    expect(primaryName([], 'latin')).toBeUndefined();
  });
});
