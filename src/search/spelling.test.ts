import { describe, expect, it } from 'vitest';
import { textRuns } from './analyse.js';
import { explainRuns } from './explain.js';
import { buildPlan } from './plan.js';
import { parseQuery } from './query.js';
import {
  compoundForms,
  compoundParts,
  keyedWords,
  similarKeysOf,
  similarQueryKeys,
  spellingKeysOf,
  textKeys,
} from './spelling.js';

const meets = (a: string, b: string) => spellingKeysOf(a).some((k) => spellingKeysOf(b).includes(k));

describe('spelling keys', () => {
  it.each([
    ['raisi', 'raissi'],
    ['raisi', 'raeesi'],
    ['raisi', 'رییسی'],
    ['hossein', 'husayn'],
    ['hosain', 'حسین'],
    ['gholizadeh', 'qolizadeh'],
    ['قلیزاده', 'gholizadeh'],
    ['pourmohammadi', 'poormohammadi'],
    ['fatemeh', 'فاطمه'],
  ])('%s meets %s', (a, b) => expect(meets(a, b)).toBe(true));

  it.each([
    ['reza', 'rezaei'],
    ['hossein', 'hassan'],
    ['mohammadi', 'pourmohammadi'],
    ['prison', 'person'],
  ])('%s does not meet %s', (a, b) => expect(meets(a, b)).toBe(false));

  it('finds a typo in a long name by deletion keys, and Fatima by the skeleton of Persian script', () => {
    const shared = (query: string, indexed: string) =>
      similarQueryKeys(query).some((k) => similarKeysOf(indexed).includes(k));
    expect(shared('kalanatri', 'kalantari')).toBe(true);
    expect(shared('pourmohammdi', 'pourmohammadi')).toBe(true);
    expect(shared('fatima', 'فاطمه')).toBe(true);
    expect(shared('kalbasi', 'kalantari')).toBe(false);
  });

  it('keys a compound name written apart as one word, and only name-like words as similar', () => {
    const text = 'the family of Mohammad Reza Azarnoush and Pour Mohammadi';
    const keys = textKeys(keyedWords(text, textRuns(text)));
    expect(keys.spelling).toContain(spellingKeysOf('mohammadreza')[0]);
    expect(keys.spelling).toContain(spellingKeysOf('pourmohammadi')[0]);
    expect([...keys.similar].some((k) => similarKeysOf('family').includes(k))).toBe(false);
  });
});

describe('explanations', () => {
  const explain = (query: string, text: string) => {
    const plan = buildPlan(parseQuery(query));
    return explainRuns(text, textRuns(text), plan.highlight).filter((m) => m !== null);
  };

  it('tells which spelling matched and why', () => {
    expect(explain('Raisi ', "Raisi, Raissi, Ra'isi and رییسی")).toEqual([
      { text: 'Raisi', query: 'Raisi', reason: 'exact' },
      { text: 'Raissi', query: 'Raisi', reason: 'spelling' },
      { text: "Ra'isi", query: 'Raisi', reason: 'exact' },
      { text: 'رییسی', query: 'Raisi', reason: 'script' },
    ]);
  });

  it('explains a name written in two words by both', () => {
    const found = explain('Pourmohammadi ', 'named Mostafa Pour Mohammadi here');
    // The same letters, only spaced: as spelled.
    expect(found).toEqual([
      { text: 'Pour Mohammadi', query: 'Pourmohammadi', reason: 'exact' },
      { text: 'Pour Mohammadi', query: 'Pourmohammadi', reason: 'exact' },
    ]);
    expect(explain('Poormohammadi ', 'named Pour Mohammadi')[0]).toMatchObject({ reason: 'spelling' });
  });
});

describe('compound names in a phrase', () => {
  it.each([
    ['soltanzadeh', ['soltan', 'zadeh']],
    ['pourmohammadi', ['pour', 'mohammadi']],
    ['mohammadreza', ['mohammad', 'reza']],
    ['alaeddin', ['ala', 'eddin']],
    ['پورمحمدی', ['پور', 'محمدی']],
    ['pourya', null],
    ['zadeh', null],
    ['khavaran', null],
  ])('splits %s as %j', (term, parts) => {
    expect(compoundParts(term)).toEqual(parts);
  });

  it('gives the joined and the split forms of a phrase, never the phrase itself', () => {
    expect(compoundForms(['akbar', 'soltan', 'zadeh'])).toEqual([['akbar', 'soltanzadeh']]);
    expect(compoundForms(['akbar', 'soltanzadeh'])).toEqual([['akbar', 'soltan', 'zadeh']]);
    expect(compoundForms(['ali', 'pour', 'mohammadi', 'signed'])).toEqual([
      ['ali', 'pourmohammadi', 'signed'],
    ]);
    expect(compoundForms(['gholam', 'ali'])).toEqual([['gholamali']]);
    expect(compoundForms(['summer', 'of', '1988'])).toEqual([]);
  });
});
