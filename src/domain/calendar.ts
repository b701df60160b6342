import { isValidJalaaliDate, jalaaliMonthLength, toGregorian, toJalaali } from 'jalaali-js';

/** Calendar dates as plain numbers; months are 1-based. */
export interface YMD {
  y: number;
  m: number;
  d: number;
}

export const SOLAR_HIJRI_MONTHS_EN = [
  'Farvardin',
  'Ordibehesht',
  'Khordad',
  'Tir',
  'Mordad',
  'Shahrivar',
  'Mehr',
  'Aban',
  'Azar',
  'Dey',
  'Bahman',
  'Esfand',
];
export const SOLAR_HIJRI_MONTHS_FA = [
  'فروردین',
  'اردیبهشت',
  'خرداد',
  'تیر',
  'مرداد',
  'شهریور',
  'مهر',
  'آبان',
  'آذر',
  'دی',
  'بهمن',
  'اسفند',
];
export const GREGORIAN_MONTHS_EN = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
export const GREGORIAN_MONTHS_FA = [
  'ژانویه',
  'فوریه',
  'مارس',
  'آوریل',
  'مه',
  'ژوئن',
  'ژوئیه',
  'اوت',
  'سپتامبر',
  'اکتبر',
  'نوامبر',
  'دسامبر',
];
export const SEASONS_EN = ['spring', 'summer', 'autumn', 'winter'] as const;
export const SEASONS_FA = ['بهار', 'تابستان', 'پاییز', 'زمستان'];

/** Spellings accepted for each month, lower-case, by calendar. */
export const SOLAR_HIJRI_MONTH_SPELLINGS: string[][] = [
  ['farvardin', 'farwardin', 'فروردین'],
  ['ordibehesht', 'ordibehesht', 'ordibeheshet', 'اردیبهشت'],
  ['khordad', 'khordaad', 'xordad', 'خرداد'],
  ['tir', 'تیر'],
  ['mordad', 'amordad', 'mordaad', 'مرداد', 'امرداد'],
  ['shahrivar', 'shahriwar', 'shahrivar', 'شهریور'],
  ['mehr', 'مهر'],
  ['aban', 'abaan', 'آبان', 'ابان'],
  ['azar', 'aazar', 'آذر', 'اذر'],
  ['dey', 'dei', 'دی'],
  ['bahman', 'بهمن'],
  ['esfand', 'esfand', 'isfand', 'esfang', 'اسفند'],
];
export const GREGORIAN_MONTH_SPELLINGS: string[][] = GREGORIAN_MONTHS_EN.map((name, i) => {
  const lower = name.toLowerCase();
  const persian = [
    [GREGORIAN_MONTHS_FA[i]!],
    ['فوریه'],
    ['مارچ'],
    ['آپریل', 'اوریل'],
    ['می', 'مي'],
    ['جون'],
    ['ژوییه', 'جولای'],
    ['آگوست', 'اگوست'],
    ['سپتامبر'],
    ['اکتبر'],
    ['نوامبر'],
    ['دسامبر'],
  ][i]!;
  return [
    lower,
    lower.slice(0, 3),
    ...(lower === 'september' ? ['sept'] : []),
    GREGORIAN_MONTHS_FA[i]!,
    ...persian,
  ];
});
export const SEASON_SPELLINGS: string[][] = [
  ['spring', 'بهار'],
  ['summer', 'تابستان'],
  ['autumn', 'fall', 'پاییز', 'پائیز'],
  ['winter', 'زمستان'],
];

export function findIndex(table: string[][], word: string): number {
  return table.findIndex((spellings) => spellings.includes(word));
}

export function iso({ y, m, d }: YMD): string {
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

export function parseIso(text: string): YMD {
  const [y, m, d] = text.split('-').map(Number);
  return { y: y!, m: m!, d: d! };
}

export function isValidGregorian({ y, m, d }: YMD): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  return d <= gregorianMonthLength(y, m);
}

export function gregorianMonthLength(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

export function isValidSolarHijri({ y, m, d }: YMD): boolean {
  return m >= 1 && m <= 12 && d >= 1 && isValidJalaaliDate(y, m, d);
}

export function solarHijriMonthLength(y: number, m: number): number {
  return jalaaliMonthLength(y, m);
}

/** Solar Hijri date to Gregorian ISO day. */
export function solarHijriToIso({ y, m, d }: YMD): string {
  const g = toGregorian(y, m, d);
  return iso({ y: g.gy, m: g.gm, d: g.gd });
}

/** Gregorian ISO day to Solar Hijri. */
export function isoToSolarHijri(text: string): YMD {
  const { y, m, d } = parseIso(text);
  const j = toJalaali(y, m, d);
  return { y: j.jy, m: j.jm, d: j.jd };
}

/** First and last Gregorian day of a month in either calendar. */
export function monthInterval(calendar: 'gregorian' | 'solar_hijri', y: number, m: number): [string, string] {
  if (calendar === 'gregorian') return [iso({ y, m, d: 1 }), iso({ y, m, d: gregorianMonthLength(y, m) })];
  return [solarHijriToIso({ y, m, d: 1 }), solarHijriToIso({ y, m, d: solarHijriMonthLength(y, m) })];
}

/** First and last Gregorian day of a year in either calendar. */
export function yearInterval(calendar: 'gregorian' | 'solar_hijri', y: number): [string, string] {
  if (calendar === 'gregorian') return [iso({ y, m: 1, d: 1 }), iso({ y, m: 12, d: 31 })];
  return [solarHijriToIso({ y, m: 1, d: 1 }), solarHijriToIso({ y, m: 12, d: solarHijriMonthLength(y, 12) })];
}

/**
 * A season as the Iranian calendar divides the year: spring is Farvardin–Khordad, summer Tir–Shahrivar, autumn
 * Mehr–Azar, winter Dey–Esfand. These start on or next to the equinoxes and solstices, so "summer 1988" is
 * 1 Tir 1367 – 31 Shahrivar 1367 (22 June – 22 September 1988). A Gregorian year's season is taken in the Solar
 * Hijri year that begins in it: "winter 1988" runs from December 1988 to March 1989.
 */
export function seasonInterval(
  calendar: 'gregorian' | 'solar_hijri',
  year: number,
  season: number,
): [string, string] {
  const shYear = calendar === 'gregorian' ? year - 621 : year;
  const first = season * 3 + 1;
  return [
    solarHijriToIso({ y: shYear, m: first, d: 1 }),
    solarHijriToIso({ y: shYear, m: first + 2, d: solarHijriMonthLength(shYear, first + 2) }),
  ];
}

export function addDays(text: string, days: number): string {
  const { y, m, d } = parseIso(text);
  const date = new Date(Date.UTC(y, m - 1, d + days));
  return iso({ y: date.getUTCFullYear(), m: date.getUTCMonth() + 1, d: date.getUTCDate() });
}
