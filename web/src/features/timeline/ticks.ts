import { isoToSolarHijri, solarHijriToIso } from '../../../../src/domain/calendar.js';
import { toPersianDigits } from '../../../../src/domain/digits.js';

/**
 * The year lines of the axis: Gregorian new years in English; in Persian, Solar Hijri new years (Nowruz) named
 * in Persian digits with the Gregorian year beside ("۱۳۶۷ (۱۹۸۸)").
 */
export function yearTicks(
  first: number,
  last: number,
  lang: 'en' | 'fa',
): Array<{ iso: string; label: string }> {
  if (!(last > first)) return [];
  const from = new Date(first).toISOString().slice(0, 10);
  const to = new Date(last).toISOString().slice(0, 10);
  const ticks: Array<{ iso: string; label: string }> = [];
  if (lang === 'en') {
    for (let y = Number(from.slice(0, 4)); y <= Number(to.slice(0, 4)) + 1; y++)
      ticks.push({ iso: `${y}-01-01`, label: String(y) });
  } else {
    for (let y = isoToSolarHijri(from).y; y <= isoToSolarHijri(to).y + 1; y++) {
      const iso = solarHijriToIso({ y, m: 1, d: 1 });
      ticks.push({ iso, label: `${toPersianDigits(String(y))} (${toPersianDigits(iso.slice(0, 4))})` });
    }
  }
  return ticks.filter((tick) => tick.iso <= to);
}
