import {
  GREGORIAN_MONTHS_EN,
  GREGORIAN_MONTHS_FA,
  gregorianMonthLength,
  isoToSolarHijri,
  parseIso,
  SEASONS_EN,
  SEASONS_FA,
  seasonInterval,
  solarHijriMonthLength,
  SOLAR_HIJRI_MONTHS_EN,
  SOLAR_HIJRI_MONTHS_FA,
  type YMD,
} from './calendar.js';
import { toPersianDigits } from './digits.js';
import type { Calendar, FuzzyDate } from './fuzzy-date.js';

export interface FormatOptions {
  calendar: Calendar;
  locale: 'en' | 'fa';
}

function inCalendar(isoDate: string, calendar: Calendar): YMD {
  return calendar === 'gregorian' ? parseIso(isoDate) : isoToSolarHijri(isoDate);
}

function monthLength(calendar: Calendar, y: number, m: number): number {
  return calendar === 'gregorian' ? gregorianMonthLength(y, m) : solarHijriMonthLength(y, m);
}

function monthName(calendar: Calendar, locale: 'en' | 'fa', m: number): string {
  const table =
    calendar === 'gregorian'
      ? locale === 'fa'
        ? GREGORIAN_MONTHS_FA
        : GREGORIAN_MONTHS_EN
      : locale === 'fa'
        ? SOLAR_HIJRI_MONTHS_FA
        : SOLAR_HIJRI_MONTHS_EN;
  return table[m - 1]!;
}

function yearText(y: number, { calendar, locale }: FormatOptions): string {
  // In English a Solar Hijri year is marked, so that "1367" is never read as a Gregorian year.
  return locale === 'en' && calendar === 'solar_hijri' ? `${y} SH` : String(y);
}

/**
 * Prints a date in either calendar and language: the original precision where the interval lines up with
 * the target calendar (a day, a whole month, a whole year, a season), otherwise the exact range of days.
 * "Mordad 1367" in Gregorian is "23 July – 22 August 1988".
 */
export function formatFuzzyDate(date: FuzzyDate, options: FormatOptions): string {
  const out = (s: string) => (options.locale === 'fa' ? toPersianDigits(s) : s);
  if (!date.start || !date.end) return options.locale === 'fa' ? 'نامعلوم' : 'unknown';
  const { calendar, locale } = options;
  const a = inCalendar(date.start, calendar);
  const b = inCalendar(date.end, calendar);
  const wholeMonths = a.d === 1 && b.d === monthLength(calendar, b.y, b.m);

  if (date.start === date.end)
    return out(`${a.d} ${monthName(calendar, locale, a.m)} ${yearText(a.y, options)}`);
  if (date.precision === 'season') {
    const seasonYear = calendar === 'gregorian' ? isoToSolarHijri(date.start).y + 621 : a.y;
    for (let s = 0; s < 4; s++) {
      const [start, end] = seasonInterval(calendar, seasonYear, s);
      if (start === date.start && end === date.end)
        return out(`${locale === 'fa' ? SEASONS_FA[s] : SEASONS_EN[s]} ${yearText(seasonYear, options)}`);
    }
  }
  if (wholeMonths && a.y === b.y && a.m === 1 && b.m === 12) return out(yearText(a.y, options));
  if (wholeMonths && a.y === b.y && a.m === b.m)
    return out(`${monthName(calendar, locale, a.m)} ${yearText(a.y, options)}`);

  const dash = ' – ';
  if (wholeMonths) {
    const left =
      a.y === b.y
        ? monthName(calendar, locale, a.m)
        : `${monthName(calendar, locale, a.m)} ${yearText(a.y, options)}`;
    return out(`${left}${dash}${monthName(calendar, locale, b.m)} ${yearText(b.y, options)}`);
  }
  const left =
    a.y === b.y
      ? `${a.d} ${monthName(calendar, locale, a.m)}`
      : `${a.d} ${monthName(calendar, locale, a.m)} ${yearText(a.y, options)}`;
  return out(`${left}${dash}${b.d} ${monthName(calendar, locale, b.m)} ${yearText(b.y, options)}`);
}
