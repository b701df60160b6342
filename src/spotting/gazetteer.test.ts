import { describe, expect, it } from 'vitest';
import { ValidationError } from '../domain/errors.js';
import { buildSpotter, type GazetteerEntry, type MatchKind, type Mention } from './index.js';

// Names from the demo facts (docs: /work/shared/demo-facts.md); Kaveh Nemuneh is fictional.
const ENTRIES: GazetteerEntry[] = [
  { kind: 'person', id: 'pour-mohammadi', names: ['Mostafa Pour-Mohammadi', 'مصطفی پورمحمدی'] },
  { kind: 'person', id: 'montazeri', names: ['Ayatollah Hossein-Ali Montazeri'] },
  { kind: 'person', id: 'nouri', names: ['Hamid Nouri', 'Hamid Noury', 'حمید نوری', 'Hamid Abbasi'] },
  { kind: 'person', id: 'raisi', names: ['Ebrahim Raisi', 'ابراهیم رئیسی'] },
  { kind: 'person', id: 'nemuneh', names: ['Seyyed Kaveh Nemuneh'] },
  { kind: 'person', id: 'only-given', names: ['Mohammad', 'علی', 'Hossein-Ali'] },
  { kind: 'place', id: 'evin', names: ['Evin Prison, Tehran', 'زندان اوین'] },
  {
    kind: 'place',
    id: 'gohardasht',
    names: ['Gohardasht Prison', 'Gohar Dasht', 'Rajai Shahr', 'زندان گوهردشت'],
  },
  { kind: 'place', id: 'khavaran', names: ['Khavaran cemetery', 'گورستان خاوران'] },
  { kind: 'organization', id: 'amnesty', names: ['Amnesty International'] },
  { kind: 'organization', id: 'jfi', names: ['Justice for Iran'] },
];
const spotter = buildSpotter(ENTRIES);

function entities(text: string): Mention[] {
  const mentions = spotter.spot(text).filter((m) => m.entityId !== undefined);
  for (const m of mentions) expect(text.slice(m.start, m.end)).toBe(m.text);
  return mentions;
}

/** The one entity mention whose span is `span`. */
function only(text: string, span: string): Mention {
  const found = entities(text).filter((m) => m.text === span);
  expect(found, `${span} in ${text}`).toHaveLength(1);
  return found[0]!;
}

describe('known entities', () => {
  it.each<[string, string, string, string, MatchKind]>([
    [
      'exact',
      'The memoir names Mostafa Pour-Mohammadi as a member.',
      'Mostafa Pour-Mohammadi',
      'pour-mohammadi',
      'exact',
    ],
    [
      'case',
      'the memoir names MOSTAFA POUR-MOHAMMADI.',
      'MOSTAFA POUR-MOHAMMADI',
      'pour-mohammadi',
      'normalised',
    ],
    [
      'joined compound',
      'It names Mostafa Pourmohammadi.',
      'Mostafa Pourmohammadi',
      'pour-mohammadi',
      'normalised',
    ],
    [
      'spaced compound',
      'It names Mostafa Pour Mohammadi.',
      'Mostafa Pour Mohammadi',
      'pour-mohammadi',
      'normalised',
    ],
    [
      'compound across a line break',
      'It names Mostafa Pour-\nMohammadi.',
      'Mostafa Pour-\nMohammadi',
      'pour-mohammadi',
      'normalised',
    ],
    ['Persian joined', 'نام مصطفی پورمحمدی آمده است', 'مصطفی پورمحمدی', 'pour-mohammadi', 'exact'],
    [
      'Persian with ZWNJ',
      'نام مصطفی پور\u200cمحمدی آمده است',
      'مصطفی پور\u200cمحمدی',
      'pour-mohammadi',
      'normalised',
    ],
    ['Persian spaced', 'نام مصطفی پور محمدی آمده است', 'مصطفی پور محمدی', 'pour-mohammadi', 'normalised'],
    ['diacritics', 'نام مُصطفی پورمحمّدی آمده است', 'مُصطفی پورمحمّدی', 'pour-mohammadi', 'normalised'],
    ['tatweel', 'نام مصـــطفی پورمحمدی', 'مصـــطفی پورمحمدی', 'pour-mohammadi', 'normalised'],
    ['Arabic yeh and kaf', 'ابراهيم رئيسي عضو بود', 'ابراهيم رئيسي', 'raisi', 'normalised'],
    ['presentation forms', 'ﺣﻤﻴﺪ ﻧﻮﺭﻱ محکوم شد', 'ﺣﻤﻴﺪ ﻧﻮﺭﻱ', 'nouri', 'normalised'],
    ['alias', 'known to prisoners as Hamid Abbasi.', 'Hamid Abbasi', 'nouri', 'exact'],
    ['romanization', 'the trial of Hamid Noori in Stockholm', 'Hamid Noori', 'nouri', 'phonetic'],
    ['Latin text, Persian-only name', 'Ebrahim Raeesi was named', 'Ebrahim Raeesi', 'raisi', 'phonetic'],
    ['Persian text, Latin-only name', 'خاطرات حسینعلی منتظری', 'حسینعلی منتظری', 'montazeri', 'cross-script'],
    [
      'Persian text, Latin-only name, ZWNJ',
      'خاطرات حسین\u200cعلی منتظری',
      'حسین\u200cعلی منتظری',
      'montazeri',
      'cross-script',
    ],
    ['honorific in text, not in span', 'Seyyed Ebrahim Raisi was named', 'Ebrahim Raisi', 'raisi', 'exact'],
    ['Persian honorific in text', 'حجت\u200cالاسلام ابراهیم رئیسی', 'ابراهیم رئیسی', 'raisi', 'exact'],
    ['honorific in gazetteer', 'Kaveh Nemuneh spoke', 'Kaveh Nemuneh', 'nemuneh', 'exact'],
    ['place', 'held at Gohardasht Prison near Karaj', 'Gohardasht Prison', 'gohardasht', 'exact'],
    ['place, spaced variant', 'held at Gohar Dasht', 'Gohar Dasht', 'gohardasht', 'exact'],
    ['place, other spacing', 'held at Rajaishahr', 'Rajaishahr', 'gohardasht', 'normalised'],
    ['place with ezafe', 'در زندانِ اوین', 'زندانِ اوین', 'evin', 'normalised'],
    [
      'organization',
      'a report by Amnesty International in 2018',
      'Amnesty International',
      'amnesty',
      'exact',
    ],
    ['organization with a lower-case word', 'and Justice for Iran said', 'Justice for Iran', 'jfi', 'exact'],
  ])('%s', (_, text, span, entityId, match) => {
    const m = only(text, span);
    expect(m).toMatchObject({ entityId, match });
    expect(m.matchedName).toBeDefined();
    expect(m.score).toBeGreaterThan(0.5);
    expect(m.score).toBeLessThanOrEqual(1);
  });

  it('gives the kind of the entity and the gazetteer name that matched', () => {
    expect(only('at Evin Prison today', 'Evin Prison')).toMatchObject({
      kind: 'place',
      matchedName: 'Evin Prison, Tehran',
    });
    expect(only('ابراهیم رئیسی', 'ابراهیم رئیسی')).toMatchObject({
      kind: 'person',
      matchedName: 'ابراهیم رئیسی',
    });
    expect(only('by Amnesty International', 'Amnesty International').kind).toBe('organization');
  });

  it.each([
    ['Hosein', 'Hossein'],
    ['Husein', 'Hossein'],
  ])('matches the sound-alike given name %s before the surname as part of the name', (given) => {
    const m = only(`the memoir of ${given} Montazeri`, `${given} Montazeri`);
    expect(m).toMatchObject({ entityId: 'montazeri', match: 'phonetic' });
    expect(m.score).toBeGreaterThan(0.8);
  });

  it('proposes a lone surname with a lower score, higher after a title', () => {
    const full = only('Ebrahim Raisi was named', 'Ebrahim Raisi');
    const lone = only('the report names Raisi twice', 'Raisi');
    const titled = only('Ayatollah Montazeri wrote', 'Montazeri');
    expect(lone.entityId).toBe('raisi');
    expect(lone.score).toBeLessThan(full.score);
    expect(lone.score).toBeLessThan(0.7);
    expect(titled.score).toBeGreaterThan(lone.score);
    expect(only('آیت\u200cالله منتظری نوشت', 'منتظری')).toMatchObject({
      entityId: 'montazeri',
      match: 'cross-script',
    });
  });

  it('finds phonetic variants of a lone surname', () => {
    expect(only('as Muntaziri recalled', 'Muntaziri')).toMatchObject({
      entityId: 'montazeri',
      match: 'phonetic',
    });
    expect(only('as Montazery recalled', 'Montazery')).toMatchObject({
      entityId: 'montazeri',
      match: 'phonetic',
    });
  });

  it('lowers a lone surname after another given name, and drops a lower-case one', () => {
    const other = only('Karim Raisi, a teacher', 'Raisi');
    expect(other.score).toBeLessThan(only('Mr Raisi, a judge', 'Raisi').score);
    expect(entities('the raisi family')).toEqual([]);
  });

  it('proposes a place by its name without the generic noun', () => {
    expect(only('taken to Evin in 1988', 'Evin')).toMatchObject({ entityId: 'evin', kind: 'place' });
    expect(only('در اوین', 'اوین').entityId).toBe('evin');
    expect(only('buried at Khavaran', 'Khavaran').entityId).toBe('khavaran');
  });

  it.each([
    ['a lone very common given name', 'Mohammad said nothing'],
    ['a lone Persian given name', 'علی گفت'],
    ['a compound of given names', 'Hossein-Ali came'],
    ['given names of known people', 'Mostafa and Hamid left'],
    ['a Persian name that only shares a skeleton', 'حمید نور'],
    ['a short skeleton across scripts', 'این زندان'],
  ])('does not propose %s', (_, text) => {
    expect(entities(text)).toEqual([]);
  });

  it('does not take another given name sharing a skeleton for part of the name', () => {
    // Hassan and Hossein share the skeleton "hsn": only the surname is proposed.
    expect(entities('Hassan Montazeri').map((m) => m.text)).toEqual(['Montazeri']);
  });

  it('does not run a name across punctuation', () => {
    const found = entities('Mostafa. Pour-Mohammadi');
    expect(found.map((m) => m.text)).toEqual(['Pour-Mohammadi']);
    expect(found[0]!.score).toBeLessThan(0.7);
  });

  it('keeps the longest match: the full name over the surname inside it', () => {
    const found = entities('Mostafa Pour-Mohammadi and then Pour-Mohammadi again');
    expect(found.map((m) => [m.text, m.entityId])).toEqual([
      ['Mostafa Pour-Mohammadi', 'pour-mohammadi'],
      ['Pour-Mohammadi', 'pour-mohammadi'],
    ]);
    expect(found[1]!.score).toBeLessThan(found[0]!.score);
  });

  it('offers every entity when a span matches several equally well, at a lower score', () => {
    const twins = buildSpotter([
      { kind: 'person', id: 'a', names: ['Kaveh Nemuneh'] },
      { kind: 'person', id: 'b', names: ['Golnar Nemuneh'] },
    ]);
    const found = twins.spot('a letter from Nemuneh');
    expect(found.map((m) => m.entityId).sort()).toEqual(['a', 'b']);
    expect(found.every((m) => m.text === 'Nemuneh' && m.score < 0.35)).toBe(true);
  });

  it('rejects malformed entries, naming the field', () => {
    const bad = [
      { kind: 'person', id: 'x', names: ['A B'] },
      { kind: 'ship', id: '', names: 'Kaveh' },
      { kind: 'place', id: 'x', names: [42] },
    ] as unknown as GazetteerEntry[];
    try {
      buildSpotter(bad);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).problems.map((p) => p.field)).toEqual([
        'entries.1.kind',
        'entries.1.id',
        'entries.1.names',
        'entries.2.id',
        'entries.2.names.0',
      ]);
    }
  });

  it('ignores names with nothing to match (titles only, punctuation)', () => {
    const s = buildSpotter([{ kind: 'person', id: 'x', names: ['', 'Ayatollah', '?', 'سید'] }]);
    expect(s.spot('Ayatollah ? سید')).toEqual([]);
  });
});

describe('compound names as units', () => {
  // Synthetic people (the relevance collection's, test/relevance/collection.ts).
  const compounds = buildSpotter([
    { kind: 'person', id: 'gholizadeh', names: ['Parvin Gholi-Zadeh'] },
    { kind: 'person', id: 'azarnoush', names: ['Mohammadreza Azarnoush', 'محمدرضا آذرنوش'] },
  ]);
  const ids = (text: string) =>
    compounds
      .spot(text)
      .filter((m) => m.entityId !== undefined)
      .map((m) => [m.text, m.entityId]);

  it.each([
    ['The letter names Parvin Gholizadeh.', 'Parvin Gholizadeh', 'gholizadeh'],
    ['The letter names Parvin Gholi Zadeh.', 'Parvin Gholi Zadeh', 'gholizadeh'],
    ['The letter names Parvin Qolizadeh.', 'Parvin Qolizadeh', 'gholizadeh'],
    ['A note on Mohammad Reza Azarnoush.', 'Mohammad Reza Azarnoush', 'azarnoush'],
    ['A note on Mohammad-Reza Azarnoush.', 'Mohammad-Reza Azarnoush', 'azarnoush'],
    ['یادداشتی درباره‌ی محمد رضا آذرنوش', 'محمد رضا آذرنوش', 'azarnoush'],
  ])('%s', (text, span, id) => {
    expect(ids(text)).toEqual([[span, id]]);
  });
});
