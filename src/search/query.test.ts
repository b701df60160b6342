import { describe, expect, it } from 'vitest';
import { ValidationError } from '../domain/errors.js';
import { parseQuery } from './query.js';

describe('parseQuery', () => {
  it('reads words, quoted phrases and a last word still being typed', () => {
    const { units } = parseQuery('Hosein «هیئت مرگ» "death commission" montaz');
    expect(units.map((u) => u.type)).toEqual(['word', 'phrase', 'phrase', 'word']);
    expect(units[3]).toMatchObject({ term: 'montaz', prefix: true });
    expect(units[0]).toMatchObject({ term: 'hosein', prefix: false });
  });

  it('matches the last word whole after a space, a closing quote, or when it is short', () => {
    expect(parseQuery('montaz ').units[0]).toMatchObject({ prefix: false });
    expect(parseQuery('"montaz"').units[0]).toMatchObject({ prefix: false });
    expect(parseQuery('ab').units[0]).toMatchObject({ prefix: false });
  });

  it('reads hyphenated and ZWNJ compounds as one unit', () => {
    expect(parseQuery('Pour-Mohammadi x').units[0]).toMatchObject({
      type: 'compound',
      terms: ['pour', 'mohammadi'],
    });
    expect(parseQuery('قاسم‌زاده x').units[0]).toMatchObject({ type: 'compound', terms: ['قاسم', 'زاده'] });
  });

  it('treats search syntax as text and refuses queries without words, naming q', () => {
    expect(parseQuery('NEAR( evin, 3) OR -x').units.map((u) => (u.type === 'word' ? u.term : ''))).toEqual([
      'near',
      'evin',
      '3',
      'or',
      'x',
    ]);
    for (const q of ['', '  ', '"', '* : -', '\u200c', 'x'.repeat(1001), Array(21).fill('w').join(' ')]) {
      expect(() => parseQuery(q)).toThrow(ValidationError);
      try {
        parseQuery(q);
      } catch (error) {
        expect((error as ValidationError).problems[0]!.field).toBe('q');
      }
    }
  });
});
