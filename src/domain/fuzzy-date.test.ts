import { isLeapJalaaliYear, toGregorian } from 'jalaali-js';
import { describe, expect, it } from 'vitest';
import { addDays, GREGORIAN_MONTHS_EN, monthInterval, seasonInterval, yearInterval } from './calendar.js';
import { toLatinDigits, toPersianDigits } from './digits.js';
import { DomainError } from './errors.js';
import {
  contains,
  formatFuzzyDate,
  fuzzyDateFromGregorian,
  FuzzyDateError,
  fuzzyDateSchema,
  overlaps,
  parseFuzzyDate,
  type FuzzyDate,
} from './fuzzy-date.js';

type Row = [string, FuzzyDate['calendar'], FuzzyDate['precision'], string, string];

const CALENDARS = ['gregorian', 'solar_hijri'] as const;
const LOCALES = ['en', 'fa'] as const;

/** Gregorian ISO day of a Solar Hijri date, straight from jalaali-js: an oracle independent of calendar.ts. */
function sh(y: number, m: number, d: number): string {
  const g = toGregorian(y, m, d);
  return [g.gy, g.gm, g.gd].map((n, i) => String(n).padStart(i === 0 ? 4 : 2, '0')).join('-');
}

// The table the brief requires, each also in Persian digits and script.
const REQUIRED: Row[] = [
  ['8 Mordad 1367', 'solar_hijri', 'day', '1988-07-30', '1988-07-30'],
  ['۸ مرداد ۱۳۶۷', 'solar_hijri', 'day', '1988-07-30', '1988-07-30'],
  ['٨ مرداد ١٣٦٧', 'solar_hijri', 'day', '1988-07-30', '1988-07-30'],
  ['Mordad 1367', 'solar_hijri', 'month', '1988-07-23', '1988-08-22'],
  ['مرداد ۱۳۶۷', 'solar_hijri', 'month', '1988-07-23', '1988-08-22'],
  ['1367', 'solar_hijri', 'year', '1988-03-21', '1989-03-20'],
  ['۱۳۶۷', 'solar_hijri', 'year', '1988-03-21', '1989-03-20'],
  ['summer 1988', 'gregorian', 'season', '1988-06-22', '1988-09-22'],
  ['تابستان ۱۳۶۷', 'solar_hijri', 'season', '1988-06-22', '1988-09-22'],
  ['between 27 July and 6 September 1988', 'gregorian', 'range', '1988-07-27', '1988-09-06'],
  ['بین ۲۷ ژوئیه و ۶ سپتامبر ۱۹۸۸', 'gregorian', 'range', '1988-07-27', '1988-09-06'],
  ['بین ۵ مرداد و ۱۵ شهریور ۱۳۶۷', 'solar_hijri', 'range', '1988-07-27', '1988-09-06'],
];

const FORMS: Row[] = [
  // ISO and numeric, either calendar (a year from 1280 to 1500 is Solar Hijri).
  ['1988-07-30', 'gregorian', 'day', '1988-07-30', '1988-07-30'],
  ['1988/7/30', 'gregorian', 'day', '1988-07-30', '1988-07-30'],
  ['1988-07', 'gregorian', 'month', '1988-07-01', '1988-07-31'],
  ['1988', 'gregorian', 'year', '1988-01-01', '1988-12-31'],
  ['1988 CE', 'gregorian', 'year', '1988-01-01', '1988-12-31'],
  ['۱۹۸۸ میلادی', 'gregorian', 'year', '1988-01-01', '1988-12-31'],
  ['1367/05/08', 'solar_hijri', 'day', '1988-07-30', '1988-07-30'],
  ['1367-05-08', 'solar_hijri', 'day', '1988-07-30', '1988-07-30'],
  ['۱۳۶۷/۰۵/۰۸', 'solar_hijri', 'day', '1988-07-30', '1988-07-30'],
  ['١٣٦٧/٠٥/٠٨', 'solar_hijri', 'day', '1988-07-30', '1988-07-30'],
  ['1367-05', 'solar_hijri', 'month', '1988-07-23', '1988-08-22'],
  ['1340', 'solar_hijri', 'year', '1961-03-21', '1962-03-20'],
  ['1367 SH', 'solar_hijri', 'year', '1988-03-21', '1989-03-20'],
  ['1367 AP', 'solar_hijri', 'year', '1988-03-21', '1989-03-20'],
  ['1367 ش', 'solar_hijri', 'year', '1988-03-21', '1989-03-20'],
  ['۱۳۶۷ ه.ش.', 'solar_hijri', 'year', '1988-03-21', '1989-03-20'],
  ['۱۳۶۷ هجری شمسی', 'solar_hijri', 'year', '1988-03-21', '1989-03-20'],
  ['1250 SH', 'solar_hijri', 'year', '1871-03-21', '1872-03-19'],
  // Words, English and Persian.
  ['30 July 1988', 'gregorian', 'day', '1988-07-30', '1988-07-30'],
  ['July 30, 1988', 'gregorian', 'day', '1988-07-30', '1988-07-30'],
  ['30th July 1988', 'gregorian', 'day', '1988-07-30', '1988-07-30'],
  ['30 JUL 1988', 'gregorian', 'day', '1988-07-30', '1988-07-30'],
  ['July 1988', 'gregorian', 'month', '1988-07-01', '1988-07-31'],
  ['Sept 1988', 'gregorian', 'month', '1988-09-01', '1988-09-30'],
  ['۳۰ ژوئیه ۱۹۸۸', 'gregorian', 'day', '1988-07-30', '1988-07-30'],
  ['ژوئن ۱۹۸۸', 'gregorian', 'month', '1988-06-01', '1988-06-30'],
  ['8 MORDAD 1367', 'solar_hijri', 'day', '1988-07-30', '1988-07-30'],
  ['Mordad 8, 1367', 'solar_hijri', 'day', '1988-07-30', '1988-07-30'],
  ['Amordad 1367', 'solar_hijri', 'month', '1988-07-23', '1988-08-22'],
  ['امرداد ۱۳۶۷', 'solar_hijri', 'month', '1988-07-23', '1988-08-22'],
  ['Mordad 1367 SH', 'solar_hijri', 'month', '1988-07-23', '1988-08-22'],
  ['۸ مرداد ۱۳۶۷ ش', 'solar_hijri', 'day', '1988-07-30', '1988-07-30'],
  // Arabic yeh and kaf, ZWNJ, ZWJ and direction marks as pasted from the web.
  ['ارديبهشت ۱۳۶۷', 'solar_hijri', 'month', '1988-04-21', '1988-05-21'],
  ['\u200f۸ مرداد ۱۳۶۷\u200f', 'solar_hijri', 'day', '1988-07-30', '1988-07-30'],
  ['۱۳۶۷ ه\u200d.ش', 'solar_hijri', 'year', '1988-03-21', '1989-03-20'],
  ['زمستان\u200c ۱۳۶۷', 'solar_hijri', 'season', '1988-12-22', '1989-03-20'],
  // Seasons: spring 1 Farvardin – 31 Khordad, summer 1 Tir – 31 Shahrivar, autumn 1 Mehr – 30 Azar,
  // winter 1 Dey – end of Esfand, of the Solar Hijri year that begins in the Gregorian year.
  ['spring 1988', 'gregorian', 'season', '1988-03-21', '1988-06-21'],
  ['Autumn 1988', 'gregorian', 'season', '1988-09-23', '1988-12-21'],
  ['fall 1988', 'gregorian', 'season', '1988-09-23', '1988-12-21'],
  ['winter 1988', 'gregorian', 'season', '1988-12-22', '1989-03-20'],
  ['بهار ۱۳۶۷', 'solar_hijri', 'season', '1988-03-21', '1988-06-21'],
  ['پاییز ۱۳۶۷', 'solar_hijri', 'season', '1988-09-23', '1988-12-21'],
  ['پائیز ۱۳۶۷', 'solar_hijri', 'season', '1988-09-23', '1988-12-21'],
  ['summer 1367', 'solar_hijri', 'season', '1988-06-22', '1988-09-22'],
  // Ranges.
  ['27 July – 6 September 1988', 'gregorian', 'range', '1988-07-27', '1988-09-06'],
  ['27 July - 6 September 1988', 'gregorian', 'range', '1988-07-27', '1988-09-06'],
  ['27 July–6 September 1988', 'gregorian', 'range', '1988-07-27', '1988-09-06'],
  ['1988-07-27..1988-09-06', 'gregorian', 'range', '1988-07-27', '1988-09-06'],
  ['between 27 July 1988 and 6 September 1988', 'gregorian', 'range', '1988-07-27', '1988-09-06'],
  ['between July and September 1988', 'gregorian', 'range', '1988-07-01', '1988-09-30'],
  ['from July to September 1988', 'gregorian', 'range', '1988-07-01', '1988-09-30'],
  ['December 1988 – February 1989', 'gregorian', 'range', '1988-12-01', '1989-02-28'],
  ['1988–1989', 'gregorian', 'range', '1988-01-01', '1989-12-31'],
  ['1988-1989', 'gregorian', 'range', '1988-01-01', '1989-12-31'],
  ['between 5 Mordad and 15 Shahrivar 1367', 'solar_hijri', 'range', '1988-07-27', '1988-09-06'],
  ['از ۵ مرداد تا ۱۵ شهریور ۱۳۶۷', 'solar_hijri', 'range', '1988-07-27', '1988-09-06'],
  ['Mordad – Shahrivar 1367', 'solar_hijri', 'range', '1988-07-23', '1988-09-22'],
];

describe('parseFuzzyDate', () => {
  it.each([...REQUIRED, ...FORMS])('reads "%s"', (text, calendar, precision, start, end) => {
    const date = parseFuzzyDate(text);
    expect(date).toEqual({ calendar, precision, text, start, end });
    expect(fuzzyDateSchema.parse(date)).toEqual(date);
  });

  it.each(['', '   ', '?', 'unknown', 'Unknown', 'نامعلوم', 'نامشخص'])('reads "%s" as unknown', (text) => {
    expect(parseFuzzyDate(text)).toEqual({
      calendar: 'gregorian',
      precision: 'unknown',
      text,
      start: null,
      end: null,
    });
  });

  const SH_MONTHS = [
    ['Farvardin', 'فروردین'],
    ['Ordibehesht', 'اردیبهشت'],
    ['Khordad', 'خرداد'],
    ['Tir', 'تیر'],
    ['Mordad', 'مرداد'],
    ['Shahrivar', 'شهریور'],
    ['Mehr', 'مهر'],
    ['Aban', 'آبان'],
    ['Azar', 'آذر'],
    ['Dey', 'دی'],
    ['Bahman', 'بهمن'],
    ['Esfand', 'اسفند'],
  ] as const;
  it.each(SH_MONTHS.map(([en, fa], i) => [en, fa, i + 1] as const))(
    'reads the Solar Hijri month %s / %s',
    (en, fa, m) => {
      const start = sh(1367, m, 1);
      const end = addDays(sh(m === 12 ? 1368 : 1367, m === 12 ? 1 : m + 1, 1), -1);
      for (const text of [`${en} 1367`, `${en.toLowerCase()} 1367`, `${en.toUpperCase()} 1367`, `${fa} ۱۳۶۷`])
        expect(parseFuzzyDate(text), text).toMatchObject({
          calendar: 'solar_hijri',
          precision: 'month',
          start,
          end,
        });
      expect(parseFuzzyDate(`1 ${en} 1367`).start).toBe(start);
    },
  );

  it('reads other romanizations and Arabic letter forms of month names', () => {
    const same = (a: string, b: string) => expect(parseFuzzyDate(a).start, a).toBe(parseFuzzyDate(b).start);
    same('Dei 1367', 'Dey 1367');
    same('Isfand 1367', 'Esfand 1367');
    same('Amordad 1367', 'Mordad 1367');
    same('دي ۱۳۶۷', 'دی ۱۳۶۷');
    same('شهريور ۱۳۶۷', 'شهریور ۱۳۶۷');
    same('ابان ۱۳۶۷', 'آبان ۱۳۶۷');
  });

  it.each(GREGORIAN_MONTHS_EN.map((name, i) => [name, i + 1] as const))(
    'reads the Gregorian month %s, full and abbreviated',
    (name, m) => {
      const [start, end] = monthInterval('gregorian', 1988, m);
      for (const text of [`${name} 1988`, `${name.slice(0, 3)} 1988`, `${name.toLowerCase()} 1988`])
        expect(parseFuzzyDate(text), text).toMatchObject({
          calendar: 'gregorian',
          precision: 'month',
          start,
          end,
        });
    },
  );

  it('accepts 30 Esfand exactly in the years jalaali-js calls leap', () => {
    let leapYears = 0;
    for (let year = 1355; year <= 1410; year++) {
      const text = `30 Esfand ${year}`;
      if (isLeapJalaaliYear(year)) {
        leapYears++;
        expect(parseFuzzyDate(text).start, text).toBe(sh(year, 12, 30));
        expect(parseFuzzyDate(toPersianDigits(`۳۰ اسفند ${year}`)).start).toBe(sh(year, 12, 30));
      } else {
        expect(() => parseFuzzyDate(text), text).toThrow(FuzzyDateError);
      }
    }
    expect(leapYears).toBe(13);
    expect(isLeapJalaaliYear(1367)).toBe(false);
    expect(parseFuzzyDate('30 Esfand 1370').start).toBe('1992-03-20');
    expect(parseFuzzyDate('30 Esfand 1375').start).toBe('1997-03-20');
    expect(() => parseFuzzyDate('30 Esfand 1367')).toThrow(/does not exist/);
    expect(() => parseFuzzyDate('۳۰ اسفند ۱۳۶۷')).toThrow(FuzzyDateError);
    expect(() => parseFuzzyDate('1367/12/30')).toThrow(FuzzyDateError);
  });

  it.each([
    '31 April 1988',
    '1988-04-31',
    '30 February 1988',
    '29 February 1989',
    '1900-02-29',
    '0 July 1988',
    '32 July 1988',
    '32 Mordad 1367',
    '31 Mehr 1367',
    '1367/13/01',
    '1988-13-01',
    '1988-00',
    'sometime',
    'c. 1988',
    '1200',
    '99999',
    'summer',
    'July',
    '1367 AH',
    '1988-07-30..',
    'between 6 September and 27 July 1988',
    'between December and February 1989',
    '1989–1988',
    'x'.repeat(201),
  ])('refuses "%s"', (text) => {
    const error = (() => {
      try {
        parseFuzzyDate(text);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(FuzzyDateError);
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ text, code: 'invalid_date', name: 'FuzzyDateError' });
  });
});

describe('formatFuzzyDate', () => {
  const print = (date: FuzzyDate) =>
    CALENDARS.flatMap((calendar) => LOCALES.map((locale) => formatFuzzyDate(date, { calendar, locale })));

  it('prints a day in both calendars and both languages', () => {
    // [gregorian/en, gregorian/fa, solar_hijri/en, solar_hijri/fa]; English marks a Solar Hijri year "SH".
    expect(print(parseFuzzyDate('8 Mordad 1367'))).toEqual([
      '30 July 1988',
      '۳۰ ژوئیه ۱۹۸۸',
      '8 Mordad 1367 SH',
      '۸ مرداد ۱۳۶۷',
    ]);
  });

  it('prints a month, a season and a year as such where they line up, else as the exact days', () => {
    expect(print(parseFuzzyDate('Mordad 1367'))).toEqual([
      '23 July – 22 August 1988',
      '۲۳ ژوئیه – ۲۲ اوت ۱۹۸۸',
      'Mordad 1367 SH',
      'مرداد ۱۳۶۷',
    ]);
    expect(print(parseFuzzyDate('July 1988'))).toEqual([
      'July 1988',
      'ژوئیه ۱۹۸۸',
      '10 Tir – 9 Mordad 1367 SH',
      '۱۰ تیر – ۹ مرداد ۱۳۶۷',
    ]);
    expect(print(parseFuzzyDate('summer 1988'))).toEqual([
      'summer 1988',
      'تابستان ۱۹۸۸',
      'summer 1367 SH',
      'تابستان ۱۳۶۷',
    ]);
    // A Solar Hijri year is never passed off as "1988" or "1988–1989": it prints as the exact days it covers.
    expect(print(parseFuzzyDate('1367'))).toEqual([
      '21 March 1988 – 20 March 1989',
      '۲۱ مارس ۱۹۸۸ – ۲۰ مارس ۱۹۸۹',
      '1367 SH',
      '۱۳۶۷',
    ]);
    expect(print(parseFuzzyDate('1988'))).toEqual([
      '1988',
      '۱۹۸۸',
      '11 Dey 1366 SH – 10 Dey 1367 SH',
      '۱۱ دی ۱۳۶۶ – ۱۰ دی ۱۳۶۷',
    ]);
  });

  it('prints ranges as start – end, naming a shared year once', () => {
    expect(print(parseFuzzyDate('between 27 July and 6 September 1988'))).toEqual([
      '27 July – 6 September 1988',
      '۲۷ ژوئیه – ۶ سپتامبر ۱۹۸۸',
      '5 Mordad – 15 Shahrivar 1367 SH',
      '۵ مرداد – ۱۵ شهریور ۱۳۶۷',
    ]);
    expect(
      formatFuzzyDate(parseFuzzyDate('December 1988 – February 1989'), {
        calendar: 'gregorian',
        locale: 'en',
      }),
    ).toBe('December 1988 – February 1989');
  });

  it('prints an unknown date as such', () => {
    expect(print(parseFuzzyDate('?'))).toEqual(['unknown', 'نامعلوم', 'unknown', 'نامعلوم']);
  });

  it('reads back what it prints, for every precision, calendar and language', () => {
    const samples = [
      '8 Mordad 1367',
      '30 July 1988',
      'Mordad 1367',
      'July 1988',
      'summer 1988',
      'winter 1988',
      'تابستان ۱۳۶۷',
      '1367',
      '1988',
      'between 27 July and 6 September 1988',
      'between December 1988 and February 1989',
      'Esfand 1370',
      '30 Esfand 1366',
      '1988–1989',
      'unknown',
    ];
    for (const text of samples) {
      const date = parseFuzzyDate(text);
      for (const calendar of CALENDARS) {
        for (const locale of LOCALES) {
          const printed = formatFuzzyDate(date, { calendar, locale });
          const again = parseFuzzyDate(printed);
          expect([again.start, again.end], `${text} → ${printed}`).toEqual([date.start, date.end]);
          if (date.precision === 'day') expect(again.precision).toBe('day');
        }
      }
    }
  });

  it('reads back every month, season and year of 1360–1375 SH and 1981–1996, and random ranges', () => {
    const dates: FuzzyDate[] = [];
    const add = (
      calendar: FuzzyDate['calendar'],
      precision: FuzzyDate['precision'],
      [start, end]: string[],
    ) => dates.push({ calendar, precision, text: '', start: start!, end: end! });
    for (let i = 0; i < 16; i++) {
      for (const [calendar, year] of [
        ['solar_hijri', 1360 + i],
        ['gregorian', 1981 + i],
      ] as const) {
        add(calendar, 'year', yearInterval(calendar, year));
        for (let m = 1; m <= 12; m++) add(calendar, 'month', monthInterval(calendar, year, m));
        for (let s = 0; s < 4; s++) add(calendar, 'season', seasonInterval(calendar, year, s));
      }
    }
    let seed = 7;
    const random = (n: number) => (seed = (seed * 16807) % 2147483647) % n;
    for (let i = 0; i < 500; i++) {
      const start = addDays('1981-01-01', random(6000));
      add('gregorian', 'range', [start, addDays(start, 1 + random(i % 2 ? 40 : 800))]);
    }
    for (const date of dates) {
      for (const calendar of CALENDARS) {
        for (const locale of LOCALES) {
          const printed = formatFuzzyDate(date, { calendar, locale });
          const again = parseFuzzyDate(printed);
          expect([again.start, again.end], printed).toEqual([date.start, date.end]);
        }
      }
    }
  });
});

describe('fuzzyDateSchema', () => {
  const day = { calendar: 'gregorian', precision: 'day', text: 'x', start: '1988-07-30', end: '1988-07-30' };

  it('accepts what parseFuzzyDate returns and refuses inconsistent intervals', () => {
    expect(fuzzyDateSchema.safeParse(day).success).toBe(true);
    expect(fuzzyDateSchema.safeParse(parseFuzzyDate('unknown')).success).toBe(true);
    for (const bad of [
      { ...day, end: '1988-07-31' },
      { ...day, precision: 'range', start: '1988-08-01' },
      { ...day, start: '1988-02-30', end: '1988-02-30' },
      { ...day, start: '30/07/1988', end: '30/07/1988' },
      { ...day, precision: 'unknown' },
      { ...day, precision: 'year', start: null },
      { ...day, calendar: 'lunar_hijri' },
      { ...day, extra: true },
      { ...day, text: 'x'.repeat(201) },
    ])
      expect(fuzzyDateSchema.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
  });

  it('names the field at fault', () => {
    const result = fuzzyDateSchema.safeParse({ ...day, precision: 'range', end: '1988-07-01' });
    expect(result.error?.issues.map((issue) => issue.path.join('.'))).toEqual(['end']);
  });

  it('survives a JSON round trip', () => {
    const date = parseFuzzyDate('Mordad 1367');
    expect(fuzzyDateSchema.parse(JSON.parse(JSON.stringify(date)))).toEqual(date);
  });
});

describe('helpers', () => {
  it('builds a day from a Gregorian ISO date, never reading it as Solar Hijri', () => {
    expect(fuzzyDateFromGregorian('1988-07-30')).toEqual(day('1988-07-30'));
    expect(fuzzyDateFromGregorian('1367-05-08')).toEqual(day('1367-05-08'));
    for (const bad of ['1988-02-30', '1988-7-30', '1988', '30 July 1988'])
      expect(() => fuzzyDateFromGregorian(bad), bad).toThrow(FuzzyDateError);
    function day(iso: string): FuzzyDate {
      return { calendar: 'gregorian', precision: 'day', text: iso, start: iso, end: iso };
    }
  });

  it('compares intervals across calendars', () => {
    const birthYearSh = parseFuzzyDate('1340');
    expect(overlaps(birthYearSh, parseFuzzyDate('1961'))).toBe(true);
    expect(overlaps(birthYearSh, parseFuzzyDate('1962'))).toBe(true);
    expect(overlaps(birthYearSh, parseFuzzyDate('1963'))).toBe(false);
    expect(overlaps(parseFuzzyDate('Mordad 1367'), parseFuzzyDate('22 August 1988'))).toBe(true);
    expect(overlaps(parseFuzzyDate('Mordad 1367'), parseFuzzyDate('23 August 1988'))).toBe(false);
    expect(overlaps(parseFuzzyDate('23 August 1988'), parseFuzzyDate('Mordad 1367'))).toBe(false);
    expect(overlaps(birthYearSh, parseFuzzyDate('unknown'))).toBe(false);
    expect(overlaps(parseFuzzyDate('unknown'), parseFuzzyDate('unknown'))).toBe(false);
  });

  it('tells whether a day lies within a date, bounds included', () => {
    const mordad = parseFuzzyDate('Mordad 1367');
    expect(contains(mordad, '1988-07-23')).toBe(true);
    expect(contains(mordad, '1988-07-30')).toBe(true);
    expect(contains(mordad, '1988-08-22')).toBe(true);
    expect(contains(mordad, '1988-07-22')).toBe(false);
    expect(contains(mordad, '1988-08-23')).toBe(false);
    expect(contains(parseFuzzyDate('unknown'), '1988-08-01')).toBe(false);
  });

  it('converts digits both ways', () => {
    expect(toPersianDigits('1367/05/08')).toBe('۱۳۶۷/۰۵/۰۸');
    expect(toPersianDigits('Mordad 1367')).toBe('Mordad ۱۳۶۷');
    expect(toLatinDigits('۱۳۶۷ and ١٣٦٧')).toBe('1367 and 1367');
    expect(toLatinDigits('۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩')).toBe('01234567890123456789');
    expect(toLatinDigits(toPersianDigits('0123456789'))).toBe('0123456789');
  });
});
