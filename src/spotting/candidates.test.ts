import { describe, expect, it } from 'vitest';
import { buildSpotter, type CandidateKind, type Mention } from './index.js';

// Kaveh Nemuneh, Golnar Farzi, Kuhsar, Dastan and Farzaneh are fictional ("nemuneh": sample, "farzi": supposed).
const spotter = buildSpotter([
  { kind: 'place', id: 'evin', names: ['Evin Prison', 'زندان اوین'] },
  { kind: 'person', id: 'raisi', names: ['Ebrahim Raisi', 'ابراهیم رئیسی'] },
]);

function candidates(text: string, language?: string | null): Mention[] {
  const found = spotter.spot(text, { language }).filter((m) => m.kind === 'candidate');
  for (const m of found) expect(text.slice(m.start, m.end)).toBe(m.text);
  return found;
}

const summary = (text: string, language?: string | null) =>
  candidates(text, language).map((m) => [m.text, m.candidateKind]);

describe('candidates for new entities', () => {
  it.each<[string, string, string, CandidateKind]>([
    ['two capitalised words', 'The court heard Kaveh Nemuneh on Monday.', 'Kaveh Nemuneh', 'unknown'],
    ['a leading common given name', 'The court heard Hamid Dastan on Monday.', 'Hamid Dastan', 'person'],
    ['three words', 'the testimony of Hossein Ali Dastan was read', 'Hossein Ali Dastan', 'person'],
    ['a hyphenated compound', 'they named Kaveh Pour-Farzaneh too', 'Kaveh Pour-Farzaneh', 'unknown'],
    ['a title, left out of the span', 'a letter from Ayatollah Golnar Farzi', 'Golnar Farzi', 'person'],
    ['a title with a full stop', 'a letter from Mr. Kaveh Farzi', 'Kaveh Farzi', 'person'],
    ['a title and one word', 'and Mrs Nemuneh said', 'Nemuneh', 'person'],
    ['a place noun', 'they were taken to Kuhsar Prison at night', 'Kuhsar Prison', 'place'],
    ['a lower-case place noun', 'they were taken to Kuhsar prison at night', 'Kuhsar prison', 'place'],
    ['a cemetery', 'buried in Dastan Cemetery', 'Dastan Cemetery', 'place'],
    ['a city', 'to the Karaj Revolutionary Guards', 'Karaj Revolutionary Guards', 'organization'],
    ['a city alone after "in"', 'detained in Tabriz during', 'Tabriz', 'place'],
    [
      'an organization',
      'a statement by the Kuhsar Workers Party said',
      'Kuhsar Workers Party',
      'organization',
    ],
    ['"of" inside', 'the Ministry of Intelligence said', 'Ministry of Intelligence', 'organization'],
    ['a sentence-initial run ending in a place noun', 'Kuhsar Prison was closed.', 'Kuhsar Prison', 'place'],
    ['a sentence-initial common given name', 'Mohammad Dastan was executed.', 'Mohammad Dastan', 'person'],
    ['after a sentence-initial function word', 'In Kuhsar Prison they waited.', 'Kuhsar Prison', 'place'],
    ['Persian person cue', 'آقای کاوه نمونه گفت که', 'کاوه نمونه', 'person'],
    ['Persian title with ZWNJ', 'حجت\u200cالاسلام گلنار فرضی در جلسه بود', 'گلنار فرضی', 'person'],
    ['chained Persian titles', 'آیت\u200cالله سید کاوه نمونه', 'کاوه نمونه', 'person'],
    ['Persian three given names', 'خانم فاطمه زهرا نمونه', 'فاطمه زهرا نمونه', 'person'],
    ['Persian person, one word', 'آقای نمونه گفت', 'نمونه', 'person'],
    ['Persian place cue', 'در زندان کوهسار اعدام شدند', 'زندان کوهسار', 'place'],
    ['Persian place, short first word', 'در زندان قزل حصار بودند', 'زندان قزل حصار', 'place'],
    ['Persian place with diacritics', 'در گورستانِ کوهسار', 'گورستانِ کوهسار', 'place'],
  ])('%s', (_, text, span, kind) => {
    expect(summary(text)).toEqual([[span, kind]]);
  });

  it('scores titled people above unknown runs, and single words lowest', () => {
    const [titled] = candidates('from Ayatollah Golnar Farzi');
    const [unknown] = candidates('heard Kaveh Nemuneh');
    const [single] = candidates('and Mrs Nemuneh said');
    expect(titled!.score).toBeGreaterThan(unknown!.score);
    expect(unknown!.score).toBeGreaterThan(single!.score);
  });

  it.each([
    ['sentence-initial capitals', 'Prisoners were moved. Many prisoners died. Survivors Remember.'],
    ['a sentence-initial word before one capital', 'Yesterday Nemuneh left.'],
    ['months and weekdays', 'on Monday July the court sat'],
    ['a lone capitalised word', 'reported by Nemuneh yesterday'],
    ['a lone common given name', 'and Mohammad said'],
    ['demonyms and pronouns', 'the Iranian authorities and They'],
    ['known entities', 'at Evin Prison with Ebrahim Raisi and Ayatollah Raisi'],
    ['known entities in Persian', 'در زندان اوین و آقای ابراهیم رئیسی'],
    ['a run of five capitalised words', 'the Report On The Prison Killings Of Summer'],
    ['a Persian cue followed by a function word', 'آقای که گفت، در زندان و'],
    ['a Persian cue before an adjective', 'زندانیان زندان سیاسی'],
    ['an all-capitals heading word', 'see ANNEX'],
  ])('does not propose %s', (_, text) => {
    expect(summary(text)).toEqual([]);
  });

  it('proposes no capitalised runs in a language that capitalises nouns, but keeps Persian cues', () => {
    expect(summary('Die Gefangenen wurden im Kuhsar Gefängnis', 'de')).toEqual([]);
    expect(summary('heard Kaveh Nemuneh', 'en')).toEqual([['Kaveh Nemuneh', 'unknown']]);
    expect(summary('heard Kaveh Nemuneh', null)).toEqual([['Kaveh Nemuneh', 'unknown']]);
    expect(summary('آقای کاوه نمونه', 'de')).toEqual([['کاوه نمونه', 'person']]);
  });
});
