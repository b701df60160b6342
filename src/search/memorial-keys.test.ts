import { describe, expect, it } from 'vitest';
import { memorialKeysOf, memorialQuery, prefixEnd } from './memorial-keys.js';

/** True when some key of every query word is a key of the name (what one indexed lookup per word finds). */
function meets(query: string, names: string[]): boolean {
  const keys = memorialKeysOf(names, 'name');
  return memorialQuery(query).every(
    (w) =>
      [...w.keys.keys()].some((k) => keys.has(k)) ||
      w.prefixes.some((p) => [...keys.keys()].some((k) => k >= p && k < prefixEnd(p))),
  );
}

describe('memorial keys', () => {
  it('meet spellings, scripts, one typo and compounds', () => {
    expect(meets('hosain rezaie', ['Hossein Rezaei'])).toBe(true);
    expect(meets('hosain rezaie', ['حسین رضایی'])).toBe(true);
    expect(meets('Fatima', ['فاطمه'])).toBe(true);
    expect(meets('Pour Mohammadi', ['Pourmohammadi'])).toBe(true);
    expect(meets('Pourmohammadi', ['Pour-Mohammadi'])).toBe(true);
    expect(meets('Mohammad Reza', ['Mohammadreza'])).toBe(true);
    expect(meets('پور محمدی', ['پور\u200cمحمدی'])).toBe(true);
    expect(meets('Nobody', ['Hossein Rezaei'])).toBe(false);
  });

  it('keep the father’s name apart from the names, and leave honorifics out of a query', () => {
    const father = memorialKeysOf(['Ali'], 'father');
    expect([...father.keys()].every((k) => k.startsWith('f'))).toBe(true);
    expect(memorialQuery('Seyed Ali').map((w) => w.word)).toEqual(['ali']);
    expect(memorialQuery('Seyed').map((w) => w.word)).toEqual(['seyed']);
  });

  it('reads only the last query word of three letters or more as a prefix', () => {
    expect(memorialQuery('hossein rez').map((w) => w.prefixes.length > 0)).toEqual([false, true]);
    expect(memorialQuery('re')[0]!.prefixes).toEqual([]);
  });
});
