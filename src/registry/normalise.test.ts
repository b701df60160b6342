import { describe, expect, it } from 'vitest';
import { readMapping } from './mapping.js';
import { normaliseList, type NormaliseOptions } from './normalise.js';

const TODAY = '2026-01-01';

/** Normalises a little list given as one object per row; the mapping maps each key to itself. */
function normalise(
  rows: Array<Record<string, string>>,
  mapping: Record<string, string>,
  options: NormaliseOptions = {},
) {
  const header = Object.keys(mapping);
  const { reading, problems } = readMapping(mapping, header);
  // Date-only lists are allowed here: the name rule is tested with readMapping.
  expect(problems.filter((p) => p.field !== 'map')).toEqual([]);
  return normaliseList(
    rows.map((cells, i) => ({ row: i + 2, cells })),
    reading,
    { today: TODAY, ...options },
  );
}
const codes = (r: { fields: { flags: Array<{ code: string }> } }) => r.fields.flags.map((f) => f.code);

describe('normaliseList: dates', () => {
  it('infers day-first from a first part above 12 and says so', () => {
    const out = normalise([{ d: '21/08/1988' }, { d: '05/07/1988' }, { d: '5/5/1988' }], {
      d: 'date_of_death',
    });
    expect(out.records.map((r) => r.fields.death?.start)).toEqual(['1988-08-21', '1988-07-05', '1988-05-05']);
    expect(out.inferences).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ column: 'd', code: 'date_order_inferred', count: 1 }),
      ]),
    );
  });

  it('infers month-first, and follows a stated order', () => {
    const mdy = normalise([{ d: '08/21/1988' }, { d: '07/05/1988' }], { d: 'date_of_death' });
    expect(mdy.records.map((r) => r.fields.death?.start)).toEqual(['1988-08-21', '1988-07-05']);
    const stated = normalise(
      [{ d: '07/05/1988' }, { d: '08/21/1988' }],
      { d: 'date_of_death' },
      { dateOrder: 'dmy' },
    );
    expect(stated.records[0]!.fields.death?.start).toBe('1988-05-07');
    // Stated day first: "08/21/1988" has no month 21, so only its year is kept, flagged.
    expect(stated.records[1]!.fields.death).toMatchObject({ precision: 'year', start: '1988-01-01' });
    expect(codes(stated.records[1]!)).toEqual(['date_impossible_month']);
    expect(stated.inferences[0]).toMatchObject({ code: 'date_order_stated' });
  });

  it('keeps only the year of an ambiguous numeric date and flags it', () => {
    const out = normalise([{ d: '05/07/1988' }], { d: 'date_of_death' });
    expect(out.records[0]!.fields.death).toMatchObject({
      precision: 'year',
      start: '1988-01-01',
      end: '1988-12-31',
    });
    expect(codes(out.records[0]!)).toEqual(['date_ambiguous_order']);
  });

  it('reads compact and two-digit-year dates', () => {
    const out = normalise([{ b: '19151111' }, { b: '21/08/48' }, { b: '1960-02-01' }], { b: 'birth_date' });
    expect(out.records.map((r) => r.fields.birth?.start)).toEqual(['1915-11-11', '1948-08-21', '1960-02-01']);
    expect(out.inferences.map((i) => i.code)).toEqual(
      expect.arrayContaining(['calendar_inferred', 'two_digit_year', 'date_order_inferred']),
    );
  });

  it('never reads a Gregorian year of 1280-1500 as Solar Hijri without evidence, nor makes a birth after the events', () => {
    const out = normalise([{ b: '1450-03-01' }, { b: '1961-05-01' }], { b: 'birth_date' });
    expect(out.records[0]!.fields.birth).toBeNull();
    expect(codes(out.records[0]!)).toEqual(['date_implausible_year']);
    // A Solar Hijri year that lands after the stated events is flagged, never kept.
    const late = normalise(
      [{ b: '1380/01/01' }, { b: '1340/05/01' }],
      { b: 'birth_date' },
      { eventYear: 1988 },
    );
    expect(late.records[0]!.fields.birth).toBeNull();
    expect(codes(late.records[0]!)).toEqual(['date_after_events']);
    expect(late.records[1]!.fields.birth).toMatchObject({ calendar: 'solar_hijri', start: '1961-07-23' });
    expect(late.inferences).toEqual([expect.objectContaining({ code: 'calendar_inferred' })]);
    const future = normalise([{ d: '1410-01-01' }, { d: '1367-05-08' }], { d: 'date_of_death' });
    expect(codes(future.records[0]!)).toEqual(['date_future']);
  });

  it("bounds births by the event year only when it is stated; the future and a row's own death bound them always", () => {
    // A list that is not about the 1988 events (a register of the living): births after 1988 are births.
    const rows = [{ b: '2015-03-03' }, { b: '1991-04-26' }, { b: '2027-01-01' }];
    const assumed = normalise(rows, { b: 'birth_date' });
    expect(assumed.records.map((r) => r.fields.birth?.start ?? null)).toEqual([
      '2015-03-03',
      '1991-04-26',
      null,
    ]);
    expect(assumed.records.map(codes)).toEqual([[], [], ['date_future']]);
    expect(assumed.eventYearStated).toBe(false);
    const stated = normalise(rows, { b: 'birth_date' }, { eventYear: 1988 });
    expect(stated.records.map(codes)).toEqual([
      ['date_after_events'],
      ['date_after_events'],
      ['date_future'],
    ]);
    expect(stated.eventYearStated).toBe(true);
    const dead = normalise([{ b: '1990-01-01', d: '1988-08-01' }], { b: 'birth_date', d: 'date_of_death' });
    expect(dead.records[0]!.fields.birth).toBeNull();
    expect(codes(dead.records[0]!)).toEqual(['birth_after_death']);
  });

  it('keeps the old dates of a list about other times when the event year was only assumed, and says so', () => {
    // A register of historical people: most years lie centuries before 1988, the year assumed for the events.
    const rows = [
      { b: '1726-05-16' },
      { b: '1849-01-01' },
      { b: '1795-07-07' },
      { b: '1350-02-03' },
      { b: '1961-05-01' },
    ];
    const assumed = normalise(rows, { b: 'birth_date' });
    expect(assumed.records.map((r) => r.fields.birth?.start ?? null)).toEqual([
      '1726-05-16',
      '1849-01-01',
      '1795-07-07',
      // Gregorian like the rest of its column (as Solar Hijri it would be 1971).
      '1350-02-03',
      '1961-05-01',
    ]);
    expect(assumed.records.map(codes)).toEqual([[], [], [], [], []]);
    expect(assumed.inferences).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ column: 'b', code: 'dates_before_events', count: 3 }),
      ]),
    );
    // A stated event year still bounds them; a list about 1988 with a stray old year is not taken for one.
    const stated = normalise(rows, { b: 'birth_date' }, { eventYear: 1988 });
    expect(stated.records.map(codes)).toEqual([
      ['date_implausible_year'],
      ['date_implausible_year'],
      ['date_implausible_year'],
      [],
      [],
    ]);
    // A corrected row is read as its list was, never deciding it on its own.
    const corrected = normalise([{ b: '1726-05-16' }], { b: 'birth_date' }, { datesBeforeEvents: false });
    expect(codes(corrected.records[0]!)).toEqual(['date_implausible_year']);
    const historical = normalise([{ b: '1961-05-01' }], { b: 'birth_date' }, { datesBeforeEvents: true });
    expect(historical.records[0]!.fields.birth?.start).toBe('1961-05-01');
    expect(
      normalise([{ b: '1726-05-16' }], { b: 'birth_date' }, { datesBeforeEvents: true }).records.map(codes),
    ).toEqual([[]]);
    const stray = normalise([{ b: '1726-05-16' }, { b: '1961-05-01' }, { b: '1340' }], { b: 'birth_date' });
    expect(codes(stray.records[0]!)).toEqual(['date_implausible_year']);
    expect(stray.inferences.map((i) => i.code)).not.toContain('dates_before_events');
  });

  it('reads each year of a column that mixes calendars by its own evidence and reports it', () => {
    const out = normalise([{ y: '1340' }, { y: '1961' }, { y: '۱۳۴۵' }], { y: 'birth_year' });
    expect(out.records.map((r) => [r.fields.birth?.calendar, r.fields.birthYears])).toEqual([
      ['solar_hijri', { from: 1961, to: 1962 }],
      ['gregorian', { from: 1961, to: 1961 }],
      ['solar_hijri', { from: 1966, to: 1967 }],
    ]);
    expect(out.inferences).toEqual([expect.objectContaining({ code: 'calendar_per_cell', count: 3 })]);
  });

  it('keeps the valid precision of an impossible date', () => {
    const out = normalise([{ b: '1949-00-13' }, { b: '1367-12-30' }, { b: '30 Esfand 1367' }], {
      b: 'date_of_death',
    });
    expect(out.records[0]!.fields.death).toMatchObject({ precision: 'year', start: '1949-01-01' });
    expect(codes(out.records[0]!)).toEqual(['date_impossible_month']);
    expect(out.records[1]!.fields.death).toMatchObject({ precision: 'month', calendar: 'solar_hijri' });
    expect(codes(out.records[1]!)).toEqual(['date_impossible_day']);
    expect(out.records[2]!.fields.death).toMatchObject({ precision: 'month' });
    expect(out.records[2]!.fields.flags[0]).toMatchObject({ column: 'b', raw: '30 Esfand 1367' });
  });
});

describe('normaliseList: names and ages', () => {
  it('splits dual-script cells into two spellings of one name', () => {
    const out = normalise([{ n: 'Hushang Salehi (هوشنگ صالحی)' }, { n: 'هوشنگ صالحی / Hushang Salehi' }], {
      n: 'full_name',
    });
    expect(out.records[0]!.fields).toMatchObject({
      fullName: 'Hushang Salehi',
      givenName: 'Hushang',
      surname: 'Salehi',
      nameVariants: ['هوشنگ صالحی'],
      script: 'latin',
    });
    expect(out.records[1]!.fields).toMatchObject({
      fullName: 'هوشنگ صالحی',
      nameVariants: ['Hushang Salehi'],
    });
    expect(codes(out.records[0]!)).toEqual(['mixed_script_split']);
  });

  it('flags a name with digits, a mixed name and a row with no name, keeping each row', () => {
    const out = normalise([{ n: 'Ali Re2aei' }, { n: 'حسین Rezaei' }, { n: '' }], { n: 'full_name' });
    expect(out.records.map((r) => [r.fields.fullName, codes(r)])).toEqual([
      ['', ['name_has_digit']],
      ['', ['name_mixed_script']],
      ['', ['name_missing']],
    ]);
    expect(out.records[0]!.fields.flags[0]).toMatchObject({
      raw: 'Ali Re2aei',
      column: 'n',
      field: 'full_name',
    });
  });

  it('splits full names, keeps given and surname columns, and keeps titles apart', () => {
    const out = normalise(
      [
        { n: 'Kamali, Bizhan', g: '', s: '' },
        { n: 'Seyyed Mohammad Reza Tabrizy', g: '', s: '' },
        { n: 'X Y', g: 'Given', s: 'Family' },
      ],
      { n: 'full_name', g: 'given_name', s: 'surname' },
    );
    expect(
      out.records.map((r) => [r.fields.fullName, r.fields.givenName, r.fields.surname, r.fields.titles]),
    ).toEqual([
      ['Bizhan Kamali', 'Bizhan', 'Kamali', []],
      ['Mohammad Reza Tabrizy', 'Mohammad Reza', 'Tabrizy', ['Seyyed']],
      ['X Y', 'Given', 'Family', []],
    ]);
  });

  it('turns age at death, or at the event year, into a birth-year range and reports the assumption', () => {
    const out = normalise(
      [
        { a: '27', d: '1988-07-30' },
        { a: '۲۷ ساله', d: '' },
        { a: 'old', d: '' },
      ],
      { a: 'age', d: 'date_of_death' },
      { eventYear: 1988 },
    );
    expect(out.records.map((r) => r.fields.birthYears)).toEqual([
      { from: 1960, to: 1961 },
      { from: 1960, to: 1961 },
      null,
    ]);
    expect(codes(out.records[2]!)).toEqual(['age_unreadable']);
    expect(out.inferences).toContainEqual(
      expect.objectContaining({ code: 'event_year_assumed', count: 1, column: 'a' }),
    );
    expect(normalise([{ a: '27' }], { a: 'age' }, { eventYear: 1981 }).records[0]!.fields.birthYears).toEqual(
      {
        from: 1953,
        to: 1954,
      },
    );
  });

  it('reads extra columns as typed fields', () => {
    const out = normalise([{ n: 'Ali Ahmadi', pc: ' 1234 ', arrest: '1367/05/08', job: 'teacher' }], {
      n: 'full_name',
      pc: 'postcode:postcode',
      arrest: 'date:arrest_date',
      job: 'category:occupation',
    });
    expect(out.records[0]!.fields.extras).toEqual([
      { field: 'postcode', type: 'postcode', value: '1234' },
      {
        field: 'arrest_date',
        type: 'date',
        value: '1367/05/08',
        date: expect.objectContaining({ start: '1988-07-30' }),
      },
      { field: 'occupation', type: 'category', value: 'teacher' },
    ]);
  });

  it('is deterministic: the same rows give the same records', () => {
    const rows = [
      { n: 'Kamali, Bizhan', b: '21/08/1960' },
      { n: 'Ali (علی)', b: '1340' },
    ];
    const mapping = { n: 'full_name', b: 'birth_date' };
    expect(normalise(rows, mapping)).toEqual(normalise(rows, mapping));
  });
});

describe('readMapping', () => {
  it('names the mapping of every problem', () => {
    const { problems } = readMapping(
      { n: 'full_name', x: 'nope:thing', y: 'date:Bad Name', z: 'date:given_name', w: 'gibberish' },
      ['n', 'x', 'y', 'z'],
    );
    expect(problems.map((p) => `${p.field}: ${p.message}`)).toEqual([
      expect.stringMatching(/^map x: unknown type "nope"/),
      expect.stringMatching(/^map y: "Bad Name" is not a field name/),
      expect.stringMatching(/^map z: "given_name" is a list field/),
      expect.stringMatching(/^map w: no column "w"/),
      expect.stringMatching(/^map w: unknown field "gibberish"/),
    ]);
  });
});
