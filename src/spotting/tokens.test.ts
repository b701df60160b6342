import { describe, expect, it } from 'vitest';
import { foldForSearch } from '../names/index.js';
import { KeyCache, numberValue, tokenize, TokenizedText, wordKeys } from './tokens.js';

const texts = (text: string) => tokenize(text).map((t) => text.slice(t.start, t.end));

describe('tokenizer', () => {
  it.each([
    ['English with a possessive', "Montazeri's memoir, p. 32", ['Montazeri', 'memoir', 'p', '32']],
    ['a hyphenated name', 'Pour-Mohammadi', ['Pour', 'Mohammadi']],
    ['an apostrophe inside a name', "Raja'i Shahr", ["Raja'i", 'Shahr']],
    ['ZWNJ splits compound parts', 'پور\u200cمحمدی', ['پور', 'محمدی']],
    ['diacritics stay inside the word', 'مُصطفی پورمحمّدی', ['مُصطفی', 'پورمحمّدی']],
    ['tatweel stays inside the word', 'رئـــیسی', ['رئـــیسی']],
    ['presentation forms', 'ﺣﻤﻴﺪ ﻧﻮﺭﻱ', ['ﺣﻤﻴﺪ', 'ﻧﻮﺭﻱ']],
    ['direction marks inside a word', 'اوین\u200fی', ['اوین\u200fی']],
    ['numbers with separators', '30,000 and ۳۰٬۰۰۰ and ۳۰،۰۰۰', ['30,000', 'and', '۳۰٬۰۰۰', 'and', '۳۰،۰۰۰']],
    ['a comma between numbers is not a separator', '12,34', ['12', '34']],
    ['digits and letters apart', '30th ۱۳۶۷ش', ['30', 'th', '۱۳۶۷', 'ش']],
  ])('%s', (_, text, expected) => {
    expect(texts(text)).toEqual(expected);
  });

  it('records what separates tokens', () => {
    const seps = (text: string) => tokenize(text).map((t) => t.sep);
    expect(seps('a b\u200cc-d – e,f\n\ng')).toEqual([
      'start',
      'space',
      'zwnj',
      'hyphen',
      'dash',
      'break',
      'break',
    ]);
    expect(seps('Pour-\nMohammadi')).toEqual(['start', 'hyphen']);
    expect(seps('a\nb')).toEqual(['start', 'space']);
  });

  it('reads numbers in every digit system', () => {
    const values = (text: string) => tokenize(text).map(numberValue);
    expect(values('30,000 ۳۰٬۰۰۰ ٤٤٨١ ۴۴۸۱')).toEqual([30000, 30000, 4481, 4481]);
  });

  it('gives keys that agree with search folding', () => {
    for (const word of ['Hossein', 'مُحَمَّد', 'ﻣﺤﻤﺪ', 'رئيسي', 'Ébrahim'])
      expect(wordKeys(word).fold).toBe(foldForSearch(word).replace(/[^\p{L}\p{N}]/gu, ''));
    expect(wordKeys('Hosein').sound).toBe(wordKeys('Hossein').sound);
    expect(wordKeys('پورمحمدی').skeleton).toBe(wordKeys('Pourmohammadi').skeleton);
    expect(wordKeys('Evin')).toMatchObject({ script: 'latin', capitalised: true });
    expect(wordKeys('اوین')).toMatchObject({ script: 'fa', capitalised: false });
  });

  it('knows where sentences start', () => {
    const tt = new TokenizedText('Prisoners said. Mr. Nemuneh left! Then', new KeyCache());
    const starts = tt.tokens.map((_, i) => tt.startsSentence(i, (w) => w === 'mr'));
    expect(starts).toEqual([true, false, true, false, false, true]);
  });
});
