import { describe, expect, it } from 'vitest';
import { editDistance, jaro, jaroWinkler } from './string-metrics.js';

describe('Jaro–Winkler', () => {
  it.each([
    ['MARTHA', 'MARHTA', 0.961],
    ['DWAYNE', 'DUANE', 0.84],
    ['DIXON', 'DICKSONX', 0.813],
  ])('%s / %s ≈ %f', (a, b, expected) => {
    expect(jaroWinkler(a, b)).toBeCloseTo(expected, 3);
    expect(jaroWinkler(b, a)).toBeCloseTo(expected, 3);
  });

  it('gives 1 for identical strings and 0 for nothing in common', () => {
    expect(jaroWinkler('hossein', 'hossein')).toBe(1);
    expect(jaroWinkler('abc', 'xyz')).toBe(0);
    expect(jaroWinkler('', 'abc')).toBe(0);
  });

  it('is plain Jaro below the boost threshold', () => {
    expect(jaro('MARTHA', 'MARHTA')).toBeCloseTo(0.944, 3);
  });
});

describe('edit distance', () => {
  it('counts an adjacent transposition once (Damerau) or twice (Levenshtein)', () => {
    expect(editDistance('hossein', 'hosseni')).toBe(1);
    expect(editDistance('hossein', 'hosseni', Infinity, false)).toBe(2);
    expect(editDistance('kitten', 'sitting')).toBe(3);
  });

  it('stops at max + 1', () => {
    expect(editDistance('abcdef', 'uvwxyz', 1)).toBe(2);
    expect(editDistance('a', 'abcd', 2)).toBe(3);
  });
});
