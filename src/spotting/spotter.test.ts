import { describe, expect, it } from 'vitest';
import { fuzzyDateSchema } from '../domain/fuzzy-date.js';
import { buildSpotter, type GazetteerEntry, type Mention } from './index.js';
import { resolveOverlaps } from './resolve.js';

// Names from the demo facts; Kaveh Nemuneh and Kuhsar are fictional.
const ENTRIES: GazetteerEntry[] = [
  { kind: 'person', id: 'pour-mohammadi', names: ['Mostafa Pour-Mohammadi', 'مصطفی پورمحمدی'] },
  { kind: 'person', id: 'montazeri', names: ['Hossein-Ali Montazeri', 'حسینعلی منتظری'] },
  { kind: 'person', id: 'nouri', names: ['Hamid Nouri', 'حمید نوری'] },
  { kind: 'place', id: 'gohardasht', names: ['Gohardasht Prison', 'زندان گوهردشت'] },
  { kind: 'place', id: 'mehr', names: ['Mehr'] },
];
const spotter = buildSpotter(ENTRIES);

const ENGLISH =
  'Hamid Nouri was convicted by the Stockholm District Court on 14 July 2022 for crimes at Gohardasht Prison ' +
  'between 27 July and 6 September 1988. According to Montazeri, Mostafa Pour-Mohammadi sat on the Evin ' +
  'committee; he put the number executed between 2,800 and 3,800, as Kaveh Nemuneh noted (p. 32).';
// ZWNJ, a kasra, tatweel and a presentation form, all before later mentions, so offsets must survive them.
const PERSIAN =
  'مصطفی پور\u200cمحمدی و حمـید نوریِ در زندانِ ﮔﻮهردشت در ۸ مرداد ۱۳۶۷ بودند. ' +
  'به گفته\u200cی منتظری بیش از ۳۰ هزار زندانی اعدام شدند. آقای کاوه نمونه در سال ۱۳۶۷ آنجا بود.';

function check(text: string): Mention[] {
  const found = spotter.spot(text);
  for (const m of found) {
    expect(text.slice(m.start, m.end)).toBe(m.text);
    expect(m.score).toBeGreaterThan(0);
    expect(m.score).toBeLessThanOrEqual(1);
    if (m.kind === 'date') expect(fuzzyDateSchema.safeParse(m.date).success).toBe(true);
  }
  for (let i = 1; i < found.length; i++) expect(found[i]!.start).toBeGreaterThanOrEqual(found[i - 1]!.end);
  return found;
}

const brief = (m: Mention) => [
  m.kind,
  m.text,
  m.entityId ?? m.count?.qualifier ?? m.date?.precision ?? m.candidateKind,
];

describe('spotter', () => {
  it('finds every kind of mention in an English text, with offsets into it', () => {
    expect(check(ENGLISH).map(brief)).toEqual([
      ['person', 'Hamid Nouri', 'nouri'],
      ['candidate', 'Stockholm District Court', 'organization'],
      ['date', '14 July 2022', 'day'],
      ['place', 'Gohardasht Prison', 'gohardasht'],
      ['date', 'between 27 July and 6 September 1988', 'range'],
      ['person', 'Montazeri', 'montazeri'],
      ['person', 'Mostafa Pour-Mohammadi', 'pour-mohammadi'],
      ['count', 'between 2,800 and 3,800', 'between'],
      ['candidate', 'Kaveh Nemuneh', 'unknown'],
    ]);
  });

  it('maps offsets back to the original Persian text through ZWNJ, diacritics, tatweel and presentation forms', () => {
    expect(check(PERSIAN).map(brief)).toEqual([
      ['person', 'مصطفی پور\u200cمحمدی', 'pour-mohammadi'],
      ['person', 'حمـید نوریِ', 'nouri'],
      ['place', 'زندانِ ﮔﻮهردشت', 'gohardasht'],
      ['date', '۸ مرداد ۱۳۶۷', 'day'],
      ['person', 'منتظری', 'montazeri'],
      ['count', 'بیش از ۳۰ هزار زندانی', 'more_than'],
      ['candidate', 'کاوه نمونه', 'person'],
      ['date', '۱۳۶۷', 'year'],
    ]);
  });

  it('prefers a date over a place spelled like a month inside it', () => {
    const found = check('on 8 Mehr 1367 in Mehr');
    expect(found.map(brief)).toEqual([
      ['date', '8 Mehr 1367', 'day'],
      ['place', 'Mehr', 'mehr'],
    ]);
  });

  it('reads a two-digit number after a Persian month as people when a people word follows', () => {
    expect(check('در مرداد ۲۵ نفر اعدام شدند').map(brief)).toEqual([['count', '۲۵ نفر', 'exact']]);
    expect(check('در مرداد ۶۷ اعدام شدند').map(brief)).toEqual([['date', 'مرداد ۶۷', 'month']]);
  });

  it('gives the same answer every time it is reused', () => {
    const first = spotter.spot(PERSIAN);
    for (let i = 0; i < 50; i++) spotter.spot(ENGLISH);
    expect(spotter.spot(PERSIAN)).toEqual(first);
  });

  it('handles empty and mention-free texts', () => {
    expect(spotter.spot('')).toEqual([]);
    expect(spotter.spot('   \n\n ... ')).toEqual([]);
    expect(spotter.spot('nothing to see here.')).toEqual([]);
  });

  it('reads a long document', () => {
    const text = `${ENGLISH}\n\n`.repeat(500);
    const found = check(text);
    expect(found.filter((m) => m.entityId === 'nouri')).toHaveLength(500);
  });

  it('stays linear on a large gazetteer', () => {
    // Synthetic surnames Farzi-a … Farzi-hjb: letters only, every one distinct.
    const suffix = (i: number) =>
      [...i.toString(26)].map((d) => String.fromCharCode(97 + parseInt(d, 26))).join('');
    const many: GazetteerEntry[] = Array.from({ length: 5000 }, (_, i) => ({
      kind: 'person',
      id: `synthetic-${i}`,
      names: [`Kaveh Nemuneh${suffix(i)}`, `Mohammad Farzi${suffix(i)}`],
    }));
    const big = buildSpotter([...ENTRIES, ...many]);
    const found = big.spot(
      `Mohammad Farzi${suffix(46)} met Kaveh Nemuneh${suffix(1295)} and Mohammad alone.`,
    );
    expect(found.map((m) => [m.text, m.entityId])).toEqual([
      [`Mohammad Farzi${suffix(46)}`, 'synthetic-46'],
      [`Kaveh Nemuneh${suffix(1295)}`, 'synthetic-1295'],
    ]);
  });
});

describe('resolving overlaps', () => {
  const m = (
    kind: Mention['kind'],
    start: number,
    end: number,
    score: number,
    entityId?: string,
  ): Mention => ({
    kind,
    start,
    end,
    text: '',
    score,
    ...(entityId ? { entityId } : {}),
  });

  it('keeps the longest, then the best, never a candidate over anything else, and ties of entities', () => {
    const kept = resolveOverlaps([
      m('person', 0, 5, 0.6, 'a'),
      m('person', 0, 12, 0.9, 'a'),
      m('candidate', 10, 30, 0.5),
      m('date', 14, 20, 0.9),
      m('count', 14, 18, 0.95),
      m('person', 22, 26, 0.3, 'b'),
      m('person', 22, 26, 0.3, 'c'),
      m('person', 22, 26, 0.2, 'd'),
    ]);
    expect(kept.map((k) => [k.kind, k.start, k.end, k.entityId])).toEqual([
      ['person', 0, 12, 'a'],
      ['date', 14, 20, undefined],
      ['person', 22, 26, 'b'],
      ['person', 22, 26, 'c'],
    ]);
  });
});
