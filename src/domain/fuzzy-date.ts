import { z } from 'zod';
import {
  findIndex,
  GREGORIAN_MONTH_SPELLINGS,
  isValidGregorian,
  isValidSolarHijri,
  iso,
  monthInterval,
  parseIso,
  SEASON_SPELLINGS,
  seasonInterval,
  SOLAR_HIJRI_MONTH_SPELLINGS,
  solarHijriToIso,
  yearInterval,
} from './calendar.js';
import { toLatinDigits } from './digits.js';
import { DomainError } from './errors.js';

export type Calendar = 'gregorian' | 'solar_hijri';
export type Precision = 'day' | 'month' | 'season' | 'year' | 'range' | 'unknown';

const MAX_TEXT = 200;
const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;
const isoDay = z
  .string()
  .regex(ISO_DAY, 'an ISO date yyyy-mm-dd')
  .refine((s) => isValidGregorian(parseIso(s)), 'no such day in the Gregorian calendar');

/**
 * A date as sources give it: in the calendar and to the precision they use, with the original text and the
 * Gregorian interval (inclusive) it covers. "Mordad 1367" covers 1988-07-23..1988-08-22. An unknown date has
 * neither start nor end; every other date has both, in order, and a day starts where it ends.
 */
export const fuzzyDateSchema = z
  .object({
    calendar: z.enum(['gregorian', 'solar_hijri']),
    precision: z.enum(['day', 'month', 'season', 'year', 'range', 'unknown']),
    text: z.string().max(MAX_TEXT),
    start: isoDay.nullable(),
    end: isoDay.nullable(),
  })
  .strict()
  .superRefine((d, ctx) => {
    const unknown = d.precision === 'unknown';
    for (const key of ['start', 'end'] as const) {
      if (unknown && d[key] !== null) ctx.addIssue({ code: 'custom', path: [key], message: 'must be null' });
      if (!unknown && d[key] === null) ctx.addIssue({ code: 'custom', path: [key], message: 'is required' });
    }
    if (d.start && d.end && d.start > d.end)
      ctx.addIssue({ code: 'custom', path: ['end'], message: 'is before start' });
    if (d.precision === 'day' && d.start !== d.end)
      ctx.addIssue({ code: 'custom', path: ['end'], message: 'a day ends where it starts' });
  });
export type FuzzyDate = Readonly<z.infer<typeof fuzzyDateSchema>>;

/** Raised for a date that cannot be read or does not exist (30 Esfand in a common year); a 400, never a 500. */
export class FuzzyDateError extends DomainError {
  readonly code = 'invalid_date';
  override readonly name = 'FuzzyDateError';
  constructor(
    readonly text: string,
    readonly reason: string,
  ) {
    super(`cannot read "${text}" as a date: ${reason}`);
  }
}

interface Part {
  calendar: Calendar;
  precision: Exclude<Precision, 'range' | 'unknown'>;
  start: string;
  end: string;
}

const UNKNOWN = new Set(['', '?', 'unknown', 'n/a', 'نامعلوم', 'نامشخص', 'نا معلوم']);
// A calendar marker counts only right after the year's digits: "Mordad" must not lose its "ad".
const SH_SUFFIX = /(?<=\d)\s*(sh|s\.h\.|ap|a\.p\.|hs|ش|ه\.?\s?ش\.?|هجری شمسی|شمسی)$/;
const CE_SUFFIX = /(?<=\d)\s*(ce|c\.e\.|ad|a\.d\.|م|میلادی)$/;

/**
 * Lower-case, Latin digits, Persian yeh/kaf, single spaces; no tatweel, commas or ordinal suffixes, and none of
 * the invisible joiners and direction marks (ZWNJ, ZWJ, RLM, isolates, BOM) that Persian text picks up when
 * it is copied from word processors and web pages.
 */
function normalise(text: string): string {
  return toLatinDigits(text.normalize('NFC'))
    .replace(/[\u064a\u0649]/g, '\u06cc')
    .replace(/\u0643/g, '\u06a9')
    .replace(/\u0640/g, '')
    .replace(/[\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g, '')
    .replace(/,/g, ' ')
    .replace(/(\d)(st|nd|rd|th)\b/g, '$1')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * Reads a date in either calendar, in English or Persian, with Latin, Persian or Arabic-Indic digits:
 * - days, months and years: `1988-07-30`, `1988-07`, `1988`, `30 July 1988`, `July 30, 1988`, `Jul 1988`,
 *   `8 Mordad 1367`, `Mordad 1367`, `1367/05/08`, `۸ مرداد ۱۳۶۷`, `۳۰ ژوئیه ۱۹۸۸`;
 * - a bare year from 1280 to 1500 is Solar Hijri, a later one Gregorian; earlier years need a marker
 *   (`SH`, `AP`, `ش`, `ه.ش` or `CE`, `AD`, `م`);
 * - seasons (`summer 1988`, `تابستان ۱۳۶۷`) as the Iranian calendar divides the year: spring is
 *   1 Farvardin – 31 Khordad, summer 1 Tir – 31 Shahrivar, autumn 1 Mehr – 30 Azar, winter 1 Dey – the end of
 *   Esfand. A Gregorian year's season is the one of the Solar Hijri year that begins in it, so "summer 1988"
 *   is 1988-06-22..1988-09-22 and "winter 1988" 1988-12-22..1989-03-20. The boundaries fall on or next to the
 *   solstices and equinoxes (astronomical seasons), not on the first of a Gregorian month;
 * - ranges: `between 27 July and 6 September 1988`, `27 July – 6 September 1988`, `1988-07-27..1988-09-06`,
 *   `between July and September 1988`, `1988–1989`, `از ۵ مرداد تا ۱۵ شهریور ۱۳۶۷`; the first side may
 *   borrow the year of the second;
 * - `unknown`, `?`, `نامعلوم` and the empty string are an unknown date.
 * @throws FuzzyDateError for text it cannot read and for days that do not exist (30 Esfand 1367, 31 April).
 */
export function parseFuzzyDate(text: string): FuzzyDate {
  if (text.length > MAX_TEXT) throw new FuzzyDateError(text, `longer than ${MAX_TEXT} characters`);
  const t = normalise(text);
  if (UNKNOWN.has(t)) return { calendar: 'gregorian', precision: 'unknown', text, start: null, end: null };
  const range = splitRange(t);
  if (range) {
    const right = parsePart(range[1], text);
    const left = parsePart(range[0], text, right);
    if (left.start > right.end)
      throw new FuzzyDateError(
        text,
        'the range ends before it starts (if it crosses a new year, give the first year too)',
      );
    return { calendar: right.calendar, precision: 'range', text, start: left.start, end: right.end };
  }
  const part = parsePart(t, text);
  return { calendar: part.calendar, precision: part.precision, text, start: part.start, end: part.end };
}

function splitRange(t: string): [string, string] | undefined {
  const patterns = [
    /^between (.+) and (.+)$/,
    /^from (.+) to (.+)$/,
    /^بین (.+) و (.+)$/,
    /^از (.+) تا (.+)$/,
    /^(.+?) ?\.\. ?(.+)$/,
    /^(.+) (?:–|—|-|to|تا) (.+)$/,
    /^(.+?)(?:–|—)(.+)$/,
    /^(\d{4})-(\d{4})$/,
  ];
  for (const pattern of patterns) {
    const match = pattern.exec(t);
    if (match) return [match[1]!.trim(), match[2]!.trim()];
  }
  return undefined;
}

function yearCalendar(
  yearText: string,
  suffix: 'sh' | 'ce' | undefined,
  original: string,
): { calendar: Calendar; year: number } {
  const year = Number(yearText);
  if (suffix === 'sh') return { calendar: 'solar_hijri', year };
  if (suffix === 'ce') return { calendar: 'gregorian', year };
  if (year >= 1280 && year <= 1500) return { calendar: 'solar_hijri', year };
  if (year > 1500) return { calendar: 'gregorian', year };
  throw new FuzzyDateError(original, `the year ${year} is ambiguous; add SH or CE`);
}

/**
 * One side of a date. `context` is the other, later side of a range: a side without a year
 * ("27 July" in "between 27 July and 6 September 1988") takes its year and calendar.
 */
function parsePart(t: string, original: string, context?: Part): Part {
  let rest = t;
  let suffix: 'sh' | 'ce' | undefined;
  if (SH_SUFFIX.test(rest)) [rest, suffix] = [rest.replace(SH_SUFFIX, ''), 'sh'];
  else if (CE_SUFFIX.test(rest)) [rest, suffix] = [rest.replace(CE_SUFFIX, ''), 'ce'];

  let match = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(rest);
  if (match) {
    const { calendar, year } = yearCalendar(match[1]!, suffix, original);
    return day(calendar, year, Number(match[2]), Number(match[3]), original);
  }
  match = /^(\d{4})[-/](\d{1,2})$/.exec(rest);
  if (match) {
    const { calendar, year } = yearCalendar(match[1]!, suffix, original);
    return month(calendar, year, Number(match[2]), original);
  }
  match = /^(\d{4})$/.exec(rest);
  if (match) {
    const { calendar, year } = yearCalendar(match[1]!, suffix, original);
    const [start, end] = yearInterval(calendar, year);
    return { calendar, precision: 'year', start, end };
  }

  const words = rest.split(' ');
  const yearWord = words.length > 1 && /^\d{3,4}$/.test(words[words.length - 1]!) ? words.pop()! : undefined;
  const monthOrSeason = (word: string | undefined) => {
    if (word === undefined) return undefined;
    const sh = findIndex(SOLAR_HIJRI_MONTH_SPELLINGS, word);
    if (sh >= 0) return { kind: 'month' as const, calendar: 'solar_hijri' as const, index: sh + 1 };
    const g = findIndex(GREGORIAN_MONTH_SPELLINGS, word);
    if (g >= 0) return { kind: 'month' as const, calendar: 'gregorian' as const, index: g + 1 };
    const season = findIndex(SEASON_SPELLINGS, word);
    if (season >= 0) return { kind: 'season' as const, calendar: undefined, index: season };
    return undefined;
  };

  let dayNumber: number | undefined;
  let named: ReturnType<typeof monthOrSeason>;
  if (words.length === 2 && /^\d{1,2}$/.test(words[0]!))
    [dayNumber, named] = [Number(words[0]), monthOrSeason(words[1])];
  else if (words.length === 2 && /^\d{1,2}$/.test(words[1]!))
    [dayNumber, named] = [Number(words[1]), monthOrSeason(words[0])];
  else if (words.length === 1) named = monthOrSeason(words[0]);
  if (!named)
    throw new FuzzyDateError(
      original,
      'expected a day, month or season and a year (e.g. "8 Mordad 1367", "July 1988", "summer 1988")',
    );

  let calendar: Calendar;
  let year: number;
  if (yearWord) {
    year = Number(yearWord);
    calendar =
      named.calendar ??
      (suffix === 'ce'
        ? 'gregorian'
        : suffix === 'sh'
          ? 'solar_hijri'
          : yearCalendar(yearWord, undefined, original).calendar);
  } else if (context) {
    calendar = named.calendar ?? context.calendar;
    const contextYear =
      context.calendar === 'gregorian' ? Number(context.end.slice(0, 4)) : yearOfSolarHijri(context.end);
    year =
      calendar === context.calendar
        ? contextYear
        : calendar === 'gregorian'
          ? contextYear + 621
          : contextYear - 621;
  } else {
    throw new FuzzyDateError(original, 'no year');
  }
  if (named.kind === 'season') {
    if (dayNumber !== undefined) throw new FuzzyDateError(original, 'a season has no day');
    const [start, end] = seasonInterval(calendar, year, named.index);
    return { calendar, precision: 'season', start, end };
  }
  return dayNumber === undefined
    ? month(calendar, year, named.index, original)
    : day(calendar, year, named.index, dayNumber, original);
}

function yearOfSolarHijri(isoDate: string): number {
  const [y, m, d] = isoDate.split('-').map(Number);
  // The Solar Hijri year starts on 20 or 21 March; before Nowruz the date belongs to the previous year.
  const nowruz = solarHijriToIso({ y: y! - 621, m: 1, d: 1 });
  return iso({ y: y!, m: m!, d: d! }) >= nowruz ? y! - 621 : y! - 622;
}

function day(calendar: Calendar, y: number, m: number, d: number, original: string): Part {
  const valid = calendar === 'gregorian' ? isValidGregorian({ y, m, d }) : isValidSolarHijri({ y, m, d });
  if (!valid) throw new FuzzyDateError(original, 'this day does not exist in the calendar');
  const start = calendar === 'gregorian' ? iso({ y, m, d }) : solarHijriToIso({ y, m, d });
  return { calendar, precision: 'day', start, end: start };
}

function month(calendar: Calendar, y: number, m: number, original: string): Part {
  if (m < 1 || m > 12) throw new FuzzyDateError(original, 'there is no such month');
  const [start, end] = monthInterval(calendar, y, m);
  return { calendar, precision: 'month', start, end };
}

/**
 * A FuzzyDate for one Gregorian day given as ISO `yyyy-mm-dd`. Unlike {@link parseFuzzyDate} it never reads
 * the year as Solar Hijri.
 * @throws FuzzyDateError when the text is not an ISO day or the day does not exist.
 */
export function fuzzyDateFromGregorian(isoDate: string): FuzzyDate {
  if (!ISO_DAY.test(isoDate)) throw new FuzzyDateError(isoDate, 'expected an ISO day yyyy-mm-dd');
  if (!isValidGregorian(parseIso(isoDate)))
    throw new FuzzyDateError(isoDate, 'this day does not exist in the calendar');
  return { calendar: 'gregorian', precision: 'day', text: isoDate, start: isoDate, end: isoDate };
}

/** True when the two dates' intervals share at least one day (unknown dates overlap nothing). */
export function overlaps(a: FuzzyDate, b: FuzzyDate): boolean {
  if (!a.start || !a.end || !b.start || !b.end) return false;
  return a.start <= b.end && b.start <= a.end;
}

/** True when the Gregorian day lies within the date's interval. */
export function contains(date: FuzzyDate, isoDate: string): boolean {
  return Boolean(date.start && date.end && date.start <= isoDate && isoDate <= date.end);
}

export { formatFuzzyDate, type FormatOptions } from './fuzzy-date-format.js';
